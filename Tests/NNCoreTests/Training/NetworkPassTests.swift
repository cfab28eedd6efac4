import TestSupport
import XCTest
@testable import NNCore

/// The one pass through the layer kinds against the lecture's layer functions, bit for bit.
final class NetworkPassTests: XCTestCase {
    func testDenseLayersThroughTheirRuleGiveTheLecturesFunctionsBits() {
        var random = NumpyRandom(seed: 2)
        let x = random.randn(4, 9)
        let y = random.rand(1, 9).map { $0 > 0.5 ? 1 : 0 }
        var net = Network(sizes: [4, 5, 3, 1], activations: [.relu, .tanh, .sigmoid])
        net.initialize(.he, random: &random)
        var pass = net.forwardPass(x, random: &random)
        var a = x
        var zs: [Matrix] = []
        for l in 1...3 {
            let z = Propagation.linearForward(w: net.W(l), aPrev: a, b: net.b(l))
            a = net.activation(l).forward(z)
            zs.append(z)
            assertBits(pass.forward[l - 1].z, z, "Z\(l)")
            assertBits(pass.a[l], a, "A\(l)")
        }
        let upstream = Propagation.outputUpstream(output: .sigmoid, loss: .bce, al: a, y: y, z: zs[2])
        net.backwardPass(&pass, from: upstream)
        var up = upstream
        for l in stride(from: 3, through: 1, by: -1) {
            let g = Propagation.layerBackward(up, activation: net.activation(l), aPrev: pass.a[l - 1], w: net.W(l),
                                              needPrevious: l > 1)
            assertBits(pass.backward[l - 1].dZ, g.dZ, "dZ\(l)")
            assertBits(pass.backward[l - 1].gradients[0], g.dW, "dW\(l)")
            assertBits(pass.backward[l - 1].gradients[1], g.db, "db\(l)")
            if let dAPrev = g.dAPrev { up = .dA(dAPrev, z: zs[l - 2]) }
        }
        XCTAssertNil(pass.backward[0].dAPrev, "dA0 is skipped")
    }

    func testForwardAllIsTheLastActivationOfThePass() {
        var random = NumpyRandom(seed: 4)
        let x = random.randn(2, 5)
        var net = Network(sizes: [2, 3, 1], kinds: [.batchNorm(epsilon: 1e-5), .dense])
        net.initialize(.xavier, random: &random)
        var unused = NumpyRandom(seed: 0)
        XCTAssertEqual(net.forwardAll(x), net.forwardPass(x, random: &unused).a[2])
    }
}
