import TestSupport
import XCTest
@testable import NNCore

/// Full L-layer passes and single linear steps against the course's numpy code.
///
/// Every value must be within `propagationTolerance`: |a − b| ≤ 1e-12 · max(1, |b|)
/// with b numpy's value. (numpy's OpenBLAS, BLIS and our small-product loop add
/// the terms of a product in different orders, and exp/log/tanh may differ in the
/// last bit, so bits are not promised here; the tolerance leaves ~10⁴ ulp.)
final class PropagationTests: XCTestCase {
    /// One forward, cost and backward pass through the core API, as a session runs it.
    ///
    /// ```
    /// Z[l] = W[l]·A[l−1] + b[l],  A[l] = g[l](Z[l])        l = 1…L
    /// J = cost(A[L], Y),  dA[L] = ∂L/∂A[L]
    /// dZ[L] = A[L] − Y  (softmax + ce)  or  g[L]_backward(dA[L], Z[L])
    /// dW[l], db[l], dA[l−1] = linear_backward(dZ[l]);  dZ[l−1] = g[l−1]_backward(dA[l−1], Z[l−1])
    /// ```
    /// Arrays hold layer l at index l − 1; `dAPrev[l − 1]` is dA[l−1].
    struct Pass {
        var Z: [Matrix] = [], A: [Matrix] = []
        var J = 0.0
        var dAL = Matrix.zeros(0, 0)
        var dZ: [Matrix], dW: [Matrix], db: [Matrix], dAPrev: [Matrix]

        init(_ net: Network, x: Matrix, y: Matrix, loss: Loss) {
            let L = net.depth
            var aPrev = x
            for l in 1...L {
                let z = Propagation.linearForward(w: net.W(l), aPrev: aPrev, b: net.b(l))
                aPrev = net.activation(l).forward(z)
                Z.append(z)
                A.append(aPrev)
            }
            let al = aPrev
            J = loss.cost(al, y)
            dAL = loss.outputGradient(al, y)
            let empty = Matrix.zeros(0, 0)
            dZ = Array(repeating: empty, count: L)
            dW = dZ; db = dZ; dAPrev = dZ
            dZ[L - 1] = (net.activation(L) == .softmax && loss == .ce)
                ? al - y
                : net.activation(L).backward(dAL, Z[L - 1])
            for l in stride(from: L, through: 1, by: -1) {
                let inputs = l == 1 ? x : A[l - 2]
                let step = Propagation.linearBackward(dZ: dZ[l - 1], aPrev: inputs, w: net.W(l))
                dW[l - 1] = step.dW
                db[l - 1] = step.db
                dAPrev[l - 1] = step.dAPrev ?? empty
                if l > 1 { dZ[l - 2] = net.activation(l - 1).backward(dAPrev[l - 1], Z[l - 2]) }
            }
        }
    }

    /// The network, X, Y and loss of one fixture case.
    private func setUp(_ c: [String: Any]) throws -> (Network, Matrix, Matrix, Loss) {
        let sizes = try XCTUnwrap(c["sizes"] as? [Int])
        let names = try XCTUnwrap(c["activations"] as? [String])
        let activations = try names.map { try XCTUnwrap(Activation(rawValue: $0), $0) }
        var net = Network(sizes: sizes, activations: activations)
        net.weights = try Fixture.matrices(c, "W")
        net.biases = try Fixture.matrices(c, "b")
        let loss = try XCTUnwrap(Loss(rawValue: try Fixture.string(c, "loss")))
        return (net, try Fixture.matrix(c, "X"), try Fixture.matrix(c, "Y"), loss)
    }

    func testFullPassesMatchNumpy() throws {
        var activations = Set<Activation>(), losses = Set<Loss>()
        for c in try Fixture.cases("networks") {
            let name = try Fixture.string(c, "name")
            let (net, x, y, loss) = try setUp(c)
            activations.formUnion(net.activations)
            losses.insert(loss)
            let pass = Pass(net, x: x, y: y, loss: loss)
            let L = net.depth
            let expected = try ["Z", "A", "dZ", "dW", "db", "dAPrev"].map { try Fixture.matrices(c, $0) }
            for l in 1...L {
                assertClose(pass.Z[l - 1], expected[0][l - 1], "\(name) Z[\(l)]")
                assertClose(pass.A[l - 1], expected[1][l - 1], "\(name) A[\(l)]")
                assertClose(pass.dZ[l - 1], expected[2][l - 1], "\(name) dZ[\(l)]")
                assertClose(pass.dW[l - 1], expected[3][l - 1], "\(name) dW[\(l)]")
                assertClose(pass.db[l - 1], expected[4][l - 1], "\(name) db[\(l)]")
                assertClose(pass.dAPrev[l - 1], expected[5][l - 1], "\(name) dA[\(l - 1)]")
            }
            let j = try Fixture.double(c, "J")
            XCTAssertTrue(close(pass.J, j), "\(name) J: \(pass.J) vs numpy \(j)")
            assertClose(pass.dAL, try Fixture.matrix(c, "dAL"), "\(name) dA[L]")
        }
        XCTAssertEqual(activations, Set(Activation.allCases))
        XCTAssertEqual(losses, Set(Loss.allCases))
    }

