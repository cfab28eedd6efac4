import XCTest
@testable import NNCore
import TestSupport

/// `Matrix.dot` gives numpy's np.dot bit for bit on small products of every shape,
/// those with a row or column operand (numpy's gemv and dot) included, in the
/// stages' three forms (vector_products.json, numpy on OpenBLAS's SkylakeX kernels).
final class MatrixVectorOrderTests: XCTestCase {
    /// The fixture's cases: seed, shape, form, and numpy's C as a hash of its bits.
    private struct Case: Decodable {
        let seed: UInt64, m: Int, n: Int, k: Int
        let form: String, C00: String, fnv: String
    }

    private struct Document: Decodable {
        let openblas_core: String
        let cases: [Case]
    }

    /// splitmix64 from `seed`, each draw ((r >> 11)·2 − 2⁵³)·2^((r & 7) − 56), as the script draws.
    private struct Draws {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let mantissa = Double(Int64(z >> 11) * 2 - (Int64(1) << 53))
            return mantissa * Double(sign: .plus, exponent: Int(z & 7) - 3 - 53, significand: 1)
        }

        mutating func matrix(_ rows: Int, _ cols: Int) -> Matrix {
            Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { _ in next() })
        }
    }

    private func document() throws -> Document {
        try Fixtures.require(Fixtures.decode(Document.self, "vector_products.json"), "vector_products.json")
    }

    /// op(A)·op(B) of one case through `product`, with A and B as the script stores them.
    private func product(_ c: Case, _ product: (Matrix, Matrix, Bool, Bool) -> Matrix) -> Matrix {
        let (ta, tb) = (c.form == "Wᵀ·dZ", c.form == "dZ·Aᵀ")
        var draws = Draws(state: c.seed)
        let a = ta ? draws.matrix(c.k, c.m) : draws.matrix(c.m, c.k)
        let b = tb ? draws.matrix(c.n, c.k) : draws.matrix(c.k, c.n)
        return product(a, b, ta, tb)
    }

    func testDotEqualsNumpyBitForBitOnEverySmallShape() throws {
        let doc = try document()
        XCTAssertEqual(doc.openblas_core, "SkylakeX")
        XCTAssertGreaterThanOrEqual(doc.cases.count, 2000)
        var vector = 0, failures = 0
        for c in doc.cases {
            let got = product(c) { Matrix.dot($0, $1, transposeA: $2, transposeB: $3) }
            if c.m == 1 || c.n == 1 { vector += 1 }
            if hexBits(got.storage[0]) != c.C00 || String(format16: fnv1a(got.storage)) != c.fnv {
                failures += 1
                if failures <= 10 {
                    XCTFail("\(c.m)×\(c.k)·\(c.k)×\(c.n) \(c.form) (seed \(c.seed)): C[0,0] \(hexBits(got.storage[0])), numpy \(c.C00)")
                }
            }
        }
        XCTAssertEqual(failures, 0, "products that differ from numpy's bits")
        XCTAssertGreaterThan(vector, 1000, "products with a row or column operand")
    }

    /// The vector order's two builds (the FMA3 instruction and the C library's fma,
    /// which a CPU without FMA3 runs) give the same bits on every vector case.
    func testVectorOrderIsTheSameWithAndWithoutTheFMAInstruction() throws {
        var checked = 0
        for c in try document().cases where Matrix.usesVectorOrder(m: c.m, n: c.n, k: c.k) {
            let viaDot = product(c) { Matrix.dot($0, $1, transposeA: $2, transposeB: $3) }
            let viaLibrary = product(c) { Matrix.vectorProduct($0, $1, transposeA: $2, transposeB: $3, fma: false) }
            assertBits(viaLibrary, viaDot, "\(c.m)×\(c.k)·\(c.k)×\(c.n) \(c.form)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// Vector shapes take numpy's order, never the ordered kernels or the BLAS; larger ones keep them.
    func testWhichShapesTakeTheVectorOrder() {
        XCTAssertTrue(Matrix.usesVectorOrder(m: 1, n: 209, k: 3))     // Z[L] of a one-unit output layer
        XCTAssertTrue(Matrix.usesVectorOrder(m: 1, n: 3, k: 209))     // dW[L]
        XCTAssertTrue(Matrix.usesVectorOrder(m: 1, n: 1, k: 400))     // np.dot(Y, log(A).T)
        XCTAssertTrue(Matrix.usesVectorOrder(m: 1, n: 1, k: 1))
        XCTAssertFalse(Matrix.usesVectorOrder(m: 4, n: 1, k: 1))      // k = 1: exact products, the chain
        XCTAssertFalse(Matrix.usesVectorOrder(m: 2, n: 2, k: 8))      // dgemm
        XCTAssertFalse(Matrix.usesVectorOrder(m: 1, n: 3, k: 2048))   // dgemv_t's row blocks
        XCTAssertFalse(Matrix.usesVectorOrder(m: 1, n: 1, k: 10001))  // ddot on threads
        XCTAssertFalse(Matrix.usesVectorOrder(m: 1, n: 1000, k: 10))  // gemv on threads
        XCTAssertFalse(Matrix.usesOrderedKernel(m: 1, n: 209, k: 3, transposeA: false, transposeB: false))
    }
}

private extension String {
    /// `value` as 16 hexadecimal digits.
    init(format16 value: UInt64) {
        let s = String(value, radix: 16)
        self = String(repeating: "0", count: 16 - s.count) + s
    }
}
