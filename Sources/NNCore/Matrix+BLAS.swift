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
        return uninitialized(m, n) { out in product(a, b, transposeA, transposeB, m, n, k, into: out) }
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

// MARK: - Products into existing storage

extension Matrix {
    /// op(A)·op(B) written over `c`, reusing its storage when it already has the
    /// product's shape: the training loop keeps its buffers instead of allocating.
    static func multiply(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                         into c: inout Matrix) {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        if c.rows != m || c.cols != n {
            c = uninitialized(m, n) { out in product(a, b, transposeA, transposeB, m, n, k, into: out) }
            return
        }
        c.storage.withUnsafeMutableBufferPointer { out in
            product(a, b, transposeA, transposeB, m, n, k, into: out)
        }
    }

    /// The product into `out` (m·n elements, initialised or not), by loop or BLAS.
    private static func product(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                                _ m: Int, _ n: Int, _ k: Int, into out: UnsafeMutableBufferPointer<Double>) {
        if m * n * k < blasThreshold || !blas(a, b, transposeA, transposeB, m, n, k, into: out) {
            loop(a, b, transposeA, transposeB, m, n, k, into: out)
        }
    }

    /// A new m × n matrix filled by `fill` without zeroing it first.
    private static func uninitialized(_ m: Int, _ n: Int,
                                      _ fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> Matrix {
        Matrix(rows: m, cols: n, storage: [Double](unsafeUninitializedCapacity: m * n) { buffer, count in
            fill(buffer)
            count = m * n
        })
    }
}

// MARK: - The two ways of multiplying

extension Matrix {
    /// op(A)·op(B) through the BLAS (one thread below `parallelThreshold`);
    /// the loop when no BLAS is installed.
    static func blasProduct(_ a: Matrix, _ b: Matrix,
                            transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        return uninitialized(m, n) { out in
            if !blas(a, b, transposeA, transposeB, m, n, k, into: out) {
                loop(a, b, transposeA, transposeB, m, n, k, into: out)
            }
        }
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
    /// 3. The loop is C (`nn_small_gemm`): where the CPU has FMA3 it uses the
    ///    instruction, which rounds exactly as the C library's `fma` does.
    static func loopProduct(_ a: Matrix, _ b: Matrix,
                            transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        return uninitialized(m, n) { out in loop(a, b, transposeA, transposeB, m, n, k, into: out) }
    }

    private static func loop(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                             _ m: Int, _ n: Int, _ k: Int, into out: UnsafeMutableBufferPointer<Double>) {
        out.initialize(repeating: 0)
        if m == 0 || n == 0 || k == 0 { return }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                nn_small_gemm(Blas.fma ? 1 : 0, transposeA ? 1 : 0, transposeB ? 1 : 0,
                              Int32(m), Int32(n), Int32(k),
                              pa.baseAddress, Int32(a.cols), pb.baseAddress, Int32(b.cols), out.baseAddress)
            }
        }
    }

    /// The product through the BLAS; false when no BLAS could be loaded.
    private static func blas(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                             _ m: Int, _ n: Int, _ k: Int, into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        if m == 0 || n == 0 || k == 0 {
            out.initialize(repeating: 0)
            return true
        }
        guard let lib = Blas.library.table else { return false }
        // 1. beta = 0: the BLAS writes C without reading it, so `out` needs no zeros.
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                nn_dgemm(lib, m * n * k >= parallelThreshold ? Blas.cores : 1,
                         transposeA ? 1 : 0, transposeB ? 1 : 0,
                         Int32(m), Int32(n), Int32(k),
                         pa.baseAddress, Int32(a.cols), pb.baseAddress, Int32(b.cols),
                         out.baseAddress, Int32(n))
            }
        }
        return true
    }
}

/// The machine: its cores, its fused multiply-add, and its BLAS.
enum Blas {
    static let cores: Int = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    /// Whether the CPU has the FMA3 instruction (x86-64 without it uses the C library's fma).
    static let fma: Bool = nn_cpu_has_fma() != 0
    /// The BLAS, opened on the first large product.
    static let library = BlasLibrary()
}

/// The BLAS's function table, loaded once.
final class BlasLibrary: @unchecked Sendable {
    /// Written once in `init`, only read afterwards.
    private let storage: UnsafeMutablePointer<nn_blas>
    /// Why no BLAS could be loaded, if none could.
    let failure: String?

    fileprivate init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: nn_blas())
        failure = nn_blas_load(storage).map { String(cString: $0) }
    }

    /// The table, when loading succeeded.
    var table: UnsafePointer<nn_blas>? { failure == nil ? UnsafePointer(storage) : nil }

    /// "OpenBLAS", "BLIS", or nil when none is installed.
    var name: String? { table.map { String(cString: $0.pointee.name) } }
}
