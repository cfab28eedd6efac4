import CBLAS
import NNKernels
#if canImport(Glibc)
import Glibc
#endif

/// Matrix products: a C loop for small sizes, the ordered kernels of
/// `ProductPath.current` (`Matrix+OrderedProduct.swift`) for large A·B and A·Bᵀ,
/// the BLAS for the rest, called so that no product's bits depend on the thread count.
extension Matrix {
    /// Products with fewer multiply-adds m·n·k than this run in `loopProduct`,
    /// whose bits equal numpy's for the lecture's small networks.
    ///
    /// Measured on a 2-core Emerald Rapids Xeon (AVX-512) shared with other
    /// work, one thread, best of 7 × 2000 (loop with FMA3 / OpenBLAS 0.3.21 SkylakeX):
    /// ```
    /// 2-4-3-1, m = 4     Z1  4×2·2×4          32   0.03 µs / 0.04 µs
    ///                    dA1 4×3·3×4 (Wᵀ·dZ)  48   0.04 µs / 0.05 µs
    /// 4×4·4×4                                 64   0.05 µs / 0.03 µs
    /// 6×6·6×6                                216   0.17 µs / 0.05 µs
    /// 8×8·8×8                                512   0.29 µs / 0.06 µs
    /// 2-4-3-1, m = 209   Z3  1×3·3×209       627   0.10 µs / 0.11 µs
    /// 2-4-3-1, m = 400   Z2  3×4·4×400      4800   0.68 µs / 0.37 µs
    /// ```
    /// With the FMA3 instruction the loop costs ~0.5 ns per multiply-add (~5 ns
    /// through the C library's fma), and OpenBLAS's small-matrix kernels cost
    /// ~30 ns a call, so below the threshold the loop loses at most ~0.1 µs and
    /// keeps numpy's bits. (A plain a·b + s loop agrees with numpy less often.)
    static let blasThreshold = 256

    /// Aᵀ·B, and A·Bᵀ with fewer than 8 rows (which the ordered kernels do not take),
    /// stay in the loop below this many multiply-adds when k < 16, rather than go to the BLAS.
    ///
    /// 1. There the loop has numpy's dgemm bits (its SkylakeX small-matrix kernels add in
    ///    the loop's order for k ≤ 15: 40 of 40 random products for each k, 20–37 of 40
    ///    for k from 16 to 209) where the system's BLAS need not: Wᵀ·dZ of 5×8·8×7 differs
    ///    in the last bit through Debian's OpenBLAS. Every product with each dimension ≤ 8
    ///    is below. For a longer k (dZ·Xᵀ over m examples) the system's BLAS is closer to numpy.
    /// 2. Below it the loop costs at most ~0.5 µs (0.29 µs for 8×8·8×8, table above).
    static let blasLoopLimit = 1024

