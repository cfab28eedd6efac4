#ifndef NNSTEP_CBLAS_SHIM_H
#define NNSTEP_CBLAS_SHIM_H

// Matrix products for NNCore: a BLAS opened with dlopen for large products,
// and a C loop with hardware fused multiply-adds for small ones.
//
// The BLAS is opened on the first large product, not linked: nnstep starts in
// a few milliseconds and only `train` or a large `forward` pays for loading
// it. Debian's OpenBLAS (libopenblas0-pthread) comes first, then BLIS.
// OpenBLAS 0.3.21 does not know CPUs newer than its release and falls back to
// its slowest kernel (Prescott, ~15× slower on an Emerald Rapids Xeon), so its
// core type is chosen here from cpuid before the library is loaded, unless
// OPENBLAS_CORETYPE is already set.
//
// Both libraries are reached through the table `struct nn_blas`; the CBLAS
// entry point is declared here rather than through a cblas.h, whose system
// includes clash with Swift's Glibc module.

#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

typedef void (*nn_cblas_dgemm_fn)(int order, int transA, int transB,
                                  int m, int n, int k,
                                  double alpha, const double *a, int lda,
                                  const double *b, int ldb,
                                  double beta, double *c, int ldc);

/// The loaded BLAS: its dgemm and how to set its thread count.
struct nn_blas {
    nn_cblas_dgemm_fn dgemm;
    void (*openblas_set_num_threads)(int);   // OpenBLAS
    void (*bli_thread_set_num_threads)(long); // BLIS
    const char *name;
};

// MARK: - The CPU

#if defined(__x86_64__)
/// The extended state the OS saves on a context switch (XCR0).
static inline unsigned long long nn_cpu_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}
#endif

/// 1 when the CPU and the OS support FMA3 on AVX registers, else 0.
static inline int nn_cpu_has_fma(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
    return (nn_cpu_xcr0() & 0x6) == 0x6;
#else
    return 0;
#endif
}

/// OpenBLAS's name for the best kernel set of this CPU, or NULL to let it choose.
///
/// ```
/// AVX-512 F, DQ, BW, VL (OS saves ZMM)  → SkylakeX
/// AVX2 and FMA3                          → Haswell
/// AVX                                    → Sandybridge
/// ```
static inline const char *nn_openblas_coretype(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return NULL;
    const unsigned osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (osxsave | avx)) != (osxsave | avx)) return NULL;
    unsigned long long xcr0 = nn_cpu_xcr0();
    if ((xcr0 & 0x6) != 0x6) return NULL;
    unsigned int b7 = 0;
    if (__get_cpuid_max(0, NULL) >= 7) __cpuid_count(7, 0, a, b7, c, d);
    const unsigned avx2 = 1u << 5;
    const unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
    if ((b7 & avx512) == avx512 && (xcr0 & 0xE6) == 0xE6) return "SkylakeX";
    if ((b7 & avx2) && nn_cpu_has_fma()) return "Haswell";
    return "Sandybridge";
#else
    return NULL;
#endif
}

// MARK: - Loading

/// Opens OpenBLAS, else BLIS, and fills `lib`; NULL on success, else why it failed.
static inline const char *nn_blas_load(struct nn_blas *lib) {
    static const char *const openblas[] = {
        "libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
    };
    static const char *const blis[] = { "libblis.so.4", "libblis.so" };
    const char *coretype = nn_openblas_coretype();
    if (coretype != NULL) setenv("OPENBLAS_CORETYPE", coretype, 0);   // 0: keep a value already set
    void *h = NULL;
    for (size_t i = 0; h == NULL && i < sizeof openblas / sizeof openblas[0]; i++)
        h = dlopen(openblas[i], RTLD_NOW | RTLD_LOCAL);
    if (h != NULL) {
        lib->dgemm = (nn_cblas_dgemm_fn)dlsym(h, "cblas_dgemm");
        lib->openblas_set_num_threads = (void (*)(int))dlsym(h, "openblas_set_num_threads");
        lib->name = "OpenBLAS";
        if (lib->dgemm != NULL) return NULL;
    }
    // BLIS's OpenMP build spins its idle threads unless told otherwise.
    setenv("OMP_WAIT_POLICY", "passive", 0);
    h = NULL;
    for (size_t i = 0; h == NULL && i < sizeof blis / sizeof blis[0]; i++)
        h = dlopen(blis[i], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) return "no BLAS is installed (apt-get install libopenblas0-pthread)";
    lib->dgemm = (nn_cblas_dgemm_fn)dlsym(h, "cblas_dgemm");
    lib->openblas_set_num_threads = NULL;
    lib->bli_thread_set_num_threads = (void (*)(long))dlsym(h, "bli_thread_set_num_threads");
    lib->name = "BLIS";
    return lib->dgemm != NULL ? NULL : "the BLAS found lacks cblas_dgemm";
}

