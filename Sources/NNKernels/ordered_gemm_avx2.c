// The ordered kernels' tiles for AVX2 and FMA3: four doubles per 256-bit
// register, sixteen registers. Only where `nn_cpu_has_avx2`.
#include "NNKernels.h"
#include "ordered_gemm.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
typedef double nn_v4d __attribute__((vector_size(32), aligned(8)));

#define NN_TARGET __attribute__((target("avx2,fma")))
#define NN_REP6(X) X(0) X(1) X(2) X(3) X(4) X(5)

NN_TARGET __attribute__((always_inline))
static inline nn_v4d nn_splat(double x) { return (nn_v4d){x, x, x, x}; }

NN_TARGET __attribute__((always_inline))
static inline nn_v4d nn_load(const double *p) { return *(const nn_v4d *)p; }

/// C[0..<MR, 0..<8] continued over kc terms (or started from 0 when `first`):
/// 1. MR ≤ 6 rows of two registers are 12 accumulators, with two for B and one
///    for A's element, so that 12 independent chains hide the FMA's latency.
NN_TARGET __attribute__((always_inline))
static inline void nn_nn_tile(const int MR, int kc, int first, const double *Ap,
                              const double *B, long ldb, double *C, long ldc) {
#define NN_DECL(r) nn_v4d c0_##r = nn_splat(0), c1_##r = nn_splat(0); \
    if (MR > r && !first) { c0_##r = nn_load(C + r * ldc); c1_##r = nn_load(C + r * ldc + 4); }
    NN_REP6(NN_DECL)
    for (int p = 0; p < kc; p++) {
        const nn_v4d b0 = nn_load(B + p * ldb), b1 = nn_load(B + p * ldb + 4);
        __builtin_prefetch(B + (p + 16) * ldb);
        __builtin_prefetch(B + (p + 16) * ldb + 7);
#define NN_STEP(r) if (MR > r) { const nn_v4d a = nn_splat(Ap[p * MR + r]); \
        c0_##r = __builtin_elementwise_fma(a, b0, c0_##r); c1_##r = __builtin_elementwise_fma(a, b1, c1_##r); }
        NN_REP6(NN_STEP)
    }
#define NN_STORE(r) if (MR > r) { *(nn_v4d *)(C + r * ldc) = c0_##r; *(nn_v4d *)(C + r * ldc + 4) = c1_##r; }
    NN_REP6(NN_STORE)
}

#define NN_NN_TILE(MR) \
NN_TARGET __attribute__((noinline)) \
static void nn_nn_tile##MR(int kc, int first, const double *Ap, const double *B, long ldb, double *C, long ldc) { \
    nn_nn_tile(MR, kc, first, Ap, B, ldb, C, ldc); \
}
NN_NN_TILE(6) NN_NN_TILE(5) NN_NN_TILE(4) NN_NN_TILE(3) NN_NN_TILE(2) NN_NN_TILE(1)

static void nn_nn_tile_avx2(int MR, int kc, int first, const double *Ap, const double *B, long ldb,
                            double *C, long ldc) {
    static void (*const tiles[])(int, int, const double *, const double *, long, double *, long) = {
        nn_nn_tile1, nn_nn_tile2, nn_nn_tile3, nn_nn_tile4, nn_nn_tile5, nn_nn_tile6};
    tiles[MR - 1](kc, first, Ap, B, ldb, C, ldc);
}

/// One column of a row block: rows 0–3 in a register, the others one by one.
NN_TARGET
static void nn_nn_column_avx2(int MR, int kc, const double *Ap, const double *B, long ldb, double *c) {
    nn_v4d lo = MR >= 4 ? nn_load(c) : nn_splat(0);
    double c4 = MR > 4 ? c[4] : 0.0, c5 = MR > 5 ? c[5] : 0.0;
    if (MR < 4) {
        for (int p = 0; p < kc; p++)
            for (int r = 0; r < MR; r++) c[r] = __builtin_fma(Ap[p * MR + r], B[p * ldb], c[r]);
        return;
    }
    for (int p = 0; p < kc; p++) {
        const double b = B[p * ldb];
        lo = __builtin_elementwise_fma(nn_load(Ap + p * MR), nn_splat(b), lo);
        if (MR > 4) c4 = __builtin_fma(Ap[p * MR + 4], b, c4);
        if (MR > 5) c5 = __builtin_fma(Ap[p * MR + 5], b, c5);
    }
    *(nn_v4d *)c = lo;
    if (MR > 4) c[4] = c4;
    if (MR > 5) c[5] = c5;
}

