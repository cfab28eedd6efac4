#ifndef NNSTEP_CBLAS_SHIM_H
#define NNSTEP_CBLAS_SHIM_H

// Matrix products for NNCore: a C loop with hardware fused multiply-adds for
// small products, AVX-512 kernels that keep the loop's order for large A·B and
// A·Bᵀ, and a BLAS opened with dlopen for the other large products.
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

// Every a·b + c below is rounded twice, as Swift and numpy round it; the only
// fused multiply-adds are the explicit __builtin_fma.
#pragma STDC FP_CONTRACT OFF
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

// MARK: - Products in the loop's order, with AVX-512

// Large products with the loop's bits: each C[i, j] is the same chain of fused
// multiply-adds over p = 0…k−1 as `nn_small_gemm`, eight columns at a time in
// 512-bit registers. The products are cut into panels that stay in cache
// (KC rows of B, 16 columns, up to 12 rows of A), but a chain is only ever
// continued from the value it stopped at, so the cutting changes no bit.
// Functions with `avx512` in their name run only where `nn_cpu_has_avx512`.

#if defined(__x86_64__)
typedef double nn_v8d __attribute__((vector_size(64), aligned(8)));
typedef double nn_v4d __attribute__((vector_size(32), aligned(8)));

#define NN_KC 256
#define NN_REP12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define NN_REP8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

__attribute__((target("avx512f"), always_inline))
static inline nn_v8d nn_splat(double x) { return (nn_v8d){x, x, x, x, x, x, x, x}; }

__attribute__((target("avx512f"), always_inline))
static inline nn_v4d nn_splat4(double x) { return (nn_v4d){x, x, x, x}; }

/// C[0..<MR, 0..<16] continued over kc terms (or started from 0 when `first`).
__attribute__((target("avx512f"), always_inline))
static inline void nn_nn_tile(const int MR, int kc, int first, const double *Ap,
                              const double *B, long ldb, double *C, long ldc) {
#define NN_DECL(r) nn_v8d c0_##r = nn_splat(0), c1_##r = nn_splat(0); \
    if (MR > r && !first) { c0_##r = *(const nn_v8d *)(C + r * ldc); c1_##r = *(const nn_v8d *)(C + r * ldc + 8); }
    NN_REP12(NN_DECL)
    for (int p = 0; p < kc; p++) {
        const nn_v8d b0 = *(const nn_v8d *)(B + p * ldb), b1 = *(const nn_v8d *)(B + p * ldb + 8);
        __builtin_prefetch(B + (p + 16) * ldb);
        __builtin_prefetch(B + (p + 16) * ldb + 15);
#define NN_STEP(r) if (MR > r) { const nn_v8d a = nn_splat(Ap[p * MR + r]); \
        c0_##r = __builtin_elementwise_fma(a, b0, c0_##r); c1_##r = __builtin_elementwise_fma(a, b1, c1_##r); }
        NN_REP12(NN_STEP)
    }
#define NN_STORE(r) if (MR > r) { *(nn_v8d *)(C + r * ldc) = c0_##r; *(nn_v8d *)(C + r * ldc + 8) = c1_##r; }
    NN_REP12(NN_STORE)
}

#define NN_NN_TILE(MR) \
__attribute__((target("avx512f"), noinline)) \
static void nn_nn_tile##MR(int kc, int first, const double *Ap, const double *B, long ldb, double *C, long ldc) { \
    nn_nn_tile(MR, kc, first, Ap, B, ldb, C, ldc); \
}
NN_NN_TILE(12) NN_NN_TILE(8) NN_NN_TILE(4) NN_NN_TILE(1)

/// One column of a row block: c[r] continued over kc terms Ap[p·MR + r]·B[p·ldb].
__attribute__((target("avx512f")))
static void nn_nn_column(int MR, int kc, const double *Ap, const double *B, long ldb, double *c) {
    if (MR == 1) {
        for (int p = 0; p < kc; p++) c[0] = __builtin_fma(Ap[p], B[p * ldb], c[0]);
        return;
    }
    nn_v4d lo4 = *(const nn_v4d *)c, hi4 = MR == 12 ? *(const nn_v4d *)(c + 8) : nn_splat4(0);
    nn_v8d v8 = MR >= 8 ? *(const nn_v8d *)c : nn_splat(0);
    for (int p = 0; p < kc; p++) {
        const double b = B[p * ldb];
        const double *a = Ap + p * MR;
        if (MR >= 8) v8 = __builtin_elementwise_fma(*(const nn_v8d *)a, nn_splat(b), v8);
        else lo4 = __builtin_elementwise_fma(*(const nn_v4d *)a, nn_splat4(b), lo4);
        if (MR == 12) hi4 = __builtin_elementwise_fma(*(const nn_v4d *)(a + 8), nn_splat4(b), hi4);
    }
    if (MR >= 8) *(nn_v8d *)c = v8;
    else *(nn_v4d *)c = lo4;
    if (MR == 12) *(nn_v4d *)(c + 8) = hi4;
}