// MARK: - Products

/// C = op(A)·op(B) for row-major matrices through the loaded BLAS, on at most
/// `threads` threads (CBLAS codes 101 = row-major, 111 = no transpose, 112 = transpose).
static inline void nn_dgemm(const struct nn_blas *lib, long threads,
                            int transA, int transB, int m, int n, int k,
                            const double *a, int lda, const double *b, int ldb,
                            double *c, int ldc) {
    if (lib->openblas_set_num_threads != NULL) lib->openblas_set_num_threads((int)threads);
    if (lib->bli_thread_set_num_threads != NULL) lib->bli_thread_set_num_threads(threads);
    lib->dgemm(101, transA ? 112 : 111, transB ? 112 : 111,
               m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
}

/// The small-product loop; `C` must hold zeros. One fused multiply-add per
/// term, in the order p = 0…k−1 for every element, whatever the nesting.
#define NN_SMALL_GEMM_BODY                                                        \
    if (!transA && !transB) {          /* C[i, :] += A[i, p] · B[p, :] */          \
        for (int i = 0; i < m; i++) {                                             \
            double *restrict ci = C + (long)i * n;                                \
            for (int p = 0; p < k; p++) {                                         \
                const double x = A[(long)i * lda + p];                            \
                const double *restrict bp = B + (long)p * ldb;                    \
                for (int j = 0; j < n; j++) ci[j] = __builtin_fma(x, bp[j], ci[j]); \
            }                                                                     \
        }                                                                         \
    } else if (transA && !transB) {    /* C[i, :] += A[p, i] · B[p, :] */          \
        for (int p = 0; p < k; p++) {                                             \
            const double *restrict ap = A + (long)p * lda;                        \
            const double *restrict bp = B + (long)p * ldb;                        \
            for (int i = 0; i < m; i++) {                                         \
                const double x = ap[i];                                           \
                double *restrict ci = C + (long)i * n;                            \
                for (int j = 0; j < n; j++) ci[j] = __builtin_fma(x, bp[j], ci[j]); \
            }                                                                     \
        }                                                                         \
    } else {                           /* C[i, j] = op(A)[i, :] · B[j, :] */       \
        for (int i = 0; i < m; i++) {                                             \
            for (int j = 0; j < n; j++) {                                         \
                const double *restrict bj = B + (long)j * ldb;                    \
                double s = 0.0;                                                   \
                if (transA)                                                       \
                    for (int p = 0; p < k; p++) s = __builtin_fma(A[(long)p * lda + i], bj[p], s); \
                else                                                              \
                    for (int p = 0; p < k; p++) s = __builtin_fma(A[(long)i * lda + p], bj[p], s); \
                C[(long)i * n + j] = s;                                           \
            }                                                                     \
        }                                                                         \
    }

#if defined(__x86_64__)
__attribute__((target("fma")))
static void nn_small_gemm_fma(int transA, int transB, int m, int n, int k,
                              const double *restrict A, int lda,
                              const double *restrict B, int ldb, double *restrict C) {
    NN_SMALL_GEMM_BODY
}
#endif

static void nn_small_gemm_plain(int transA, int transB, int m, int n, int k,
                                const double *restrict A, int lda,
                                const double *restrict B, int ldb, double *restrict C) {
    NN_SMALL_GEMM_BODY
}

/// C = op(A)·op(B) in plain loops; `C` must hold zeros. `fma` (from
/// `nn_cpu_has_fma`) picks the CPU's fused multiply-add instruction over the C
/// library's `fma`, which gives the same bits ~10× slower.
static inline void nn_small_gemm(int fma, int transA, int transB, int m, int n, int k,
                                 const double *A, int lda, const double *B, int ldb, double *C) {
#if defined(__x86_64__)
    if (fma) { nn_small_gemm_fma(transA, transB, m, n, k, A, lda, B, ldb, C); return; }
#endif
    (void)fma;
    nn_small_gemm_plain(transA, transB, m, n, k, A, lda, B, ldb, C);
}

#endif
