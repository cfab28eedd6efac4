import TestSupport
import XCTest
@testable import NNCore

/// Each activation's forward g(Z) and backward dA ⊙ g′(Z) against the course's
/// numpy functions, on ordinary values and on 0, −0.0, nan, ±inf and overflow.
///
/// relu, leaky_relu and linear only compare, select and scale, so they must
/// match numpy bit for bit (signed zeros included); sigmoid, tanh and softmax
/// call exp/tanh, whose last bit may differ between numpy's SIMD code and the
/// C library, so they match within `propagationTolerance` (1e-12 relative).
final class ActivationTests: XCTestCase {
    private static let exact: Set<Activation> = [.relu, .leakyRelu, .linear]

    func testForwardAndBackwardMatchNumpyOnSpecialValues() throws {
        var seen = Set<Activation>()
        for c in try Fixture.cases("activations") {
            let name = try Fixture.string(c, "activation")
            let g = try XCTUnwrap(Activation(rawValue: name), name)
            seen.insert(g)
            let z = try Fixture.matrix(c, "Z"), dA = try Fixture.matrix(c, "dA")
            let a = g.forward(z), dZ = g.backward(dA, z)
            if Self.exact.contains(g) {
                assertBits(a, try Fixture.matrix(c, "A"), "\(name)(Z)")
                assertBits(dZ, try Fixture.matrix(c, "dZ"), "\(name)_backward")
            } else {
                assertClose(a, try Fixture.matrix(c, "A"), "\(name)(Z)")
                assertClose(dZ, try Fixture.matrix(c, "dZ"), "\(name)_backward")
            }
        }
        XCTAssertEqual(seen, Set(Activation.allCases))
    }

    /// The softmax backward (A ⊙ (dA − Σ dA ⊙ A) per column) against numpy's
    /// explicit Jacobian: dz = Jᵀ·da with J[i, k] = a_i·(δ_ik − a_k).
    func testSoftmaxBackwardMatchesTheFullJacobian() throws {
        for c in try Fixture.cases("softmax_jacobian") {
            let z = try Fixture.matrix(c, "Z"), dA = try Fixture.matrix(c, "dA")
            assertClose(Activation.softmax.backward(dA, z), try Fixture.matrix(c, "dZ"),
                        "softmax_backward \(z.rows)×\(z.cols)")
        }
    }

    /// softmax's division by the column sums, bit for bit from numpy's own e.
    func testSoftmaxNormalisationAddsInNumpysOrder() throws {
        var singleColumn = false
        for c in try Fixture.cases("softmax_normalise") {
            let e = try Fixture.matrix(c, "e")
            singleColumn = singleColumn || (e.cols == 1 && e.rows >= 8)
            assertBits(Activation.normalizingColumns(e), try Fixture.matrix(c, "A"),
                       "e / np.sum(e, axis=0) for \(e.rows)×\(e.cols)")
        }
        XCTAssertTrue(singleColumn, "a single column of 8 or more rows (numpy sums it pairwise)")
    }

    /// relu_backward's mask is `Z <= 0`: g′(0) = g′(−0.0) = 0, and a nan Z keeps dA.
    func testReluAndLeakyReluAtZeroAndNan() {
        let z = Matrix([[0.0, -0.0, .nan, 1e-300, -1e-300]])
        let ones = Matrix.ones(1, 5)
        XCTAssertEqual(Activation.relu.backward(ones, z).storage.map { $0.bitPattern },
                       [0.0, 0.0, 1.0, 1.0, 0.0].map { $0.bitPattern })
        XCTAssertEqual(Activation.leakyRelu.backward(ones, z).storage,
                       [0.01, 0.01, 1.0, 1.0, 0.01])
        let a = Activation.relu.forward(z)
        XCTAssertEqual(a[0, 0].bitPattern, (0.0).bitPattern)
        XCTAssertEqual(a[0, 1].bitPattern, (-0.0).bitPattern, "np.maximum(0, -0.0) is -0.0")
        XCTAssertTrue(a[0, 2].isNaN, "np.maximum propagates nan")
        XCTAssertEqual(a[0, 4], 0)
        XCTAssertTrue(Activation.leakyRelu.forward(z)[0, 2].isNaN)
    }

    func testDerivativeIsTheBackwardOfOnes() {
        let z = Matrix([[-1, 0, 2]])
        XCTAssertEqual(Activation.relu.derivative(z).storage, [0, 0, 1])
        XCTAssertEqual(Activation.linear.derivative(z).storage, [1, 1, 1])
        XCTAssertEqual(Activation.sigmoid.derivative(Matrix([[0]]))[0, 0], 0.25)
        XCTAssertEqual(Activation.tanh.derivative(Matrix([[0]]))[0, 0], 1)
    }

    func testSoftmaxColumnsSumToOne() {
        let a = Activation.softmax.forward(Matrix([[1, 1000, -3], [2, 999, -3], [3, 0, -3]]))
        for j in 0..<3 {
            XCTAssertEqual(a[0, j] + a[1, j] + a[2, j], 1, accuracy: 1e-15)
        }
    }

    func testNames() {
        XCTAssertEqual(Activation.leakyRelu.name, "leaky_relu")
        XCTAssertEqual(Activation(rawValue: "softmax"), .softmax)
    }
}
