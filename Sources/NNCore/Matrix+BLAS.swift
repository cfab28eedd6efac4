import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Matrix products, through BLIS for large sizes and plain loops for small ones.
extension Matrix {
    /// Products with fewer multiply-adds m·n·k than this run in `loopProduct`.
    ///
    /// Measured in a release build on a 2-core x86-64 (AVX-512) machine, one
    /// BLIS thread, best of 5 (loop / BLIS):
    /// ```
    /// 2-4-3-1, m = 4      Z2 3×4·4×4        48   0.20 µs / 1.6 µs
    /// 2-4-3-1, m = 209    Z2 3×4·4×209    2508   1.1 µs  / 2.2 µs
    ///                     dW1 4×209·209×2 1672   1.0 µs  / 1.2 µs   (dZ·Aᵀ)
    /// 2-4-3-1, m = 400    dA1 4×3·3×400   4800   2.2 µs  / 3.4 µs   (Wᵀ·dZ)
    /// 16×16·16×16                         4096   2.0 µs  / 2.1 µs
    /// 20×20·20×20                         8000   3.1 µs  / 2.6 µs
    /// 2-4-3-1, m = 1000   Z2 3×4·4×1000  12000   5.3 µs  / 5.7 µs
    /// 24×24·24×24                        13824   3.3 µs  / 2.0 µs
    /// 20-7-5-1, m = 209   Z2 7×20·20×209 29260  12.9 µs  / 4.8 µs
    /// ```
    /// Below about 8000 a BLIS call costs more (1–2 µs of set-up) than it saves.
    static let blasThreshold = 8192

    /// Products with at least this many multiply-adds use every core in BLIS.
    ///
    /// Waking a second OpenMP thread costs from ~10 µs on an idle machine to a
    /// whole scheduler slice (~5 ms) when the other core is busy, so only
    /// products that take milliseconds on one core are split:
    /// ```
    /// 20×12288·12288×209   (Z1 of the cat classifier)   51 M   4.6 ms on one thread
    /// ```
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
    /// C[i, j] = ((0 + a[i,0]·b[0,j]) + a[i,1]·b[1,j]) + … + a[i,k−1]·b[k−1,j]
    /// ```
    /// 1. Every element is summed over p = 0…k−1 in that order, whatever the
    ///    loop nesting, so all four transpose cases give the same bits as the
    ///    textbook i-j-p loop; the nesting only picks contiguous inner loops.
    /// 2. dZ·Aᵀ (transposeB) is four dot products at a time: four independent
    ///    sums keep the floating-point unit busy without reordering any of them.
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
                                for j in 0..<n { ci[j] += x * bp[j] }
                            }
                        }
                    case (true, false):    // C[i, :] += A[p, i] · B[p, :]
                        for p in 0..<k {
                            let ap = A + p * lda, bp = B + p * ldb
                            for i in 0..<m {
                                let x = ap[i], ci = C + i * n
                                for j in 0..<n { ci[j] += x * bp[j] }
                            }
                        }
                    case (false, true):    // C[i, j] = A[i, :] · B[j, :]
                        for i in 0..<m {
                            let ai = A + i * lda, ci = C + i * n
                            var j = 0
                            while j + 4 <= n {
                                let b0 = B + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
                                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                                for p in 0..<k {
                                    let x = ai[p]
                                    s0 += x * b0[p]; s1 += x * b1[p]; s2 += x * b2[p]; s3 += x * b3[p]
                                }
                                ci[j] = s0; ci[j + 1] = s1; ci[j + 2] = s2; ci[j + 3] = s3
                                j += 4
                            }
                            while j < n {
                                let bj = B + j * ldb
                                var s = 0.0
                                for p in 0..<k { s += ai[p] * bj[p] }
                                ci[j] = s
                                j += 1
                            }
                        }
                    case (true, true):     // C[i, j] = A[:, i] · B[j, :]
                        for i in 0..<m {
                            for j in 0..<n {
                                let bj = B + j * ldb
                                var s = 0.0
                                for p in 0..<k { s += A[p * lda + i] * bj[p] }
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
