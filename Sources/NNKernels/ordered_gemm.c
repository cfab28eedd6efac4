// The drivers of the ordered kernels, shared by every path: panels, packing,
// the two-thread split, and the public scratch sizes. The arithmetic is in
// each path's tiles (ordered_gemm_generic.c, _avx2.c, _avx512.c).
#include "NNKernels.h"
#include "ordered_gemm.h"
#include "parallel.h"

// 1. The update out − α·(s·acc) is rounded twice, as `Matrix.descend` rounds it.
#pragma STDC FP_CONTRACT OFF

// Large products with the loop's bits: each C[i, j] is the same chain of fused
// multiply-adds over p = 0…k−1 as `nn_small_gemm`. A·B is cut into panels that
// stay in cache (NN_KC rows of B, a path's tile of columns, its block of rows of
// A), but a chain is only ever continued from the value it stopped at, so the
// cutting changes no bit. A·Xᵀ keeps each chain in a register over all of K.
//
// With two threads (`nn_run`) each kernel's output is cut in two blocks of
// columns, one per thread; an element's chain is still formed by one thread
// in the same order, so the threads change no bit either.

/// Columns j0 ..< j1 of C (M × N; j0 a multiple of the tile width) continued
/// over rows k0 ..< k0 + kc of B (columns of A); k0 = 0 starts from 0. `Ap`
/// (M·NN_KC doubles) receives the panel of A, block by block of rows and
/// interleaved within a block (Ap[p·MR + r]), so that each tile reads A as one stream.
static void nn_nn_panel(const nn_path *path, int M, int N, int j0, int j1, int k0, int kc,
                        const double *A, long lda, const double *B, long ldb, double *C, long ldc,
                        double *Ap) {
    if (j0 >= j1) return;
    const int first = k0 == 0, NR = path->nn_cols;
    A += k0;
    B += (long)k0 * ldb;
    for (int i = 0; i < M;) {
        const int MR = path->nn_rows(M - i);
        double *block = Ap + (long)i * kc;
        for (int p = 0; p < kc; p++)
            for (int r = 0; r < MR; r++) block[p * MR + r] = A[(long)(i + r) * lda + p];
        i += MR;
    }
    const int full = N - N % NR;
    for (int j = j0; j < (j1 < full ? j1 : full); j += NR) {
        for (int i = 0; i < M;) {
            const int MR = path->nn_rows(M - i);
            path->nn_tile(MR, kc, first, Ap + (long)i * kc, B + j, ldb, C + (long)i * ldc + j, ldc);
            i += MR;
        }
    }
    for (int j = j0 > full ? j0 : full; j < j1; j++) {   // the last columns, the rows of a block side by side
        for (int i = 0; i < M;) {
            const int MR = path->nn_rows(M - i);
            double c[NN_NT_MAX_ROWS];
            for (int r = 0; r < MR; r++) c[r] = first ? 0.0 : C[(long)(i + r) * ldc + j];
            path->nn_column(MR, kc, Ap + (long)i * kc, B + j, ldb, c);
            for (int r = 0; r < MR; r++) C[(long)(i + r) * ldc + j] = c[r];
            i += MR;
        }
    }
}

long nn_nn_scratch(int M) { return (long)M * NN_KC; }

/// Where part `part` of `parts` of N columns starts: a multiple of `step`, the
/// first part (the calling thread, which need not wake up) taking the larger.
static inline int nn_split(int N, int step, int part, int parts) {
    if (part == 0) return 0;
    if (part == parts) return N;
    const int cut = (N / step + 1) / 2 * step;
    return cut < N ? cut : N;
}

/// Columns j0 ..< j1 of C = A·B over all of K, panel by panel.
static void nn_nn_columns(const nn_path *path, int M, int N, int K, int j0, int j1, const double *A,
                          long lda, const double *B, long ldb, double *C, long ldc, double *Ap) {
    for (int k0 = 0; k0 < K; k0 += NN_KC)
        nn_nn_panel(path, M, N, j0, j1, k0, K - k0 < NN_KC ? K - k0 : NN_KC, A, lda, B, ldb, C, ldc, Ap);
}

