import XCTest
import NNCore

/// Which elements' finite differences straddle a kink, the rounding bound, and progress.
/// (The differences themselves are checked against numpy in the gradcheck transcripts.)
final class GradientCheckTests: XCTestCase {
    /// net 1 1:relu 1:linear with W1 = 1, b1 = 0 on X = [[0, 2]]: Z1 = [[0, 2]].
    /// Moving W1 by ±ε keeps Z1[0,0] = 0·W1 at 0 (no straddle); moving b1 by ±ε puts
    /// Z1[0,0] at ±ε, on both sides of relu's kink.
    private func kinkNetwork() -> (Network, Matrix, Matrix) {
        var net = Network(sizes: [1, 1, 1], activations: [.relu, .linear])
        net.weights = [Matrix([[1]]), Matrix([[1]])]
        return (net, Matrix([[0, 2]]), Matrix([[1, 1]]))
    }

    func testAnElementWhoseFiniteDifferenceCrossesAKinkIsMarked() {
        let (net, x, y) = kinkNetwork()
        let grads = net.gradients(x: x, y: y, loss: .mse).grads
        let check = GradientCheck.run(network: net, x: x, y: y, loss: .mse, gradients: grads, epsilon: 1e-7)
        XCTAssertEqual(check.parts.map(\.name), ["W1", "b1", "W2", "b2"])
        XCTAssertEqual(check.parts.map(\.straddlesKink), [[false], [true], [false], [false]])
        XCTAssertEqual(check.kinkCount, 1)
        XCTAssertEqual(check.worstAwayFromKinks?.straddlesKink, false)
        XCTAssertLessThanOrEqual(check.differenceAwayFromKinks, 1e-7)
        XCTAssertGreaterThan(check.overall, 1e-3, "relu′(0) = 0 but the finite difference averages both sides")
    }

    func testRoundingBoundFollowsEpsilonAndProgressCountsEveryElement() {
        let (net, x, y) = kinkNetwork()
        let grads = net.gradients(x: x, y: y, loss: .mse).grads
        var seen: [(Int, Int)] = []
        let small = GradientCheck.run(network: net, x: x, y: y, loss: .mse, gradients: grads, epsilon: 1e-7,
                                      progress: { seen.append(($0, $1)) })
        let large = GradientCheck.run(network: net, x: x, y: y, loss: .mse, gradients: grads, epsilon: 1e-5)
        XCTAssertEqual(seen.map(\.0), [1, 2, 3, 4])
        XCTAssertEqual(Set(seen.map(\.1)), [4])
        // rᵢ = 4u·(|J+| + |J−| + 2)/(2ε): a hundred times smaller at a hundred times the ε.
        XCTAssertEqual(small.roundingDifference / large.roundingDifference, 100, accuracy: 1e-3)
        XCTAssertGreaterThan(small.roundingDifference, 0)
    }
}
