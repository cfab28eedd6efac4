import XCTest
@testable import NNCore

/// Layer 1 through G = XᵀX is the plain algorithm rearranged: its costs and
/// parameters must stay within a few units of rounding of the plain loop's.
final class GramFirstLayerTests: XCTestCase {
    /// The largest |a − b| over the largest |b|, for two equally shaped matrices.
    private func relativeDistance(_ a: Matrix, _ b: Matrix) -> Double {
        precondition(a.hasSameShape(as: b))
        let scale = b.storage.map(abs).max() ?? 0
        let worst = zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? worst : worst / scale
    }

    /// Both algorithms for `iterations` iterations; costs within 1e-12 absolute,
    /// every parameter within 1e-12 of the plain one's, relative to its largest element.
    private func compare(sizes: [Int], activations: [Activation], loss: Loss, m: Int, iterations: Int,
                         alpha: Double, line: UInt = #line) {
        var random = NumpyRandom(seed: 2)
        var net = Network(sizes: sizes, activations: activations)
        net.initialize(.xavier, random: &random)
        let x = random.rand(sizes[0], m)
        let y = random.rand(sizes.last ?? 1, m).map { $0 > 0.5 ? 1 : 0 }
        var plain = Trainer(network: net, x: x, y: y, loss: loss, learningRate: alpha,
                            iterations: iterations, algorithm: .plain)
        var gram = Trainer(network: net, x: x, y: y, loss: loss, learningRate: alpha,
                           iterations: iterations, algorithm: .gram)
        var worstCost = 0.0
        for _ in 0..<iterations {
            worstCost = max(worstCost, abs(plain.iterate() - gram.iterate()))
        }
        XCTAssertLessThan(worstCost, 1e-12, "costs", line: line)
        let (p, g) = (plain.network, gram.network)
        for l in 1...net.depth {
            XCTAssertLessThan(relativeDistance(g.W(l), p.W(l)), 1e-12, "W\(l)", line: line)
            XCTAssertLessThan(relativeDistance(g.b(l), p.b(l)), 1e-12, "b\(l)", line: line)
        }
    }

    func testTheCoursesDeepNetworkShape() {
        compare(sizes: [700, 20, 7, 5, 1], activations: [.relu, .relu, .relu, .sigmoid], loss: .bce,
                m: 40, iterations: 300, alpha: 0.0075)
    }

    func testEveryActivationOnLayerOne() {
        for g in [Activation.tanh, .sigmoid, .leakyRelu, .linear] {
            compare(sizes: [300, 6, 1], activations: [g, .sigmoid], loss: .bce, m: 25, iterations: 60, alpha: 0.05)
        }
        compare(sizes: [300, 6, 1], activations: [.linear, .linear], loss: .mse, m: 25, iterations: 60, alpha: 0.01)
    }

    /// A single layer: layer 1 is also the output layer.
    func testOneLayer() {
        compare(sizes: [400, 1], activations: [.sigmoid], loss: .bce, m: 30, iterations: 100, alpha: 0.05)
    }

    /// Stopping after any iteration (Ctrl-C) reads the true W[1] of that iteration.
    func testTheNetworkIsTrueAfterEveryIteration() {
        var random = NumpyRandom(seed: 4)
        var net = Network(sizes: [200, 5, 1], activations: [.relu, .sigmoid])
        net.initialize(.he, random: &random)
        let x = random.randn(200, 12), y = random.rand(1, 12).map { $0 > 0.5 ? 1 : 0 }
        var plain = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.01, iterations: 10, algorithm: .plain)
        var gram = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.01, iterations: 10, algorithm: .gram)
        XCTAssertEqual(gram.network, net, "before the first iteration")
        for i in 1...10 {
            _ = plain.iterate()
            _ = gram.iterate()
            XCTAssertEqual(gram.iterations, i)
            XCTAssertLessThan(relativeDistance(gram.network.W(1), plain.network.W(1)), 1e-13, "W1 after \(i)")
        }
    }

    func testTheChoice() {
        // The course's cat classifier: 2,500 iterations pay for G; one does not.
        XCTAssertEqual(FirstLayerAlgorithm.choose(n1: 20, n0: 12288, m: 209, iterations: 2500), .gram)
        XCTAssertEqual(FirstLayerAlgorithm.choose(n1: 20, n0: 12288, m: 209, iterations: 1), .plain)
        // The lecture's small network keeps the bits of stepping by hand.
        XCTAssertEqual(FirstLayerAlgorithm.choose(n1: 4, n0: 2, m: 4, iterations: 10000), .plain)
        // More examples than inputs: G would be larger than W[1].
        XCTAssertEqual(FirstLayerAlgorithm.choose(n1: 20, n0: 64, m: 1797, iterations: 1000), .plain)
    }
}