    /// BLAS products with at least this many multiply-adds may use every core
    /// (see `Blas.threads`), and so may the ordered kernels (at most two).
    ///
    /// A second thread helps only when a core is free: on the same machine
    /// under load from other processes (load average 3–5), the course's two
    /// layer-1 products together, median of 60 (1 / 2 OpenBLAS threads):
    /// ```
    /// Z1 = W1·X and dZ1·Xᵀ, 20×12288·12288×209 and 20×209·209×12288, 51 M each
    ///                                        16.0 ms / 27.1 ms  (other core busy)
    /// ```
    /// and with the machine idle one thread takes ~5.5 ms for both. Products
    /// smaller than this take well under a millisecond on one core, less than
    /// waking a thread can save.
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
        dot(a, b, transposeA: transposeA, transposeB: transposeB, threads: nil)
    }

    /// `dot` on `threads` threads for a large product (nil: `Blas.threads`), for tests
    /// that hold the bits to the thread count.
    static func dot(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                    threads: Int?) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        return uninitialized(m, n) { out in
            product(a, b, transposeA, transposeB, m, n, k, threads: threads, into: out)
        }
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

    /// The product into `out` (m·n elements, initialised or not): numpy's order for a
    /// row or column operand, the loop for small sizes, the ordered kernels where they
    /// apply, else the BLAS.
    private static func product(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                                _ m: Int, _ n: Int, _ k: Int, threads: Int? = nil,
                                into out: UnsafeMutableBufferPointer<Double>) {
        let threads = threads ?? Blas.threads(forMultiplyAdds: m * n * k)
        if usesVectorOrder(m: m, n: n, k: k) {
            vectorLoop(a, b, transposeA, transposeB, m, n, k, into: out)
        } else if m * n * k < blasThreshold
                    || (m * n * k < blasLoopLimit && k < 16
                        && !usesOrderedKernel(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)) {
            loop(a, b, transposeA, transposeB, m, n, k, into: out)
        } else if usesOrderedKernel(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB) {
            orderedProduct(a, b, transposeB: transposeB, m, n, k, threads: threads, into: out)
        } else if !blas(a, b, transposeA, transposeB, m, n, k, threads: threads, into: out) {
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
            if !blas(a, b, transposeA, transposeB, m, n, k, threads: Blas.threads(forMultiplyAdds: m * n * k),
                     into: out) {
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
    ///    operand) use other orders, which `dot` takes instead (`usesVectorOrder`).
    /// 2. The order does not depend on the loop nesting, so all four transpose
    ///    cases give the same bits; the nesting only picks contiguous inner loops.
    /// 3. The loop is C (`nn_small_gemm`): where the CPU has FMA3 it uses the
    ///    instruction, which rounds exactly as the C library's `fma` does, also
    ///    under `NNSTEP_PRODUCTS=generic` (the path picks the large kernels only).
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

    /// Whether op(A)·op(B) has a row or column operand that numpy hands to its BLAS's
    /// gemv or dot (or is 1×1·1×1), at a size where `vectorProduct` gives numpy's bits.
    ///
    /// ```
    /// Z[L]  = W[L]·A[L−1]      1×n·n×m     dgemv_n      (one output unit)
    /// dW[L] = dZ[L]·A[L−1]ᵀ    1×m·m×n     dgemv_t
    /// Wᵀ·dZ with one example   n×1·1×…     the chain (k = 1: every term exact)
    /// np.dot(Y, log(A).T)      1×m·m×1     ddot
    /// ```
    /// 1. numpy's `cblas_matrixproduct` calls gemm only when both operands are
    ///    matrices; with a row or column it calls gemv (or ddot for row·column),
    ///    whose OpenBLAS kernels add in other orders than dgemm's chain. Those
    ///    orders, of the SkylakeX kernels, are in `Sources/NNKernels/vector_order.h`.
    /// 2. Sizes: below OpenBLAS's second-thread threshold for gemv (2304·4
    ///    multiply-adds), dot lengths under 2048 for gemv_t and under 10001 for
    ///    ddot; larger ones keep the paths below, whose bits numpy's need not share.
    static func usesVectorOrder(m: Int, n: Int, k: Int) -> Bool {
        (m == 1 || n == 1) && m < Int(Int32.max) && n < Int(Int32.max) && k < Int(Int32.max)
            && nn_vector_gemm_applies(Int32(m), Int32(n), Int32(k)) != 0
    }

    /// op(A)·op(B) in numpy's order for a row or column operand (`usesVectorOrder`);
    /// `fma: false` takes the C library's fma where the CPU has the instruction (same bits).
    static func vectorProduct(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                              fma: Bool = Blas.fma) -> Matrix {
        let (m, n, k) = productShape(a, b, transposeA, transposeB)
        precondition(usesVectorOrder(m: m, n: n, k: k), "Matrix.vectorProduct: \(m)×\(k)·\(k)×\(n) has no vector order")
        return uninitialized(m, n) { out in vectorLoop(a, b, transposeA, transposeB, m, n, k, fma: fma, into: out) }
    }

    private static func vectorLoop(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                                   _ m: Int, _ n: Int, _ k: Int, fma: Bool = Blas.fma,
                                   into out: UnsafeMutableBufferPointer<Double>) {
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                nn_vector_gemm(fma ? 1 : 0, transposeA ? 1 : 0, transposeB ? 1 : 0,
                               Int32(m), Int32(n), Int32(k),
                               pa.baseAddress, Int32(a.cols), pb.baseAddress, Int32(b.cols), out.baseAddress)
            }
        }
    }

    /// Columns of C per BLAS call in a product of at least `parallelThreshold` multiply-adds.
    ///
    /// 1. Every BLAS call runs on one thread, and a large product is cut into calls of this
    ///    many columns whatever the thread count, so its bits depend on its shape alone: the
    ///    same on one thread or two, under any load (a multi-threaded dgemm cuts its work by
    ///    the thread count, and its small-matrix kernels by the sizes it is given).
    /// 2. The threads claim the calls in turn (`nn_parallel_for`), each call whole on one thread.
    static let blasChunkColumns = 256

    /// The product through the BLAS; false when no BLAS could be loaded.
    private static func blas(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                             _ m: Int, _ n: Int, _ k: Int, threads: Int,
                             into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        if m == 0 || n == 0 || k == 0 {
            out.initialize(repeating: 0)
            return true
        }
        guard let lib = Blas.library.table else { return false }
        let work = m * n * k
        let chunks = work >= parallelThreshold ? (n + blasChunkColumns - 1) / blasChunkColumns : 1
        // 1. beta = 0: the BLAS writes C without reading it, so `out` needs no zeros.
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                var job = BlasColumns(lib: lib, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                      a: pa.baseAddress, lda: a.cols, b: pb.baseAddress, ldb: b.cols,
                                      c: out.baseAddress, width: chunks == 1 ? n : blasChunkColumns)
                if chunks == 1 {
                    job.run(0)
                    return
                }
                withUnsafeMutablePointer(to: &job) { p in
                    nn_parallel_for(Int32(threads), Int32(chunks), { context, i in
                        context?.assumingMemoryBound(to: BlasColumns.self).pointee.run(Int(i))
                    }, p)
                }
            }
        }
        return true
    }
}

