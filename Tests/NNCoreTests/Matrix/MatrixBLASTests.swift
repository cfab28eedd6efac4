import TestSupport
import XCTest
@testable import NNCore

/// The BLAS path's products: their bits depend on the shape alone, never on the thread count.
final class MatrixBLASTests: XCTestCase {
    /// op(A)·op(B) on `threads` threads.
    private func product(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool, threads: Int) -> Matrix {
        let (m, n, k) = (transposeA ? a.cols : a.rows, transposeB ? b.rows : b.cols, transposeA ? a.rows : a.cols)
        precondition(m * n * k >= Matrix.parallelThreshold, "the shape must reach the parallel path")
        return Matrix.dot(a, b, transposeA: transposeA, transposeB: transposeB, threads: threads)
    }

    func testAtransposeBIsTheSameOnOneThreadOrTwo() {
        var random = NumpyRandom(seed: 7)
        // dA[l−1] = W[l]ᵀ·dZ[l] for a 128-unit layer on m = 2100 examples: 2100 columns in 9 calls.
        let w = random.randn(64, 128), dZ = random.randn(64, 2100)
        let one = product(w, dZ, transposeA: true, transposeB: false, threads: 1)
        let two = product(w, dZ, transposeA: true, transposeB: false, threads: 2)
        assertBits(one, two, "Wᵀ·dZ on 1 and 2 threads")
        assertClose(one, Matrix.loopProduct(w, dZ, transposeA: true), "Wᵀ·dZ against the loop", tolerance: 1e-12)
    }

    func testThinABTransposeIsTheSameOnOneThreadOrTwo() {
        var random = NumpyRandom(seed: 8)
        // A·Bᵀ with fewer than 8 rows in A goes to the BLAS: dW of a 4-unit layer on 784 inputs.
        let dZ = random.randn(4, 6000), x = random.randn(784, 6000)
        let one = product(dZ, x, transposeA: false, transposeB: true, threads: 1)
        let two = product(dZ, x, transposeA: false, transposeB: true, threads: 2)
        assertBits(one, two, "dZ·Xᵀ on 1 and 2 threads")
        assertClose(one, Matrix.loopProduct(dZ, x, transposeB: true), "dZ·Xᵀ against the loop", tolerance: 1e-12)
    }
}
