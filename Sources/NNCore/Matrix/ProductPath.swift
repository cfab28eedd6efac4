import NNKernels
#if canImport(Glibc)
import Glibc
#endif

/// The set of ordered product kernels a process uses, chosen once.
///
/// ```
/// NNSTEP_PRODUCTS unset             → the last of `supported` (the fastest)
/// NNSTEP_PRODUCTS=generic|avx2|avx512 → that path, if this CPU can run it
/// ```
/// 1. Every path forms each element as the loop's chain of fused multiply-adds
///    (`Matrix.loopProduct`), so the paths differ in speed only, never in bits.
/// 2. A word this CPU cannot run, or an unknown one, falls back to the fastest
///    supported path; `selectionNote` says why, for the executable to print
///    (NNCore itself never prints).
/// 3. The path picks the large kernels only: the small-product loop
///    (`nn_small_gemm`, `Blas.fma`) uses the FMA3 instruction wherever the CPU
///    has it, also under `generic`; the instruction and the C library's `fma`
///    round alike, so the bits are the same.
public enum ProductPath: String, CaseIterable, Sendable {
    /// Portable C with `__builtin_fma`, for every CPU (slow where the C library's fma is a call).
    case generic
    /// 256-bit registers with FMA3 (x86-64 with AVX2, e.g. Haswell, Zen).
    case avx2
    /// 512-bit registers (x86-64 with AVX-512 F).
    case avx512

    /// The word `NNSTEP_PRODUCTS` takes for this path.
    public var name: String { rawValue }

    /// The paths this CPU can run, slowest first; `generic` always.
    public static let supported: [ProductPath] = {
        var paths = [ProductPath.generic]
        if nn_cpu_has_avx2() != 0 { paths.append(.avx2) }
        if nn_cpu_has_avx512() != 0 { paths.append(.avx512) }
        return paths
    }()

    /// The path in use: the environment's choice if this CPU can run it, else the fastest.
    public static var current: ProductPath { selection.path }

    /// Why `current` is not what `NNSTEP_PRODUCTS` asked for, if it is not.
    public static var selectionNote: String? { selection.note }

    /// The environment variable that forces a path.
    static let variable = "NNSTEP_PRODUCTS"

    private static let selection = select(getenv(variable).map { String(cString: $0) }, supported: supported)

    /// The path for the value `word` of `NNSTEP_PRODUCTS` (nil: unset) among
    /// `supported` (slowest first, not empty), and a note when it falls back.
    static func select(_ word: String?, supported: [ProductPath]) -> (path: ProductPath, note: String?) {
        let best = supported.last ?? .generic
        guard let word, !word.isEmpty else { return (best, nil) }
        guard let asked = ProductPath(rawValue: word.lowercased()) else {
            let known = allCases.map(\.name).joined(separator: ", ")
            return (best, "\(variable)=\(word) is not one of \(known); using \(best.name)")
        }
        guard supported.contains(asked) else {
            return (best, "\(variable)=\(word): this CPU cannot run \(asked.name); using \(best.name)")
        }
        return (asked, nil)
    }
}
