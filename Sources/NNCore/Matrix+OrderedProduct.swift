import CBLAS
import NNKernels

/// Large products in the loop's order, through the AVX-512 kernels of the CBLAS shim.
///
/// ```
/// C[i, j] = fma(a[i,k−1], b[k−1,j], … fma(a[i,0], b[0,j], 0))      as loopProduct
/// ```
/// 1. Every element is the same chain of fused multiply-adds as in the loop, so
///    where these kernels run a product's bits depend neither on its size nor
///    on the BLAS: `train`'s fused first layer equals `backward` then `step`
///    then `forward`, and the lecture's products still equal numpy's.
/// 2. They take A·B and A·Bᵀ (the lecture's W·A and dZ·Aᵀ); Aᵀ·B goes to the BLAS.
///    A·Bᵀ needs at least 8 rows in A, as its kernel fills 24 lanes with rows of A.
/// 3. Measured on the 2-core Emerald Rapids Xeon under load from other work,
///    one thread, best of 30 (ordered / OpenBLAS 0.3.21 SkylakeX):
/// ```
/// Z1 = W1·X        20×12288·12288×209     3.41 ms / 3.41 ms
/// P1 = dZ1·Xᵀ      20×209·209×12288       2.91 ms / 3.38 ms
/// W1 − α·(P1/m), then W1·X                5.71 ms / 7.19 ms  (fused: X read once)
/// ```
/// 4. With a core idle (`Blas.threads`), a second thread forms a share of each
///    product's columns: each element is still one thread's chain, in order.
///    Same machine, idle, best of 40, one / two threads:
/// ```
/// Z1 = W1·X                               1.96 ms / 1.19 ms
/// P1 = dZ1·Xᵀ                             1.81 ms / 0.96 ms
/// W1 − α·(P1/m), then W1·X                3.32 ms / 2.20 ms  (two: X read twice, one meeting)
/// ```
extension Matrix {
    /// Whether op(A)·op(B) of this shape runs in the ordered kernels (never for small products).
    static func usesOrderedKernel(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Bool {
        #if arch(x86_64)
        return Blas.avx512 && !transposeA && (!transposeB || m >= 8) && m * n * k >= blasThreshold
        #else
        return false
        #endif
    }

    /// A·B or A·Bᵀ into `out` through the ordered kernels, on `threads` threads (at most 2).
    static func orderedProduct(_ a: Matrix, _ b: Matrix, transposeB: Bool,
                               _ m: Int, _ n: Int, _ k: Int, threads: Int,
                               into out: UnsafeMutableBufferPointer<Double>) {
        #if arch(x86_64)
        let t = Int32(min(max(threads, 1), 2))
        let scratch = transposeB ? nn_nt_scratch(Int32(m), Int32(k)) : Int(t) * nn_nn_scratch(Int32(m))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: scratch) { s in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    if transposeB {
                        nn_gemm_nt_avx512(Int32(m), Int32(n), Int32(k), pa.baseAddress, Int32(a.cols),
                                          pb.baseAddress, Int32(b.cols), out.baseAddress, Int32(n), t, s.baseAddress)
                    } else {
                        nn_gemm_nn_avx512(Int32(m), Int32(n), Int32(k), pa.baseAddress, Int32(a.cols),
                                          pb.baseAddress, Int32(b.cols), out.baseAddress, Int32(n), t, s.baseAddress)
                    }
                }
            }
        }
        #else
        preconditionFailure("the ordered kernels exist on x86-64 only")
        #endif
    }

    /// Whether `descendThenMultiply` applies to a first layer W (n1 × n0) and X (n0 × m):
    /// both of its products would run in the ordered kernels one at a time.
    static func canDescendThenMultiply(w: Matrix, x: Matrix) -> Bool {
        usesOrderedKernel(m: w.rows, n: x.rows, k: x.cols, transposeA: false, transposeB: true)
            && usesOrderedKernel(m: w.rows, n: x.cols, k: w.cols, transposeA: false, transposeB: false)
    }

    /// The first layer's step fused with the next iteration's product, reading X once:
    ///
    /// ```
    /// W ← W − α·(1/m · dZ·Xᵀ)        then        Z = W·X   (without b)
    /// ```
    /// Bit for bit what `multiply` (dZ·Xᵀ), `descend` and `multiply` (W·X) give
    /// one after the other, on `threads` threads (at most 2, by default as the
    /// BLAS would); only where `canDescendThenMultiply`.
    static func descendThenMultiply(w: inout Matrix, alpha: Double, dZ: Matrix, x: Matrix,
                                    product z: inout Matrix,
                                    threads: Int? = nil) {
        precondition(canDescendThenMultiply(w: w, x: x) && dZ.rows == w.rows && dZ.cols == x.cols
                     && w.cols == x.rows, "Matrix.descendThenMultiply: shapes or CPU do not fit")
        #if arch(x86_64)
        if z.rows != w.rows || z.cols != x.cols { z = Matrix(rows: w.rows, cols: x.cols) }
        let (n1, n0, m) = (Int32(w.rows), Int32(w.cols), Int32(x.cols))
        let s = 1.0 / Double(x.cols)
        let t = Int32(min(max(threads ?? Blas.threads(forMultiplyAdds: w.rows * w.cols * x.cols), 1), 2))
        let scratch = nn_nt_scratch(n1, m) + Int(t) * nn_nn_scratch(n1)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: scratch) { tmp in
            dZ.storage.withUnsafeBufferPointer { pdz in
                x.storage.withUnsafeBufferPointer { px in
                    w.storage.withUnsafeMutableBufferPointer { pw in
                        z.storage.withUnsafeMutableBufferPointer { pz in
                            nn_descend_multiply_avx512(n1, n0, m, pdz.baseAddress, m, px.baseAddress, m,
                                                       pw.baseAddress, n0, pz.baseAddress, m,
                                                       alpha, s, t, tmp.baseAddress)
                        }
                    }
                }
            }
        }
        #endif
    }
}