/// The row blocks of A·B: as even as blocks of at most 6 rows allow (20 = 4 × 5).
static int nn_nn_rows_avx2(int left) {
    const int blocks = (left + 5) / 6;
    return (left + blocks - 1) / blocks;
}

/// A·Xᵀ packs 8 rows (two registers) while more than 4 are left, then 4, zero-padded.
/// 2. Measured faster than blocks of 12 rows: three registers of A and 4 columns
///    of X leave no register for the broadcast, and the compiler spills.
static int nn_nt_rows_avx2(int left) { return left > 4 ? 8 : 4; }

/// Columns of X per tile: 12 accumulators for either width.
static int nn_nt_cols_avx2(int W) { return W == 8 ? 6 : 12; }

/// QR rows q of X against W = 4·WV packed rows of A: acc[q][r] = Σp A[r, p]·X[q, p]
/// in the loop's order.
NN_TARGET __attribute__((always_inline))
static inline void nn_nt_tile(const int WV, const int QR, int K, const double *At, const double *X,
                              long ldx, double acc[][NN_NT_MAX_ROWS]) {
#define NT_DECL(q) nn_v4d a0_##q = nn_splat(0), a1_##q = nn_splat(0);
    NN_REP12(NT_DECL)
    const int W = 4 * WV;
    for (int p = 0; p < K; p++) {
        const nn_v4d v0 = nn_load(At + p * W), v1 = WV > 1 ? nn_load(At + p * W + 4) : v0;
#define NT_STEP(q) if (QR > q) { const nn_v4d x = nn_splat(X[q * ldx + p]); \
        a0_##q = __builtin_elementwise_fma(v0, x, a0_##q); \
        if (WV > 1) a1_##q = __builtin_elementwise_fma(v1, x, a1_##q); }
        NN_REP12(NT_STEP)
    }
#define NT_SAVE(q) if (QR > q) { *(nn_v4d *)acc[q] = a0_##q; if (WV > 1) *(nn_v4d *)(acc[q] + 4) = a1_##q; }
    NN_REP12(NT_SAVE)
}

/// The full tile of each width, and one for fewer columns (QR known only at run time).
#define NN_NT_TILE(WV, QR) \
NN_TARGET __attribute__((noinline)) \
static void nn_nt_tile##WV(int K, const double *At, const double *X, long ldx, double acc[][NN_NT_MAX_ROWS]) { \
    nn_nt_tile(WV, QR, K, At, X, ldx, acc); \
} \
NN_TARGET __attribute__((noinline)) \
static void nn_nt_tile##WV##_tail(int qr, int K, const double *At, const double *X, long ldx, \
                                  double acc[][NN_NT_MAX_ROWS]) { \
    nn_nt_tile(WV, qr, K, At, X, ldx, acc); \
}
NN_NT_TILE(2, 6) NN_NT_TILE(1, 12)

static void nn_nt_tile_avx2(int W, int QR, int K, const double *At, const double *X, long ldx,
                            double acc[][NN_NT_MAX_ROWS]) {
    const int full = QR == nn_nt_cols_avx2(W);
    if (W == 8) { if (full) nn_nt_tile2(K, At, X, ldx, acc); else nn_nt_tile2_tail(QR, K, At, X, ldx, acc); }
    else { if (full) nn_nt_tile1(K, At, X, ldx, acc); else nn_nt_tile1_tail(QR, K, At, X, ldx, acc); }
}

const nn_path nn_path_avx2 = {nn_nn_rows_avx2, 8, nn_nn_tile_avx2, nn_nn_column_avx2,
                              nn_nt_rows_avx2, nn_nt_cols_avx2, nn_nt_tile_avx2};

NN_PATH_ENTRIES(avx2)
#endif