/// The arguments of `nn_ordered_nn`, for its parts.
typedef struct {
    const nn_path *path;
    int M, N, K;
    const double *A, *B;
    int lda, ldb, ldc;
    double *C, *scratch;
} nn_nn_job;

/// Columns of part `part` of C = A·B, with that part's scratch.
static void nn_nn_part(void *ctx, int part, int parts) {
    const nn_nn_job *g = ctx;
    const int step = g->path->nn_cols;
    nn_nn_columns(g->path, g->M, g->N, g->K, nn_split(g->N, step, part, parts),
                  nn_split(g->N, step, part + 1, parts), g->A, g->lda, g->B, g->ldb, g->C, g->ldc,
                  g->scratch + part * nn_nn_scratch(g->M));
}

void nn_ordered_nn(const nn_path *path, int M, int N, int K, const double *A, int lda,
                   const double *B, int ldb, double *C, int ldc, int threads, double *scratch) {
    nn_nn_job job = {path, M, N, K, A, B, lda, ldb, ldc, C, scratch};
    nn_run(threads, nn_nn_part, &job);
}

/// Every block of rows of A (M × K) packed for A·Xᵀ: the block at row i0 holds
/// At[i0·K + p·W + r] = A[i0 + r, p], zero beyond row M.
static void nn_nt_pack(const nn_path *path, int M, int K, const double *A, long lda, double *At) {
    for (int i0 = 0; i0 < M;) {
        const int W = path->nt_rows(M - i0);
        double *block = At + (long)i0 * K;
        for (int p = 0; p < K; p++)
            for (int r = 0; r < W; r++) block[(long)p * W + r] = i0 + r < M ? A[(long)(i0 + r) * lda + p] : 0.0;
        i0 += W;
    }
}

/// 2. A block of W rows never exceeds the rows left by more than W − 1 ≤ 23.
long nn_nt_scratch(int M, int K) { return (long)(M + NN_NT_MAX_ROWS - 1) * K; }

/// Columns of X that every block of rows of A meets in turn: 24 rows of X
/// (~40 KB for the course's K = 209) stay in cache for all the blocks.
#define NN_NT_GROUP 24

/// Columns q0 ..< q1 of A·Xᵀ (A: M × K, packed in At; X: rows × K) into `out`,
/// or subtracted as out − α·(s·(A·Xᵀ)) when `descend`; the last tile of a
/// block may take fewer columns of X than the path's full tile.
static void nn_nt_columns(const nn_path *path, int M, int K, int q0, int q1, const double *At,
                          const double *X, long ldx, double *out, long ldo, int descend, double alpha,
                          double s) {
    double acc[NN_NT_MAX_COLS][NN_NT_MAX_ROWS];
    for (int g0 = q0; g0 < q1; g0 += NN_NT_GROUP) {
        const int g1 = q1 - g0 < NN_NT_GROUP ? q1 : g0 + NN_NT_GROUP;
        for (int i0 = 0; i0 < M;) {
            const int W = path->nt_rows(M - i0), QR = path->nt_cols(W), rows = M - i0 < W ? M - i0 : W;
            for (int q = g0; q < g1;) {
                const int width = g1 - q < QR ? g1 - q : QR;
                path->nt_tile(W, width, K, At + (long)i0 * K, X + (long)q * ldx, ldx, acc);
                for (int r = 0; r < rows; r++) {
                    double *o = out + (long)(i0 + r) * ldo + q;
                    if (descend) { for (int c = 0; c < width; c++) o[c] = o[c] - alpha * (s * acc[c][r]); }
                    else { for (int c = 0; c < width; c++) o[c] = acc[c][r]; }
                }
                q += width;
            }
            i0 += W;
        }
    }
}

/// Columns of C = A·Xᵀ a thread takes at a time (`nn_nt_chunks`).
#define NN_NT_CHUNK 96

