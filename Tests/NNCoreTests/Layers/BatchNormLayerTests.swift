import TestSupport
import XCTest
@testable import NNCore

/// The batchnorm rule against an independent numpy implementation (scripts/fixtures/batchnorm.py),
/// to 1e-12 relative, and the whole pass against numpy's gradients and central differences.
final class BatchNormLayerTests: XCTestCase {
    func testOneLayerForwardAndBackwardMatchNumpy() throws {
        for c in try Fixture.batchNormCases("layers") {
            let seed = try Fixture.int(c, "seed")
            let rule = BatchNormLayer(epsilon: try Fixture.double(c, "epsilon"))
            let p = try ["W", "gamma", "beta"].map { try Fixture.matrix(c, $0) }
            let aPrev = try Fixture.matrix(c, "A_prev")
            let f = rule.forward(p, aPrev: aPrev)
            assertClose(f.z, try Fixture.matrix(c, "Z"), "seed \(seed) Z")
            for (name, value) in zip(rule.cacheNames, f.caches) {
                assertClose(value, try Fixture.matrix(c, name), "seed \(seed) \(name)")
            }
            assertBits(f.preActivation, f.caches[3], "seed \(seed) the pre-activation is Zt")
            let b = rule.backward(try Fixture.matrix(c, "dZt"), p, aPrev: aPrev, forward: f, needPrevious: true)
            assertClose(b.caches[1], try Fixture.matrix(c, "dZn"), "seed \(seed) dZn")
            assertClose(b.dZ, try Fixture.matrix(c, "dZ"), "seed \(seed) dZ")
            for (name, value) in zip(["dW", "dgamma", "dbeta"], b.gradients) {
                assertClose(value, try Fixture.matrix(c, name), "seed \(seed) \(name)")
            }
            assertClose(try XCTUnwrap(b.dAPrev), try Fixture.matrix(c, "dA_prev"), "seed \(seed) dA_prev")
        }
    }

    func testTheParametersAreWGammaAndBetaWithoutB() {
        let specs = BatchNormLayer(epsilon: 1e-5).parameters(units: 4, inputs: 3)
        XCTAssertEqual(specs.map(\.name), ["W", "gamma", "beta"])
        XCTAssertEqual(specs.map(\.gradientName), ["dW", "dgamma", "dbeta"])
        XCTAssertEqual(specs.map { [$0.rows, $0.cols] }, [[4, 3], [4, 1], [4, 1]])
        XCTAssertEqual(specs.map(\.start), [.drawn, .ones, .zeros])
    }

    func testNetworkGradientsMatchNumpyAndCentralDifferences() throws {
        for c in try Fixture.batchNormCases("networks") {
            let seed = try Fixture.int(c, "seed")
            let sizes = try XCTUnwrap(c["sizes"] as? [Int])
            let eps = try Fixture.double(c, "epsilon")
            var net = Network(sizes: sizes, kinds: Array(repeating: .batchNorm(epsilon: eps), count: sizes.count - 1))
            let layers = try XCTUnwrap(c["parameters"] as? [[Any]])
            net.parameters = try layers.map { try $0.map(Fixture.matrix) }
            let (x, y) = (try Fixture.matrix(c, "X"), try Fixture.matrix(c, "Y"))
            let (j, grads) = net.gradients(x: x, y: y, loss: .bce)
            XCTAssertTrue(close(j, try Fixture.double(c, "J")), "seed \(seed) J: \(j)")
            let expected = try XCTUnwrap(c["gradients"] as? [[Any]]).map { try $0.map(Fixture.matrix) }
            let numeric = try XCTUnwrap(c["numeric"] as? [[Any]]).map { try $0.map(Fixture.matrix) }
            for l in 0..<net.depth {
                for k in 0..<3 {
                    assertClose(grads[l][k], expected[l][k], "seed \(seed) layer \(l + 1) gradient \(k)")
                    // Central differences in numpy with h = 1e-6 agree to ~1e-8.
                    assertClose(grads[l][k], numeric[l][k], "seed \(seed) layer \(l + 1) gradient \(k) vs numeric",
                                tolerance: 1e-7)
                }
            }
            let check = GradientCheck.run(network: net, x: x, y: y, loss: .bce, gradients: grads, epsilon: 1e-7)
            XCTAssertLessThan(check.overall, 1e-7, "seed \(seed) gradcheck")
            XCTAssertEqual(check.parts.map(\.name).prefix(3), ["W1", "gamma1", "beta1"])
        }
    }

    func testInitStartsGammaAtOneAndBetaAtZeroAfterDrawingEveryW() {
        var dense = Network(sizes: [3, 4, 2])
        var normalised = Network(sizes: [3, 4, 2], kinds: [.batchNorm(epsilon: 1e-5), .dense])
        var r1 = NumpyRandom(seed: 3), r2 = NumpyRandom(seed: 3)
        dense.initialize(.he, random: &r1)
        normalised.initialize(.he, random: &r2)
        XCTAssertEqual(dense.weights, normalised.weights, "W[l] are drawn in the same order whatever the kind")
        XCTAssertEqual(normalised.parameters[0][1], Matrix.ones(4, 1))
        XCTAssertEqual(normalised.parameters[0][2], Matrix.zeros(4, 1))
        XCTAssertEqual(normalised.parameterCount, 4 * 3 + 4 + 4 + 2 * 4 + 2)
    }

    func testStagedTrainingLowersTheCost() {
        var random = NumpyRandom(seed: 1)
        let x = random.randn(3, 16)
        let y = random.rand(1, 16).map { $0 > 0.5 ? 1 : 0 }
        var net = Network(sizes: [3, 5, 1], kinds: [.batchNorm(epsilon: 1e-5), .dense])
        net.initialize(.he, random: &random)
        var trainer = StagedTrainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, stages: TrainingStages(),
                                    state: OptimizerState(zerosFor: net), random: random)
        let first = trainer.epoch()
        for _ in 0..<200 { _ = trainer.epoch() }
        XCTAssertLessThan(trainer.epoch(), first)
    }
}
