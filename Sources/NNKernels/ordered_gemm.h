#ifndef NNSTEP_ORDERED_GEMM_H
#define NNSTEP_ORDERED_GEMM_H

// What one path of the ordered kernels (generic, AVX2, AVX-512) provides to
// the shared drivers in ordered_gemm.c: register tiles, and how it cuts rows.
//
// Every tile continues each C[i, j] by fused multiply-adds in the order
// p = 0…k−1 from the value it stopped at, as `nn_small_gemm` does, so the
// cutting into panels, tiles and threads changes no bit on any path.

/// Rows of B (columns of A) in one panel of an A·B product.
#define NN_KC 256
/// Rows of A an A·Xᵀ block may pack, and columns of X a tile may take.
#define NN_NT_MAX_ROWS 24
#define NN_NT_MAX_COLS 12

#define NN_REP12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

/// One path's tiles. A·B: C[i..<i+MR, j..<j+nn_cols] continued over kc rows of B,
/// with A packed as Ap[p·MR + r]. A·Xᵀ: acc[q][r] = Σp At[p·W + r]·X[q, p] for a
/// block of W packed rows of A and QR rows of X.
typedef struct {
    /// Rows of the next A·B row block, `left` rows remaining.
    int (*nn_rows)(int left);
    /// Columns of an A·B tile; a thread's share of columns starts at a multiple.
    int nn_cols;
    /// The tile, started from 0 when `first`, else from C.
    void (*nn_tile)(int MR, int kc, int first, const double *Ap, const double *B, long ldb,
                    double *C, long ldc);
    /// One column of a row block: c[r] continued over kc terms Ap[p·MR + r]·B[p·ldb].
    void (*nn_column)(int MR, int kc, const double *Ap, const double *B, long ldb, double *c);
    /// Packed rows W (≤ NN_NT_MAX_ROWS) of the next A·Xᵀ block, `left` rows remaining.
    int (*nt_rows)(int left);
    /// Columns QR (≤ NN_NT_MAX_COLS) of a full A·Xᵀ tile for a block of W rows.
    int (*nt_cols)(int W);
    /// The A·Xᵀ tile; QR is nt_cols(W) or 1.
    void (*nt_tile)(int W, int QR, int K, const double *At, const double *X, long ldx,
                    double acc[][NN_NT_MAX_ROWS]);
} nn_path;

extern const nn_path nn_path_generic;
#if defined(__x86_64__)
extern const nn_path nn_path_avx2, nn_path_avx512;
#endif

/// C = A·B on `path` (see nn_gemm_nn_* in NNKernels.h).
void nn_ordered_nn(const nn_path *path, int M, int N, int K, const double *A, int lda,
                   const double *B, int ldb, double *C, int ldc, int threads, double *scratch);

/// C = A·Xᵀ on `path` (see nn_gemm_nt_*).
void nn_ordered_nt(const nn_path *path, int M, int Q, int K, const double *A, int lda,
                   const double *X, int ldx, double *C, int ldc, int threads, double *scratch);

/// W ← W − α·(s·(dZ·Xᵀ)), then Z = W·X on `path` (see nn_descend_multiply_*).
void nn_ordered_descend(const nn_path *path, int M, int N0, int m, const double *dZ, int lddz,
                        const double *X, int ldx, double *W, int ldw, double *Z, int ldz,
                        double alpha, double s, int threads, double *scratch);

/// The three public kernels of path `P`, each a call of its driver.
#define NN_PATH_ENTRIES(P)                                                                         \
    void nn_gemm_nn_##P(int M, int N, int K, const double *A, int lda, const double *B, int ldb,   \
                        double *C, int ldc, int threads, double *scratch) {                       \
        nn_ordered_nn(&nn_path_##P, M, N, K, A, lda, B, ldb, C, ldc, threads, scratch);            \
    }                                                                                              \
    void nn_gemm_nt_##P(int M, int Q, int K, const double *A, int lda, const double *X, int ldx,   \
                        double *C, int ldc, int threads, double *scratch) {                       \
        nn_ordered_nt(&nn_path_##P, M, Q, K, A, lda, X, ldx, C, ldc, threads, scratch);            \
    }                                                                                              \
    void nn_descend_multiply_##P(int M, int N0, int m, const double *dZ, int lddz, const double *X, \
                                 int ldx, double *W, int ldw, double *Z, int ldz, double alpha,     \
                                 double s, int threads, double *scratch) {                         \
        nn_ordered_descend(&nn_path_##P, M, N0, m, dZ, lddz, X, ldx, W, ldw, Z, ldz, alpha, s,      \
                           threads, scratch);                                                      \
    }

#endif