/// Columns of out = A·Xᵀ (or out − α·(s·(A·Xᵀ)) when `descend`), NN_NT_CHUNK
/// at a time as long as `next` has some left: the parts share them out as
/// they come, so a part that starts late or is descheduled does less.
static void nn_nt_chunks(const nn_path *path, int M, int Q, int K, const double *At, const double *X,
                         long ldx, double *out, long ldo, int descend, double alpha, double s, int *next) {
    for (;;) {
        const int q0 = __atomic_fetch_add(next, NN_NT_CHUNK, __ATOMIC_RELAXED);
        if (q0 >= Q) return;
        nn_nt_columns(path, M, K, q0, q0 + NN_NT_CHUNK < Q ? q0 + NN_NT_CHUNK : Q, At, X, ldx,
                      out, ldo, descend, alpha, s);
    }
}

/// The arguments of `nn_ordered_nt`, for its parts (A already packed).
typedef struct {
    const nn_path *path;
    int M, Q, K;
    const double *At, *X;
    int ldx, ldc;
    double *C;
    int next;
} nn_nt_job;

/// A share of the columns of C = A·Xᵀ.
static void nn_nt_part(void *ctx, int part, int parts) {
    nn_nt_job *g = ctx;
    (void)part, (void)parts;
    nn_nt_chunks(g->path, g->M, g->Q, g->K, g->At, g->X, g->ldx, g->C, g->ldc, 0, 0.0, 0.0, &g->next);
}

void nn_ordered_nt(const nn_path *path, int M, int Q, int K, const double *A, int lda,
                   const double *X, int ldx, double *C, int ldc, int threads, double *scratch) {
    nn_nt_pack(path, M, K, A, lda, scratch);
    nn_nt_job job = {path, M, Q, K, scratch, X, ldx, ldc, C, 0};
    nn_run(threads, nn_nt_part, &job);
}

/// The arguments of `nn_ordered_descend`, for its parts (dZ already packed).
typedef struct {
    const nn_path *path;
    int M, N0, m;
    const double *dZt, *X;
    int ldx, ldw, ldz;
    double *W, *Z, *Ap;
    double alpha, s;
    int next;
    nn_barrier stepped;
} nn_descend_job;

/// Part `part` of `parts`. On one thread, for each panel of KC rows of X the
/// columns of W it touches are stepped, then Z is continued over them, so X
/// is read once. On two, a share of W's columns is stepped (as they come),
/// then, once both parts have stepped all of W, its half of Z's columns.
/// 3. One meeting per call instead of one per panel: X is read twice, but a
///    part that is late (woken late, or sharing a core) holds the other up once.
static void nn_descend_part(void *ctx, int part, int parts) {
    nn_descend_job *g = ctx;
    const nn_path *path = g->path;
    if (parts < 2) {
        for (int k0 = 0; k0 < g->N0; k0 += NN_KC) {
            const int kc = g->N0 - k0 < NN_KC ? g->N0 - k0 : NN_KC;
            nn_nt_columns(path, g->M, g->m, k0, k0 + kc, g->dZt, g->X, g->ldx, g->W, g->ldw, 1, g->alpha, g->s);
            nn_nn_panel(path, g->M, g->m, 0, g->m, k0, kc, g->W, g->ldw, g->X, g->ldx, g->Z, g->ldz, g->Ap);
        }
        return;
    }
    nn_nt_chunks(path, g->M, g->N0, g->m, g->dZt, g->X, g->ldx, g->W, g->ldw, 1, g->alpha, g->s, &g->next);
    nn_barrier_wait(&g->stepped, part, parts);
    const int step = path->nn_cols;
    nn_nn_columns(path, g->M, g->m, g->N0, nn_split(g->m, step, part, parts), nn_split(g->m, step, part + 1, parts),
                  g->W, g->ldw, g->X, g->ldx, g->Z, g->ldz, g->Ap + part * nn_nn_scratch(g->M));
}

void nn_ordered_descend(const nn_path *path, int M, int N0, int m, const double *dZ, int lddz,
                        const double *X, int ldx, double *W, int ldw, double *Z, int ldz,
                        double alpha, double s, int threads, double *scratch) {
    nn_nt_pack(path, M, m, dZ, lddz, scratch);
    nn_descend_job job = {path, M, N0, m, scratch, X, ldx, ldw, ldz, W, Z, scratch + nn_nt_scratch(M, m),
                          alpha, s, 0, {{0, 0}}};
    nn_run(threads, nn_descend_part, &job);
}
