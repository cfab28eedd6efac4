// The ordered kernels' tiles for AVX-512: eight columns (or rows) at a time
// in 512-bit registers. Only where `nn_cpu_has_avx512`.
#include "NNKernels.h"
#include "ordered_gemm.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
typedef double nn_v8d __attribute__((vector_size(64), aligned(8)));
typedef double nn_v4d __attribute__((vector_size(32), aligned(8)));

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

static void nn_nn_tile_avx512(int MR, int kc, int first, const double *Ap, const double *B, long ldb,
                              double *C, long ldc) {
    if (MR == 12) nn_nn_tile12(kc, first, Ap, B, ldb, C, ldc);
    else if (MR == 8) nn_nn_tile8(kc, first, Ap, B, ldb, C, ldc);
    else if (MR == 4) nn_nn_tile4(kc, first, Ap, B, ldb, C, ldc);
    else nn_nn_tile1(kc, first, Ap, B, ldb, C, ldc);
}

/// One column of a row block: c[r] continued over kc terms Ap[p·MR + r]·B[p·ldb].
__attribute__((target("avx512f")))
static void nn_nn_column_avx512(int MR, int kc, const double *Ap, const double *B, long ldb, double *c) {
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

/// The row blocks of A·B: 12, 8, 4 or 1 rows.
static int nn_nn_rows_avx512(int left) { return left >= 12 ? 12 : left >= 8 ? 8 : left >= 4 ? 4 : 1; }

/// A·Xᵀ always packs 24 rows (three registers), zero-padded, and takes 8 rows of X.
static int nn_nt_rows_avx512(int left) { (void)left; return 24; }
static int nn_nt_cols_avx512(int W) { (void)W; return 8; }

/// QR rows q of X against 24 packed rows of A: acc[q][r] = Σp A[r, p]·X[q, p] in the loop's order.
__attribute__((target("avx512f"), always_inline))
static inline void nn_nt_tile(const int QR, int K, const double *At, const double *X, long ldx,
                              double acc[][NN_NT_MAX_ROWS]) {
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
#define NT_SAVE(q) if (QR > q) { *(nn_v8d *)acc[q] = a0_##q; *(nn_v8d *)(acc[q] + 8) = a1_##q; *(nn_v8d *)(acc[q] + 16) = a2_##q; }
    NN_REP8(NT_SAVE)
}

#define NN_NT_TILE(QR) \
__attribute__((target("avx512f"), noinline)) \
static void nn_nt_tile##QR(int K, const double *At, const double *X, long ldx, double acc[][NN_NT_MAX_ROWS]) { \
    nn_nt_tile(QR, K, At, X, ldx, acc); \
}
NN_NT_TILE(8) NN_NT_TILE(1)

/// QR ≤ 8 rows of X: the full tile, else one row at a time.
static void nn_nt_tile_avx512(int W, int QR, int K, const double *At, const double *X, long ldx,
                              double acc[][NN_NT_MAX_ROWS]) {
    (void)W;
    if (QR == 8) { nn_nt_tile8(K, At, X, ldx, acc); return; }
    for (int q = 0; q < QR; q++) nn_nt_tile1(K, At, X + (long)q * ldx, ldx, acc + q);
}

const nn_path nn_path_avx512 = {nn_nn_rows_avx512, 16, nn_nn_tile_avx512, nn_nn_column_avx512,
                                nn_nt_rows_avx512, nn_nt_cols_avx512, nn_nt_tile_avx512};

NN_PATH_ENTRIES(avx512)
#endif
