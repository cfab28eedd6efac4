#ifndef NNSTEP_CBLAS_SHIM_H
#define NNSTEP_CBLAS_SHIM_H

// The two BLIS entry points nnstep uses (Debian's libblis-dev, 32-bit BLAS
// integers). They are declared here rather than through BLIS's own cblas.h,
// whose system includes clash with Swift's Glibc module.

void cblas_dgemm(int order, int transA, int transB,
                 int m, int n, int k,
                 double alpha, const double *a, int lda,
                 const double *b, int ldb,
                 double beta, double *c, int ldc);

void bli_thread_set_num_threads(long threads);

/// C = alpha · op(A) · op(B) + beta · C for row-major matrices (CBLAS codes
/// 101 = row-major, 111 = no transpose, 112 = transpose).
static inline void nn_dgemm(int transA, int transB, int m, int n, int k,
                            double alpha, const double *a, int lda,
                            const double *b, int ldb,
                            double beta, double *c, int ldc) {
    cblas_dgemm(101, transA ? 112 : 111, transB ? 112 : 111,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/// How many threads BLIS may use for one product.
static inline void nn_blas_set_threads(long threads) {
    bli_thread_set_num_threads(threads);
}

#endif