/// The row blocks nn_nn_panel_avx512 cuts M into: 12, 8, 4 or 1 rows.
static inline int nn_nn_rows(int left) { return left >= 12 ? 12 : left >= 8 ? 8 : left >= 4 ? 4 : 1; }

/// C (M × N) continued over rows k0 ..< k0 + kc of B (columns of A); `first`
/// starts from 0. `Ap` (M·NN_KC doubles) receives the panel of A, block by
/// block of rows and interleaved within a block (Ap[p·MR + r]), so that each
/// tile reads A as one stream.
__attribute__((target("avx512f")))
static void nn_nn_panel_avx512(int M, int N, int k0, int kc, const double *A, long lda,
                               const double *B, long ldb, double *C, long ldc, double *Ap) {
    const int first = k0 == 0;
    A += k0;
    B += (long)k0 * ldb;
    for (int i = 0; i < M;) {
        const int MR = nn_nn_rows(M - i);
        double *block = Ap + (long)i * kc;
        for (int p = 0; p < kc; p++)
            for (int r = 0; r < MR; r++) block[p * MR + r] = A[(long)(i + r) * lda + p];
        i += MR;
    }
    const int N16 = N - N % 16;
    for (int j = 0; j < N16; j += 16) {
        for (int i = 0; i < M;) {
            const int MR = nn_nn_rows(M - i);
            const double *block = Ap + (long)i * kc;
            double *c = C + (long)i * ldc + j;
            if (MR == 12) nn_nn_tile12(kc, first, block, B + j, ldb, c, ldc);
            else if (MR == 8) nn_nn_tile8(kc, first, block, B + j, ldb, c, ldc);
            else if (MR == 4) nn_nn_tile4(kc, first, block, B + j, ldb, c, ldc);
            else nn_nn_tile1(kc, first, block, B + j, ldb, c, ldc);
            i += MR;
        }
    }
    for (int j = N16; j < N; j++) {   // the last columns, the rows of a block side by side
        for (int i = 0; i < M;) {
            const int MR = nn_nn_rows(M - i);
            double c[12];
            for (int r = 0; r < MR; r++) c[r] = first ? 0.0 : C[(long)(i + r) * ldc + j];
            nn_nn_column(MR, kc, Ap + (long)i * kc, B + j, ldb, c);
            for (int r = 0; r < MR; r++) C[(long)(i + r) * ldc + j] = c[r];
            i += MR;
        }
    }
}

/// Doubles of scratch that `nn_gemm_nn_avx512` needs.
static inline long nn_nn_scratch(int M) { return (long)M * NN_KC; }

/// C = A·B (M × K times K × N, row-major), every element in the loop's order.
__attribute__((target("avx512f")))
static void nn_gemm_nn_avx512(int M, int N, int K, const double *A, int lda,
                              const double *B, int ldb, double *C, int ldc, double *scratch) {
    for (int k0 = 0; k0 < K; k0 += NN_KC)
        nn_nn_panel_avx512(M, N, k0, K - k0 < NN_KC ? K - k0 : NN_KC, A, lda, B, ldb, C, ldc, scratch);
}

/// Aᵀ of rows i0 ..< i0 + 24 of A (M × K), zero-padded: At[p·24 + r] = A[i0 + r, p].
static inline void nn_pack_24(int M, int K, int i0, const double *A, long lda, double *At) {
    for (int p = 0; p < K; p++)
        for (int r = 0; r < 24; r++)
            At[(long)p * 24 + r] = i0 + r < M ? A[(long)(i0 + r) * lda + p] : 0.0;
}

/// QR rows q of X against 24 packed rows of A: acc[q][r] = Σp A[r, p]·X[q, p] in the
/// loop's order; then out[r, q] = acc, or out[r, q] − α·(s·acc) when `descend`.
__attribute__((target("avx512f"), always_inline))
static inline void nn_nt_tile(const int QR, int K, const double *At, const double *X, long ldx,
                              double *out, long ldo, int rows, int descend, double alpha, double s) {
#define NT_DECL(q) nn_v8d a0_##q = nn_splat(0), a1_##q = nn_splat(0), a2_##q = nn_splat(0);
    NN_REP8(NT_DECL)
    for (int p = 0; p < K; p++) {
        const nn_v8d v0 = *(const nn_v8d *)(At + p * 24), v1 = *(const nn_v8d *)(At + p * 24 + 8),
                     v2 = *(const nn_v8d *)(At + p * 24 + 16);
#define NT_STEP(q) if (QR > q) { const nn_v8d x = nn_splat(X[q * ldx + p]); \
        a0_##q = __builtin_elementwise_fma(v0, x, a0_##q); a1_##q = __builtin_elementwise_fma(v1, x, a1_##q); \
        a2_##q = __builtin_elementwise_fma(v2, x, a2_##q); }
        NN_REP8(NT_STEP)
    }
    double acc[8][24];
#define NT_SAVE(q) if (QR > q) { *(nn_v8d *)acc[q] = a0_##q; *(nn_v8d *)(acc[q] + 8) = a1_##q; *(nn_v8d *)(acc[q] + 16) = a2_##q; }
    NN_REP8(NT_SAVE)
    for (int r = 0; r < rows; r++) {
        double *o = out + (long)r * ldo;
        if (descend) { for (int q = 0; q < QR; q++) o[q] = o[q] - alpha * (s * acc[q][r]); }
        else { for (int q = 0; q < QR; q++) o[q] = acc[q][r]; }
    }
}

