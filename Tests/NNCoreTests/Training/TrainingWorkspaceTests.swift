import XCTest
@testable import NNCore

/// The training loop's buffers must not change a single bit: each iteration
/// equals `gradients` followed by `step`'s W − α·dW, as a learner computes
/// them one stage at a time.
final class TrainingWorkspaceTests: XCTestCase {
    /// W[l] − α·dW[l], b[l] − α·db[l] from the stage-by-stage gradients.
    private func referenceIteration(_ net: inout Network, x: Matrix, y: Matrix, loss: Loss, alpha: Double) -> Double {
        let (j, grads) = net.gradients(x: x, y: y, loss: loss)
        for l in 1...net.depth {
            net.weights[l - 1] = net.W(l) - alpha * grads[l - 1][0]
            net.biases[l - 1] = net.b(l) - alpha * grads[l - 1][1]
        }
        return j
    }

    private func assertSameBits(_ a: Matrix, _ b: Matrix, _ what: String, line: UInt = #line) {
        XCTAssertTrue(a.hasSameShape(as: b), "\(what): shapes differ", line: line)
        let differing = zip(a.storage, b.storage).filter { $0.bitPattern != $1.bitPattern }.count
        XCTAssertEqual(differing, 0, "\(what): \(differing) elements differ in their bits", line: line)
    }

    /// Networks covering every activation, each loss, the softmax shortcut and
    /// both kinds of product (the loop and the BLAS above its threshold).
    private func check(sizes: [Int], activations: [Activation], loss: Loss, m: Int, iterations: Int,
                       line: UInt = #line) {
        var random = NumpyRandom(seed: 3)
        var net = Network(sizes: sizes, activations: activations)
        net.initialize(.he, random: &random)
        let x = random.randn(sizes[0], m)
        var y = random.rand(sizes.last ?? 1, m)
        if loss == .ce {
            // One-hot columns.
            for j in 0..<m {
                let hot = Int(y[0, j] * Double(y.rows)) % y.rows
                for i in 0..<y.rows { y[i, j] = i == hot ? 1 : 0 }
            }
        } else if loss == .bce {
            y = y.map { $0 > 0.5 ? 1 : 0 }
        }
        var reference = net
        var workspace = TrainingWorkspace(depth: net.depth)
        let what = "\(sizes) \(activations.map(\.name)) \(loss.name)"
        for i in 0..<iterations {
            let expected = referenceIteration(&reference, x: x, y: y, loss: loss, alpha: 0.05)
            let j = net.trainingIteration(x: x, y: y, loss: loss, learningRate: 0.05, workspace: &workspace,
                                          prepareNext: i < iterations - 1)
            XCTAssertEqual(j.bitPattern, expected.bitPattern, "\(what): J at iteration \(i)", line: line)
        }
        for l in 1...net.depth {
            assertSameBits(net.W(l), reference.W(l), "\(what): W\(l)", line: line)
            assertSameBits(net.b(l), reference.b(l), "\(what): b\(l)", line: line)
        }
    }

    /// Outputs exactly 0 and 1 on the labels they agree with: J stays finite (0·log 0 = 0),
    /// dZ[L] = AL − Y where dA[L] is not finite, on the plain, fused and Gram paths alike.
    func testSaturatedOutputsTrainOnEveryPath() {
        var net = Network(sizes: [2, 3, 1])
        net.weights = [Matrix([[10, 5], [-8, 4], [0.6, -0.7]]), Matrix([[3, -60, 0.5]])]
        net.biases = [Matrix([[0], [1], [-0.1]]), Matrix([[0.2]])]
        let x = Matrix([[1, 2, -1, 0.5, 0.25], [0.5, -1, 2, 1, -0.5]]), y = Matrix([[1, 1, 0, 0, 1]])
        let al = net.forwardAll(x)
        XCTAssertEqual(Array(al.storage.prefix(3)), [1, 1, 0], "the outputs saturate")
        var reference = net, workspaceNet = net
        var workspace = TrainingWorkspace(depth: net.depth)
        for i in 0..<4 {
            let expected = referenceIteration(&reference, x: x, y: y, loss: .bce, alpha: 0.01)
            let j = workspaceNet.trainingIteration(x: x, y: y, loss: .bce, learningRate: 0.01, workspace: &workspace,
                                                   prepareNext: i < 3)
            XCTAssertTrue(j.isFinite, "J at iteration \(i)")
            XCTAssertEqual(j.bitPattern, expected.bitPattern, "J at iteration \(i)")
        }
        for l in 1...net.depth {
            assertSameBits(workspaceNet.W(l), reference.W(l), "W\(l)")
            XCTAssertNil(workspaceNet.W(l).firstNonFinite)
        }
        var gram = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.01, iterations: 4, algorithm: .gram)
        let costs = (0..<4).map { _ in gram.iterate() }
        XCTAssertTrue(costs.allSatisfy(\.isFinite), "Gram path costs \(costs)")
        for l in 1...net.depth {
            for (g, r) in zip(gram.network.W(l).storage, reference.W(l).storage) {
                XCTAssertEqual(g, r, accuracy: 1e-12 * max(1, abs(r)), "Gram path W\(l)")
            }
        }
    }

    func testTheLecturesNetworkOnFourExamples() {
        check(sizes: [2, 4, 3, 1], activations: [.relu, .relu, .sigmoid], loss: .bce, m: 4, iterations: 20)
    }

    func testEveryActivationAndLoss() {
        check(sizes: [3, 5, 4, 2], activations: [.tanh, .leakyRelu, .linear], loss: .mse, m: 7, iterations: 5)
        check(sizes: [4, 6, 3], activations: [.sigmoid, .softmax], loss: .ce, m: 9, iterations: 5)
        check(sizes: [4, 6, 3], activations: [.relu, .softmax], loss: .mse, m: 9, iterations: 3)
        check(sizes: [3, 2], activations: [.linear], loss: .mse, m: 5, iterations: 3)
    }

    func testProductsLargeEnoughForTheBlas() {
        check(sizes: [300, 20, 7, 1], activations: [.relu, .relu, .sigmoid], loss: .bce, m: 50, iterations: 4)
    }

    /// A first layer large enough for `descendThenMultiply` (on `ProductPath.current`;
    /// MatrixOrderedProductTests runs it on every path).
    func testTheFusedFirstLayer() {
        check(sizes: [600, 20, 7, 1], activations: [.relu, .relu, .sigmoid], loss: .bce, m: 37, iterations: 4)
        check(sizes: [300, 9, 3], activations: [.tanh, .softmax], loss: .ce, m: 20, iterations: 3)
    }

    func testTheOneShotIterationAgreesWithTheWorkspace() {
        var random = NumpyRandom(seed: 1)
        var a = Network(sizes: [2, 4, 1])
        a.initialize(.he, random: &random)
        var b = a
        let x = random.randn(2, 6), y = random.rand(1, 6).map { $0 > 0.5 ? 1 : 0 }
        var workspace = TrainingWorkspace(depth: 2)
        let ja = a.trainingIteration(x: x, y: y, loss: .bce, learningRate: 0.1)
        let jb = b.trainingIteration(x: x, y: y, loss: .bce, learningRate: 0.1, workspace: &workspace)
        XCTAssertEqual(ja.bitPattern, jb.bitPattern)
        XCTAssertEqual(a, b)
    }
}