    /// With small dyadic inputs every product is exact, so the relu layer sees
    /// Z = 0 exactly and relu_backward's g′(0) = 0 shows in dZ.
    func testExactZeroCaseHitsReluAtZero() throws {
        let c = try XCTUnwrap(try Fixture.cases("networks").first { $0["name"] as? String == "relu_exact_zero" })
        let (net, x, y, loss) = try setUp(c)
        let pass = Pass(net, x: x, y: y, loss: loss)
        let z1 = try Fixture.matrices(c, "Z")[0]
        assertBits(pass.Z[0], z1, "Z[1]")
        XCTAssertTrue(z1.storage.contains(0))
        assertBits(pass.A[0], try Fixture.matrices(c, "A")[0], "A[1]")
    }

    /// One linear step at a time from numpy's own inputs, so an error cannot hide
    /// behind an earlier layer.
    func testSingleLinearStepsMatchNumpy() throws {
        for c in try Fixture.cases("networks") {
            let name = try Fixture.string(c, "name")
            let (net, x, _, _) = try setUp(c)
            let A = try Fixture.matrices(c, "A"), Z = try Fixture.matrices(c, "Z")
            let dZ = try Fixture.matrices(c, "dZ")
            for l in 1...net.depth {
                let aPrev = l == 1 ? x : A[l - 2]
                assertClose(Propagation.linearForward(w: net.W(l), aPrev: aPrev, b: net.b(l)), Z[l - 1],
                            "\(name) linear_forward \(l)")
                let step = Propagation.linearBackward(dZ: dZ[l - 1], aPrev: aPrev, w: net.W(l),
                                                      needPrevious: l > 1)
                assertClose(step.dW, try Fixture.matrices(c, "dW")[l - 1], "\(name) dW[\(l)]")
                assertBits(step.db, try Fixture.matrices(c, "db")[l - 1], "\(name) db[\(l)] (pairwise sum)")
                if l > 1 {
                    assertClose(try XCTUnwrap(step.dAPrev), try Fixture.matrices(c, "dAPrev")[l - 1],
                                "\(name) dA[\(l - 1)]")
                } else {
                    XCTAssertNil(step.dAPrev)
                }
            }
        }
    }

    /// The threaded BLIS path (m·n·k ≥ `parallelThreshold`) agrees with the loop.
    func testLargeProductsUseBlisAndAgreeWithTheLoop() {
        let (m, k, n) = (16, 2048, 512)
        XCTAssertGreaterThanOrEqual(m * n * k, Matrix.parallelThreshold)
        let a = Matrix(rows: m, cols: k, storage: (0..<(m * k)).map { Double(($0 * 7919) % 1000) / 500 - 1 })
        let b = Matrix(rows: k, cols: n, storage: (0..<(k * n)).map { Double(($0 * 104729) % 997) / 498 - 1 })
        let viaBlis = Matrix.dot(a, b)
        let viaLoop = Matrix.loopProduct(a, b)
        assertClose(viaBlis, viaLoop, "16×2048·2048×512")
    }

