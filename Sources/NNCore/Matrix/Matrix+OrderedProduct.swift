import CBLAS
import NNKernels

/// Large products in the loop's order, through the ordered kernels of `ProductPath.current`.
///
/// ```
/// C[i, j] = fma(a[i,k−1], b[k−1,j], … fma(a[i,0], b[0,j], 0))      as loopProduct
/// ```
/// 1. Every element is the same chain of fused multiply-adds as in the loop, on
///    every path (generic, AVX2, AVX-512), so a product's bits depend neither on
///    its size, nor on the BLAS, nor on the CPU: `train`'s fused first layer
///    equals `backward` then `step` then `forward`, and the lecture's products
///    still equal numpy's.
/// 2. They take A·B and A·Bᵀ (the lecture's W·A and dZ·Aᵀ); Aᵀ·B goes to the BLAS.
///    A·Bᵀ needs at least 8 rows in A, as its kernels fill 8 (AVX2) or 24 (AVX-512)
///    lanes with rows of A; with fewer it goes to the BLAS too.
/// 3. Measured on the 2-core Emerald Rapids Xeon under load from other work,
///    one thread, best of 30 (AVX-512 / OpenBLAS 0.3.21 SkylakeX):
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
/// 5. Measured on a 2-core AMD EPYC (Zen 3, AVX2 + FMA3, no AVX-512) shared with
///    another build (load average 4–6), the kernels called from C, one thread,
///    best of 6 × 40 (AVX2 / OpenBLAS 0.3.21 Haswell / generic):
/// ```
/// Z1 = W1·X        20×12288·12288×209     2.87 ms (35.8 GFLOP/s) / 3.79 ms (27.1) / 143 ms (0.7)
/// P1 = dZ1·Xᵀ      20×209·209×12288       3.12 ms (32.9 GFLOP/s) / 4.32 ms (23.8) / 140 ms (0.7)
/// W1 − α·(P1/m), then W1·X                5.67 ms / 7.95 ms  (OpenBLAS: both products and the update)
/// ```
///    Two threads with the other core busy too (load average ~2.8), best of 4 × 40
///    (AVX2 / OpenBLAS on two threads):
/// ```
/// Z1 = W1·X                               2.56 ms / 5.79 ms
/// P1 = dZ1·Xᵀ                             2.35 ms / 3.77 ms
/// W1 − α·(P1/m), then W1·X                6.43 ms / 12.55 ms
/// ```
///    The generic path is portable C; on x86-64 its fma is a call into the C
///    library (software where the CPU lacks FMA3), so it is correct but ~50× slower
///    than AVX2. On arm64 `__builtin_fma` is the instruction (not measured here).
extension Matrix {
    /// Whether op(A)·op(B) of this shape runs in the ordered kernels (never for small
    /// products, nor for those `dot` gives numpy's gemv or dot order, `usesVectorOrder`).
    static func usesOrderedKernel(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Bool {
        !transposeA && (!transposeB || m >= 8) && m * n * k >= blasThreshold && !usesVectorOrder(m: m, n: n, k: k)
    }

    /// A·B or A·Bᵀ into `out` through the ordered kernels of `path`, on `threads` threads (at most 2).
    static func orderedProduct(_ a: Matrix, _ b: Matrix, transposeB: Bool,
                               _ m: Int, _ n: Int, _ k: Int, threads: Int,
                               path: ProductPath = .current,
                               into out: UnsafeMutableBufferPointer<Double>) {
        let kernels = path.kernels
        let t = Int32(min(max(threads, 1), 2))
        let scratch = transposeB ? nn_nt_scratch(Int32(m), Int32(k)) : Int(t) * nn_nn_scratch(Int32(m))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: scratch) { s in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    (transposeB ? kernels.nt : kernels.nn)(Int32(m), Int32(n), Int32(k), pa.baseAddress, Int32(a.cols),
                                                           pb.baseAddress, Int32(b.cols), out.baseAddress, Int32(n),
                                                           t, s.baseAddress)
                }
            }
        }
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
    /// BLAS would) with the kernels of `path`; only where `canDescendThenMultiply`.
    static func descendThenMultiply(w: inout Matrix, alpha: Double, dZ: Matrix, x: Matrix,
                                    product z: inout Matrix,
                                    threads: Int? = nil, path: ProductPath = .current) {
        precondition(canDescendThenMultiply(w: w, x: x) && dZ.rows == w.rows && dZ.cols == x.cols
                     && w.cols == x.rows, "Matrix.descendThenMultiply: shapes do not fit")
        let kernels = path.kernels
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
                            kernels.descend(n1, n0, m, pdz.baseAddress, m, px.baseAddress, m,
                                            pw.baseAddress, n0, pz.baseAddress, m, alpha, s, t, tmp.baseAddress)
                        }
                    }
                }
            }
        }
    }
}

/// The C functions of one path's ordered kernels.
private struct OrderedKernels {
    /// nn_gemm_nn_* and nn_gemm_nt_*: (M, N, K, A, lda, B, ldb, C, ldc, threads, scratch).
    typealias Product = @convention(c) (Int32, Int32, Int32, UnsafePointer<Double>?, Int32,
                                        UnsafePointer<Double>?, Int32, UnsafeMutablePointer<Double>?, Int32,
                                        Int32, UnsafeMutablePointer<Double>?) -> Void
    /// nn_descend_multiply_*: (M, N0, m, dZ, lddz, X, ldx, W, ldw, Z, ldz, α, s, threads, scratch).
    typealias Descend = @convention(c) (Int32, Int32, Int32, UnsafePointer<Double>?, Int32,
                                        UnsafePointer<Double>?, Int32, UnsafeMutablePointer<Double>?, Int32,
                                        UnsafeMutablePointer<Double>?, Int32, Double, Double, Int32,
                                        UnsafeMutablePointer<Double>?) -> Void
    let nn: Product
    let nt: Product
    let descend: Descend
}

extension ProductPath {
    /// This path's kernels; only for a path of `supported`.
    fileprivate var kernels: OrderedKernels {
        precondition(ProductPath.supported.contains(self), "ProductPath: this CPU cannot run \(name)")
        switch self {
        case .generic:
            return OrderedKernels(nn: nn_gemm_nn_generic, nt: nn_gemm_nt_generic, descend: nn_descend_multiply_generic)
        #if arch(x86_64)
        case .avx2:
            return OrderedKernels(nn: nn_gemm_nn_avx2, nt: nn_gemm_nt_avx2, descend: nn_descend_multiply_avx2)
        case .avx512:
            return OrderedKernels(nn: nn_gemm_nn_avx512, nt: nn_gemm_nt_avx512, descend: nn_descend_multiply_avx512)
        #else
        case .avx2, .avx512:
            preconditionFailure("ProductPath: \(name) exists on x86-64 only")   // not in `supported` here
        #endif
        }
    }
}
