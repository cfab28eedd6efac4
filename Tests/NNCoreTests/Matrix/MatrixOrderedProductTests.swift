import XCTest
@testable import NNCore
import TestSupport

/// The ordered kernels give the loop's bits on every path this CPU runs, on
/// one thread or two, for every shape they take; the BLAS, where it still
/// runs, agrees with numpy within the fixtures' tolerance.
final class MatrixOrderedProductTests: XCTestCase {
    /// Shapes (m, n, k) around the tiles: m = 1, 7, 8, 13 and 20 rows, n not a
    /// multiple of any tile width, k = 1 and k beyond one panel of 256.
    private let shapes = [(20, 209, 700), (13, 17, 300), (1, 40, 30), (7, 9, 257), (8, 33, 513), (9, 600, 33),
                          (30, 8, 100), (12, 3, 40), (20, 5, 1), (25, 11, 256), (1, 1, 600)]

    /// op(A)·op(B) through the ordered kernels of `path` on `threads` threads.
    private func ordered(_ a: Matrix, _ b: Matrix, transposeB: Bool = false, threads: Int,
                         path: ProductPath) -> Matrix {
        let (m, k) = (a.rows, a.cols), n = transposeB ? b.rows : b.cols
        var c = Matrix(rows: m, cols: n)
        c.storage.withUnsafeMutableBufferPointer { out in
            Matrix.orderedProduct(a, b, transposeB: transposeB, m, n, k, threads: threads, path: path, into: out)
        }
        return c
    }

    /// `dot` takes the current path for large A·B and A·Bᵀ (at least 8 rows), so it gives the loop's bits
    /// (a row or column operand takes numpy's gemv order instead, `MatrixVectorOrderTests`).
    func testDotEqualsTheLoopForLargeProducts() {
        var random = NumpyRandom(seed: 5)
        for (m, n, k) in [(20, 209, 700), (13, 17, 300), (2, 40, 30), (9, 600, 33), (30, 8, 100)] {
            let a = random.randn(m, k), b = random.randn(k, n), bt = random.randn(n, k)
            assertBits(Matrix.dot(a, b), Matrix.loopProduct(a, b), "\(m)×\(k)·\(k)×\(n)")
            guard m >= 8 else { continue }   // A·Bᵀ with fewer rows goes to the BLAS
            assertBits(Matrix.dot(a, bt, transposeB: true), Matrix.loopProduct(a, bt, transposeB: true),
                       "\(m)×\(k)·(\(n)×\(k))ᵀ")
        }
    }

    /// Each path, on one thread and two (each forming its own columns, also where
    /// one thread's share is only the last columns or nothing), gives the loop's bits.
    func testEveryPathOnOneAndTwoThreadsEqualsTheLoop() {
        var random = NumpyRandom(seed: 7)
        for (m, n, k) in shapes {
            let a = random.randn(m, k), b = random.randn(k, n), bt = random.randn(n, k)
            let loop = Matrix.loopProduct(a, b), loopT = Matrix.loopProduct(a, bt, transposeB: true)
            for path in ProductPath.supported {
                for threads in [1, 2] {
                    let what = "\(path.name), \(threads) threads"
                    assertBits(ordered(a, b, threads: threads, path: path), loop, "\(m)×\(k)·\(k)×\(n), \(what)")
                    assertBits(ordered(a, bt, transposeB: true, threads: threads, path: path), loopT,
                               "\(m)×\(k)·(\(n)×\(k))ᵀ, \(what)")
                }
            }
        }
    }

    /// The fused step and product on each path and on two threads: the bits of
    /// the loop's dZ·Xᵀ, `descend`, then the loop's W·X, over panels cut in two.
    func testTheFusedFirstLayerOnEveryPathEqualsTheLoop() {
        var random = NumpyRandom(seed: 11)
        for (n1, n0, m) in [(20, 700, 209), (20, 12288, 209), (9, 300, 20), (24, 520, 37), (8, 260, 5), (13, 257, 9)] {
            let w = random.randn(n1, n0), x = random.randn(n0, m), dZ = random.randn(n1, m)
            var expected = w
            expected.descend(alpha: 0.0075, scale: 1.0 / Double(m), product: Matrix.loopProduct(dZ, x, transposeB: true))
            let expectedZ = Matrix.loopProduct(expected, x)
            for path in ProductPath.supported {
                // Without hardware FMA the generic path's fma is software (the C library's): keep its work small.
                if path == .generic && !Blas.fma && n0 > 1000 { continue }
                for threads in [1, 2] {
                    var fused = w, z = Matrix.zeros(0, 0)
                    for _ in 0..<(threads == 2 ? 3 : 1) {   // the worker is reused across calls
                        fused = w
                        Matrix.descendThenMultiply(w: &fused, alpha: 0.0075, dZ: dZ, x: x, product: &z,
                                                   threads: threads, path: path)
                    }
                    let what = "\(n1)×\(n0), m = \(m), \(path.name), \(threads) threads"
                    assertBits(fused, expected, "\(what): W")
                    assertBits(z, expectedZ, "\(what): Z")
                }
            }
        }
    }

    /// numpy's products of the fixtures above the BLAS threshold: the ordered
    /// kernels of every path, and the BLAS for Aᵀ·B (the one case left to it),
    /// within `propagationTolerance` (1e-12 relative), as their order of
    /// addition may differ from numpy's.
    func testLargeProductsAgreeWithNumpyOnEveryPath() throws {
        var checked = 0
        for c in try Fixture.cases("dot") {
            let a = try Fixture.matrix(c, "A"), b = try Fixture.matrix(c, "B")
            let expected = try Fixture.matrix(c, "C")
            guard a.rows * a.cols * b.cols >= Matrix.blasThreshold else { continue }
            let name = "\(a.rows)×\(a.cols)·\(b.rows)×\(b.cols)"
            for path in ProductPath.supported {
                assertClose(ordered(a, b, threads: 1, path: path), expected, "\(path.name) " + name)
                assertClose(ordered(a, b.T, transposeB: true, threads: 1, path: path), expected,
                            "\(path.name) A·(Bᵀ)ᵀ " + name)
            }
            assertClose(Matrix.dot(a.T, b, transposeA: true), expected, "Aᵀ·B " + name)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5)
    }
}