/// One BLAS product cut into calls over blocks of C's columns (`Matrix.blasChunkColumns`).
private struct BlasColumns {
    let lib: UnsafePointer<nn_blas>
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let a: UnsafePointer<Double>?, lda: Int
    let b: UnsafePointer<Double>?, ldb: Int
    let c: UnsafeMutablePointer<Double>?
    /// Columns per call.
    let width: Int

    /// C[:, j0:j1] = op(A)·op(B)[:, j0:j1] for block `index`, on one BLAS thread: the block's
    /// columns of op(B) start at column j0 of B, or at row j0 of B when it is transposed.
    func run(_ index: Int) {
        let j0 = index * width, j1 = Swift.min(n, j0 + width)
        guard let a, let b, let c else { return }
        nn_dgemm(lib, 1, transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(j1 - j0), Int32(k),
                 a, Int32(lda), b + (transposeB ? j0 * ldb : j0), Int32(ldb), c + j0, Int32(n))
    }
}

/// The machine: its cores, its fused multiply-add, and its BLAS.
enum Blas {
    static let cores: Int = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// Threads for a product of `work` multiply-adds: every core for products
    /// of at least `parallelThreshold` when another core is idle, else one.
    ///
    /// ```
    /// idle core:  1-minute load average + 0.5 < cores   (this process counts ~1 while it computes)
    /// ```
    ///
    /// The thread count changes no bit: the ordered kernels form each element on one thread,
    /// and the BLAS runs single-threaded calls cut the same way on any count (`blasChunkColumns`).
    /// `NNSTEP_THREADS=1` (or 2) forces the count, for tests that hold a session's bits to it.
    static func threads(forMultiplyAdds work: Int) -> Int {
        guard cores > 1, work >= Matrix.parallelThreshold else { return 1 }
        if let forced = forcedThreads { return forced }
        var load = [0.0]
        guard getloadavg(&load, 1) == 1 else { return 1 }
        return load[0] + 0.5 < Double(cores) ? cores : 1
    }

    /// `NNSTEP_THREADS`, when it is 1 or 2.
    static let forcedThreads: Int? = getenv("NNSTEP_THREADS").flatMap { Int(String(cString: $0)) }
        .flatMap { (1...2).contains($0) ? $0 : nil }

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
        failure = nn_blas_load(storage, nn_openblas_coretype()).map { String(cString: $0) }
    }

    /// The table, when loading succeeded.
    var table: UnsafePointer<nn_blas>? { failure == nil ? UnsafePointer(storage) : nil }

}
