// The ordered kernels' tiles in portable C, for every CPU: 4 × 4 blocks of
// scalars that the compiler keeps in registers (and may vectorise), one
// `__builtin_fma` per term.
//
// 1. Where the target has a fused multiply-add instruction (arm64, x86-64
//    built for FMA3) `__builtin_fma` is that instruction; on baseline x86-64
//    it is the C library's `fma`, a call per term: the same bits, ~10× slower.
#include "NNKernels.h"
#include "ordered_gemm.h"

#pragma STDC FP_CONTRACT OFF

/// C[0..<MR, 0..<4] continued over kc terms (or started from 0 when `first`).
__attribute__((always_inline))
static inline void nn_nn_tile(const int MR, int kc, int first, const double *Ap,
                              const double *B, long ldb, double *C, long ldc) {
    double c[4][4];
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < 4; j++) c[r][j] = first ? 0.0 : C[r * ldc + j];
    for (int p = 0; p < kc; p++) {
        const double *b = B + p * ldb;
        for (int r = 0; r < MR; r++) {
            const double a = Ap[p * MR + r];
            for (int j = 0; j < 4; j++) c[r][j] = __builtin_fma(a, b[j], c[r][j]);
        }
    }
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < 4; j++) C[r * ldc + j] = c[r][j];
}

#define NN_NN_TILE(MR) \
__attribute__((noinline)) \
static void nn_nn_tile##MR(int kc, int first, const double *Ap, const double *B, long ldb, double *C, long ldc) { \
    nn_nn_tile(MR, kc, first, Ap, B, ldb, C, ldc); \
}
NN_NN_TILE(4) NN_NN_TILE(3) NN_NN_TILE(2) NN_NN_TILE(1)

static void nn_nn_tile_generic(int MR, int kc, int first, const double *Ap, const double *B, long ldb,
                               double *C, long ldc) {
    static void (*const tiles[])(int, int, const double *, const double *, long, double *, long) = {
        nn_nn_tile1, nn_nn_tile2, nn_nn_tile3, nn_nn_tile4};
    tiles[MR - 1](kc, first, Ap, B, ldb, C, ldc);
}

/// One column of a row block: c[r] continued over kc terms Ap[p·MR + r]·B[p·ldb].
static void nn_nn_column_generic(int MR, int kc, const double *Ap, const double *B, long ldb, double *c) {
    for (int p = 0; p < kc; p++)
        for (int r = 0; r < MR; r++) c[r] = __builtin_fma(Ap[p * MR + r], B[p * ldb], c[r]);
}

/// The row blocks of A·B: as even as blocks of at most 4 rows allow.
static int nn_nn_rows_generic(int left) {
    const int blocks = (left + 3) / 4;
    return (left + blocks - 1) / blocks;
}

/// A·Xᵀ packs 4 rows (fewer at the end, without padding) and takes 4 rows of X.
static int nn_nt_rows_generic(int left) { return left < 4 ? left : 4; }
static int nn_nt_cols_generic(int W) { (void)W; return 4; }

/// QR rows q of X against W packed rows of A: acc[q][r] = Σp A[r, p]·X[q, p] in the loop's order.
__attribute__((always_inline))
static inline void nn_nt_tile(const int W, const int QR, int K, const double *At, const double *X,
                              long ldx, double acc[][NN_NT_MAX_ROWS]) {
    double a[4][4] = {{0}};
    for (int p = 0; p < K; p++)
        for (int q = 0; q < QR; q++) {
            const double x = X[q * ldx + p];
            for (int r = 0; r < W; r++) a[q][r] = __builtin_fma(At[p * W + r], x, a[q][r]);
        }
    for (int q = 0; q < QR; q++)
        for (int r = 0; r < W; r++) acc[q][r] = a[q][r];
}

#define NN_NT_TILE(W) \
__attribute__((noinline)) \
static void nn_nt_tile##W(int QR, int K, const double *At, const double *X, long ldx, double acc[][NN_NT_MAX_ROWS]) { \
    if (QR == 4) nn_nt_tile(W, 4, K, At, X, ldx, acc); \
    else for (int q = 0; q < QR; q++) nn_nt_tile(W, 1, K, At, X + (long)q * ldx, ldx, acc + q); \
}
NN_NT_TILE(4) NN_NT_TILE(3) NN_NT_TILE(2) NN_NT_TILE(1)

static void nn_nt_tile_generic(int W, int QR, int K, const double *At, const double *X, long ldx,
                               double acc[][NN_NT_MAX_ROWS]) {
    static void (*const tiles[])(int, int, const double *, const double *, long, double (*)[NN_NT_MAX_ROWS]) = {
        nn_nt_tile1, nn_nt_tile2, nn_nt_tile3, nn_nt_tile4};
    tiles[W - 1](QR, K, At, X, ldx, acc);
}

const nn_path nn_path_generic = {nn_nn_rows_generic, 4, nn_nn_tile_generic, nn_nn_column_generic,
                                 nn_nt_rows_generic, nn_nt_cols_generic, nn_nt_tile_generic};

NN_PATH_ENTRIES(generic)