#define NN_NT_TILE(QR) \
__attribute__((target("avx512f"), noinline)) \
static void nn_nt_tile##QR(int K, const double *At, const double *X, long ldx, double *out, long ldo, \
                           int rows, int descend, double alpha, double s) { \
    nn_nt_tile(QR, K, At, X, ldx, out, ldo, rows, descend, alpha, s); \
}
NN_NT_TILE(8) NN_NT_TILE(1)

/// Columns q0 ..< q1 of A·Xᵀ (A: M × K, X: rows × K) into `out`, or subtracted
/// as out − α·(s·(A·Xᵀ)) when `descend`; At holds `nn_pack_24` of each block of 24 rows.
__attribute__((target("avx512f")))
static void nn_nt_columns_avx512(int M, int K, int q0, int q1, const double *At, const double *X, long ldx,
                                 double *out, long ldo, int descend, double alpha, double s) {
    for (int i0 = 0; i0 < M; i0 += 24) {
        const double *Ai = At + (long)(i0 / 24) * 24 * K;
        double *o = out + (long)i0 * ldo;
        const int rows = M - i0 < 24 ? M - i0 : 24;
        int q = q0;
        for (; q + 8 <= q1; q += 8) nn_nt_tile8(K, Ai, X + (long)q * ldx, ldx, o + q, ldo, rows, descend, alpha, s);
        for (; q < q1; q++) nn_nt_tile1(K, Ai, X + (long)q * ldx, ldx, o + q, ldo, rows, descend, alpha, s);
    }
}

/// Doubles of scratch that `nn_gemm_nt_avx512` needs.
static inline long nn_nt_scratch(int M, int K) { return (long)((M + 23) / 24) * 24 * K; }

/// C = A·Xᵀ (M × K times (Q × K)ᵀ, row-major), every element in the loop's order.
__attribute__((target("avx512f")))
static void nn_gemm_nt_avx512(int M, int Q, int K, const double *A, int lda, const double *X, int ldx,
                              double *C, int ldc, double *scratch) {
    for (int i0 = 0; i0 < M; i0 += 24) nn_pack_24(M, K, i0, A, lda, scratch + (long)(i0 / 24) * 24 * K);
    nn_nt_columns_avx512(M, K, 0, Q, scratch, X, ldx, C, ldc, 0, 0.0, 0.0);
}

/// The first layer's step fused with the next forward product, reading X once:
///
///     W ← W − α·(s·(dZ·Xᵀ))      then      Z = W·X
///
/// W: M × N0, dZ: M × m, X: N0 × m, Z: M × m. For each panel of KC rows of X,
/// the columns of W it touches are stepped, then Z is continued over them;
/// every value equals `nn_gemm_nt_avx512`, the update, and `nn_gemm_nn_avx512`
/// run one after the other. `scratch` holds nn_nt_scratch(M, m) + nn_nn_scratch(M) doubles.
__attribute__((target("avx512f")))
static void nn_descend_multiply_avx512(int M, int N0, int m, const double *dZ, int lddz,
                                       const double *X, int ldx, double *W, int ldw, double *Z, int ldz,
                                       double alpha, double s, double *scratch) {
    double *Ap = scratch + nn_nt_scratch(M, m);
    for (int i0 = 0; i0 < M; i0 += 24) nn_pack_24(M, m, i0, dZ, lddz, scratch + (long)(i0 / 24) * 24 * m);
    for (int k0 = 0; k0 < N0; k0 += NN_KC) {
        const int kc = N0 - k0 < NN_KC ? N0 - k0 : NN_KC;
        nn_nt_columns_avx512(M, m, k0, k0 + kc, scratch, X, ldx, W, ldw, 1, alpha, s);
        nn_nn_panel_avx512(M, m, k0, kc, W, ldw, X, ldx, Z, ldz, Ap);
    }
}
#endif

/// 1 when the CPU and the OS support AVX-512 F (ZMM state saved), else 0.
static inline int nn_cpu_has_avx512(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!nn_cpu_has_fma() || __get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 16)) != 0 && (nn_cpu_xcr0() & 0xE6) == 0xE6;
#else
    return 0;
#endif
}

#endif
