// The small-product loop: one fused multiply-add per term, in the order
// p = 0…k−1 for every element, whatever the loop nesting.
#include "NNKernels.h"

// Every a·b + c here is rounded twice, as Swift and numpy round it; the only
// fused multiply-adds are the explicit __builtin_fma.
#pragma STDC FP_CONTRACT OFF

#include "vector_order.h"

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
void nn_small_gemm(int fma, int transA, int transB, int m, int n, int k,
                                 const double *A, int lda, const double *B, int ldb, double *C) {
#if defined(__x86_64__)
    if (fma) { nn_small_gemm_fma(transA, transB, m, n, k, A, lda, B, ldb, C); return; }
#endif
    (void)fma;
    nn_small_gemm_plain(transA, transB, m, n, k, A, lda, B, ldb, C);
}


// MARK: - Products with a row or column operand

#if defined(__x86_64__)
__attribute__((target("fma")))
static void nn_vector_gemm_fma(int transA, int transB, int m, int n, int k,
                               const double *A, int lda, const double *B, int ldb, double *C) {
    nn_vector_product(transA, transB, m, n, k, A, lda, B, ldb, C);
}
#endif

/// op(A)·op(B) for a shape `nn_vector_gemm_applies` accepts, in the order of
/// numpy's gemv or dot (vector_order.h); writes every element of C. `fma` as
/// for `nn_small_gemm`: the same bits either way.
void nn_vector_gemm(int fma, int transA, int transB, int m, int n, int k,
                    const double *A, int lda, const double *B, int ldb, double *C) {
#if defined(__x86_64__)
    if (fma) { nn_vector_gemm_fma(transA, transB, m, n, k, A, lda, B, ldb, C); return; }
#endif
    (void)fma;
    nn_vector_product(transA, transB, m, n, k, A, lda, B, ldb, C);
}

int nn_vector_gemm_applies(int m, int n, int k) {
    return nn_vector_order_applies(m, n, k);
}
