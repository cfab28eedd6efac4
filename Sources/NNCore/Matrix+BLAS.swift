import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Matrix products, through BLIS for large sizes and plain loops for small ones.
extension Matrix {
    /// Products with fewer multiply-adds m·n·k than this run in `loopProduct`.
    ///
    /// Measured in a release build on a 2-core x86-64 (AVX-512) machine shared
    /// with other work, one BLIS thread, best of 5 (loop / BLIS):
    /// ```
    /// 2-4-3-1, m = 4     Z1  4×2·2×4          32   0.44 µs / 2.8 µs
    ///                    dA1 4×3·3×4 (Wᵀ·dZ)  48   0.59 µs / 2.8 µs
    /// 4×4·4×4                                 64   0.68 µs / 3.0 µs
    /// 6×6·6×6                                216   0.9 µs  / 1.2 µs
    /// 8×8·8×8                                512   2.7 µs  / 1.7 µs
    /// 2-4-3-1, m = 209   Z3  1×3·3×209       627   3.7 µs  / 1.0 µs
    /// 2-4-3-1, m = 400   Z2  3×4·4×400      4800   27 µs   / 5.2 µs
    /// ```
    /// The loop costs ~5 ns per multiply-add (a C-library fma each), a BLIS
    /// call 1–3 µs of set-up, so they cross at a few hundred multiply-adds.
    /// (A plain a·b + s loop is ~10× faster but agrees with numpy less often.)
    static let blasThreshold = 256

    /// Products with at least this many multiply-adds use every core in BLIS.
    ///
    /// Waking a second OpenMP thread costs from ~10 µs on an idle machine to a
    /// whole scheduler slice (~5 ms) when the other core is busy, so only
    /// products that take milliseconds on one core are split. Measured on the
    /// same machine under load from other processes (best of 20, 1 / 2 threads):
    /// ```
    /// Z1   = W1·X     20×12288·12288×209    51 M   3.5–4.6 ms / 2.9–3.5 ms
    /// dW1 ∝ dZ1·Xᵀ    20×209·209×12288      51 M   3.5–4.6 ms / 7–11 ms  (other core busy)
    /// dA0  = W1ᵀ·dZ1  12288×20·20×209       51 M   4.8–5.7 ms / 5.2–8.4 ms
    /// ```
    /// The second thread pays off only when a core is free, as on a learner's
    /// own machine.
    static let parallelThreshold = 1 << 24

    /// The matrix product op(A)·op(B), where op transposes when asked.
    ///
    /// ```
    /// Z[l]  = W[l]·A[l−1]            dot(W, A)
    /// dW[l] = dZ[l]·A[l−1]ᵀ          dot(dZ, A, transposeB: true)
    /// dA[l−1] = W[l]ᵀ·dZ[l]          dot(W, dZ, transposeA: true)
    /// ```
    public static func dot(_ a: Matrix, _ b: Matrix,
                           transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        if m * n * k < blasThreshold {
            return loopProduct(a, b, transposeA: transposeA, transposeB: transposeB)
        }
        return blasProduct(a, b, transposeA: transposeA, transposeB: transposeB)
    }

    /// (m, n, k) of op(A)·op(B): op(A) is m × k, op(B) is k × n.
    private static func productShape(_ a: Matrix, _ b: Matrix,
                                     _ transposeA: Bool, _ transposeB: Bool) -> (Int, Int, Int) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "Matrix.dot: inner sizes differ, \(k) and \(kb)")
        return (m, n, k)
    }
}

// MARK: - The two ways of multiplying

extension Matrix {
    /// op(A)·op(B) through BLIS's dgemm (one thread below `parallelThreshold`).
    static func blasProduct(_ a: Matrix, _ b: Matrix,
                            transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        var out = [Double](repeating: 0, count: m * n)
        if m == 0 || n == 0 || k == 0 { return Matrix(rows: m, cols: n, storage: out) }
        nn_blas_set_threads(m * n * k >= parallelThreshold ? Blas.cores : 1)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    nn_dgemm(transposeA ? 1 : 0, transposeB ? 1 : 0,
                             Int32(m), Int32(n), Int32(k),
                             1.0, pa.baseAddress, Int32(a.cols),
                             pb.baseAddress, Int32(b.cols),
                             0.0, pc.baseAddress, Int32(n))
                }
            }
        }
        return Matrix(rows: m, cols: n, storage: out)
    }

    /// op(A)·op(B) in plain loops, for sizes where a BLAS call is overhead.
    ///
    /// ```
    /// C[i, j] = fma(a[i,k−1], b[k−1,j], … fma(a[i,1], b[1,j], fma(a[i,0], b[0,j], 0)))
    /// ```
    /// 1. Each term is added with a fused multiply-add, in order p = 0…k−1, as
    ///    the dgemm kernels of OpenBLAS (numpy's BLAS) and BLIS do: products of
    ///    the lecture's sizes then equal numpy's np.dot bit for bit (98 % of the
    ///    elements of the fixture networks' Z, dW and dA from numpy's inputs,
    ///    against 72 % with a·b + s). numpy's gemv and dot (a 1 × k or k × 1
    ///    operand) use other orders.
    /// 2. The order does not depend on the loop nesting, so all four transpose
    ///    cases give the same bits; the nesting only picks contiguous inner loops.
    static func loopProduct(_ a: Matrix, _ b: Matrix,
                            transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        var out = [Double](repeating: 0, count: m * n)
        if m == 0 || n == 0 || k == 0 { return Matrix(rows: m, cols: n, storage: out) }
        let lda = a.cols, ldb = b.cols
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
                    switch (transposeA, transposeB) {
                    case (false, false):   // C[i, :] += A[i, p] · B[p, :]
                        for i in 0..<m {
                            let ci = C + i * n
                            for p in 0..<k {
                                let x = A[i * lda + p], bp = B + p * ldb
                                for j in 0..<n { ci[j] = ci[j].addingProduct(x, bp[j]) }
                            }
                        }
                    case (true, false):    // C[i, :] += A[p, i] · B[p, :]
                        for p in 0..<k {
                            let ap = A + p * lda, bp = B + p * ldb
                            for i in 0..<m {
                                let x = ap[i], ci = C + i * n
                                for j in 0..<n { ci[j] = ci[j].addingProduct(x, bp[j]) }
                            }
                        }
                    case (false, true):    // C[i, j] = A[i, :] · B[j, :]
                        for i in 0..<m {
                            let ai = A + i * lda
                            for j in 0..<n {
                                let bj = B + j * ldb
                                var s = 0.0
                                for p in 0..<k { s = s.addingProduct(ai[p], bj[p]) }
                                C[i * n + j] = s
                            }
                        }
                    case (true, true):     // C[i, j] = A[:, i] · B[j, :]
                        for i in 0..<m {
                            for j in 0..<n {
                                let bj = B + j * ldb
                                var s = 0.0
                                for p in 0..<k { s = s.addingProduct(A[p * lda + i], bj[p]) }
                                C[i * n + j] = s
                            }
                        }
                    }
                }
            }
        }
        return Matrix(rows: m, cols: n, storage: out)
    }
}

/// The machine's cores, for BLIS's large products.
enum Blas {
    static let cores: Int = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