    /// sigmoid + bce with AL exactly 0 or 1: dZ[L] = AL − Y where dA[L] is not finite,
    /// the lecture's dA ⊙ σ′(Z) elsewhere (numpy's bits), as the course's utilities give it.
    func testSaturatedSigmoidOutputsTakeALMinusY() throws {
        var checked = 0
        for c in try Fixture.saturatedCases() where c["dZ"] != nil {
            let z = try Fixture.matrix(c, "Z"), al = try Fixture.matrix(c, "AL"), y = try Fixture.matrix(c, "Y")
            let dA = try Fixture.matrix(c, "dAL")
            XCTAssertEqual(Propagation.saturatedEntries(dA).count, dA.storage.filter { !$0.isFinite }.count)
            let w = Matrix.ones(z.rows, 1), aPrev = Matrix.ones(1, z.cols)
            let out = Propagation.layerBackward(.sigmoidBinaryCrossEntropy(dA: dA, z: z, al: al, y: y),
                                                activation: .sigmoid, aPrev: aPrev, w: w)
            assertBits(out.dZ, try Fixture.matrix(c, "dZ"), "dZ[L] on saturated AL")
            XCTAssertNil(out.dW.firstNonFinite)
            XCTAssertNil(out.db.firstNonFinite)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 3)
        XCTAssertTrue(Propagation.usesSaturationFallback(output: .sigmoid, loss: .bce))
        XCTAssertFalse(Propagation.usesSaturationFallback(output: .sigmoid, loss: .mse))
        XCTAssertFalse(Propagation.usesSaturationFallback(output: .tanh, loss: .bce))
    }

    /// The output layer's start: the softmax shortcut, the sigmoid + bce fallback, or plain dA[L].
    func testOutputUpstreamPicksTheOutputsStart() {
        let al = Matrix([[0.25, 1]]), y = Matrix([[0, 1]]), z = Matrix([[-1.1, 40]])
        func kind(_ g: Activation, _ loss: Loss) -> String {
            switch Propagation.outputUpstream(output: g, loss: loss, al: al, y: y, z: z) {
            case .dA: return "dA"
            case .softmaxCrossEntropy: return "softmax"
            case let .sigmoidBinaryCrossEntropy(dA, _, _, _):
                XCTAssertEqual(dA.storage.map(\.bitPattern), Loss.bce.outputGradient(al, y).storage.map(\.bitPattern))
                return "sigmoid"
            }
        }
        XCTAssertEqual(kind(.softmax, .ce), "softmax")
        XCTAssertEqual(kind(.sigmoid, .bce), "sigmoid")
        XCTAssertEqual(kind(.sigmoid, .mse), "dA")
        XCTAssertEqual(kind(.linear, .mse), "dA")
        XCTAssertEqual(Propagation.saturatedEntries(Loss.bce.outputGradient(al, y)).map(\.col), [1])
    }

    /// Where nothing saturates, the fallback gives the plain chain's bits.
    func testUnsaturatedSigmoidOutputsKeepTheChainsBits() {
        let z = Matrix([[0.3, -1.2, 2.5]]), y = Matrix([[1, 0, 1]])
        let al = Activation.sigmoid.forward(z), dA = Loss.bce.outputGradient(al, y)
        let w = Matrix([[1]]), aPrev = Matrix([[1, 2, 3]])
        let plain = Propagation.layerBackward(.dA(dA, z: z), activation: .sigmoid, aPrev: aPrev, w: w)
        let guarded = Propagation.layerBackward(.sigmoidBinaryCrossEntropy(dA: dA, z: z, al: al, y: y),
                                                activation: .sigmoid, aPrev: aPrev, w: w)
        XCTAssertEqual(plain.dZ.storage.map(\.bitPattern), guarded.dZ.storage.map(\.bitPattern))
        XCTAssertEqual(plain.dW.storage.map(\.bitPattern), guarded.dW.storage.map(\.bitPattern))
    }

    /// softmax + ce: dZ[L] = AL·Σy − Y, which is AL − Y to the bit for one-hot labels.
    func testTheSoftmaxShortcutIsTheGradientForAnyLabels() {
        let al = Matrix([[0.25, 0.7], [0.75, 0.3]])
        let oneHot = Matrix([[0, 1], [1, 0]])
        let w = Matrix([[1], [1]]), aPrev = Matrix([[1, 2]])
        let hot = Propagation.layerBackward(.softmaxCrossEntropy(al: al, y: oneHot), activation: .softmax, aPrev: aPrev, w: w)
        XCTAssertEqual(hot.dZ.storage.map(\.bitPattern), (al - oneHot).storage.map(\.bitPattern))
        // Both labels 1 in a column: J = −(log a1 + log a2), so dZ = 2·AL − 1.
        let twice = Matrix([[1, 1], [1, 1]])
        let general = Propagation.layerBackward(.softmaxCrossEntropy(al: al, y: twice), activation: .softmax, aPrev: aPrev, w: w)
        for (got, want) in zip(general.dZ.storage, [-0.5, 0.4, 0.5, -0.4]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
    }
}
