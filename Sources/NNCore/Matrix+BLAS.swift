import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Matrix products, through BLIS for large sizes and plain loops for small ones.
extension Matrix {
    /// Products with fewer multiply-adds than this run in a plain loop: a BLAS
    /// call costs more than it saves below it (see `scripts/bench`).
    static let blasThreshold = 4096

    /// The matrix product op(A)·op(B), where op transposes when asked.
    ///
    /// ```
    /// Z[l]  = W[l]·A[l−1]            dot(W, A)
    /// dW[l] = dZ[l]·A[l−1]ᵀ          dot(dZ, A, transposeB: true)
    /// dA[l−1] = W[l]ᵀ·dZ[l]          dot(W, dZ, transposeA: true)
    /// ```
    public static func dot(_ a: Matrix, _ b: Matrix,
                           transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "Matrix.dot: inner sizes differ, \(k) and \(kb)")
        var out = [Double](repeating: 0, count: m * n)
        if m == 0 || n == 0 { return Matrix(rows: m, cols: n, storage: out) }
        if m * n * k < blasThreshold {
            smallProduct(a, b, transposeA, transposeB, m, n, k, &out)
        } else {
            Blas.configure()
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
        }
        return Matrix(rows: m, cols: n, storage: out)
    }

    /// The product in three nested loops, for sizes where a BLAS call is overhead.
    private static func smallProduct(_ a: Matrix, _ b: Matrix, _ ta: Bool, _ tb: Bool,
                                     _ m: Int, _ n: Int, _ k: Int, _ out: inout [Double]) {
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                for i in 0..<m {
                    for j in 0..<n {
                        var s = 0.0
                        for p in 0..<k {
                            let x = ta ? pa[p * a.cols + i] : pa[i * a.cols + p]
                            let y = tb ? pb[j * b.cols + p] : pb[p * b.cols + j]
                            s += x * y
                        }
                        out[i * n + j] = s
                    }
                }
            }
        }
    }
}

/// One-time set-up of the BLAS library.
enum Blas {
    /// BLIS runs single-threaded unless told otherwise; use every core.
    private static let configured: Bool = {
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        nn_blas_set_threads(cores)
        return true
    }()

    static func configure() { _ = configured }
}
