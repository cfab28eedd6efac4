#ifndef NNSTEP_NNKERNELS_H
#define NNSTEP_NNKERNELS_H

// Matrix-product kernels for NNCore, in C for the CPU's fused multiply-add,
// AVX2 and AVX-512 instructions, which Swift's baseline x86-64 target cannot use.
//
// Every kernel forms each C[i, j] as the same chain of fused multiply-adds
// over p = 0…k−1, so all of them give the same bits (those of numpy's dgemm
// for the lecture's sizes); they differ only in speed. `nn_vector_gemm` alone
// takes other orders: those of numpy's gemv and dot, for a row or column
// operand. The ordered kernels take `threads`: with 2 (or more), the calling
// thread and one persistent worker each form a share of the output's columns,
// which changes no bit.

/// 1 when the CPU and the OS support FMA3 on AVX registers, else 0.
int nn_cpu_has_fma(void);

/// 1 when the CPU and the OS support AVX2 and FMA3 (YMM state saved), else 0.
int nn_cpu_has_avx2(void);

/// 1 when the CPU and the OS support AVX-512 F (ZMM state saved), else 0.
int nn_cpu_has_avx512(void);

/// OpenBLAS's name for the best kernel set of this CPU (SkylakeX, Haswell,
/// Sandybridge), or NULL to let OpenBLAS choose.
const char *nn_openblas_coretype(void);

/// C = op(A)·op(B) in plain loops; `C` must hold zeros. `fma` (from
/// `nn_cpu_has_fma`) picks the CPU's fused multiply-add instruction over the C
/// library's `fma`, which gives the same bits ~10× slower.
void nn_small_gemm(int fma, int transA, int transB, int m, int n, int k,
                   const double *A, int lda, const double *B, int ldb, double *C);

/// Whether numpy sends op(A)·op(B) (m × k · k × n) to its BLAS's gemv or dot, or
/// multiplies a 1×1 by a 1×1, at a size its OpenBLAS runs on one thread: then
/// `nn_vector_gemm` gives numpy's bits (those of OpenBLAS's SkylakeX kernels).
int nn_vector_gemm_applies(int m, int n, int k);

/// op(A)·op(B) in numpy's order for a shape `nn_vector_gemm_applies` accepts;
/// writes every element of C. `fma` as for `nn_small_gemm`: the same bits either way.
void nn_vector_gemm(int fma, int transA, int transB, int m, int n, int k,
                    const double *A, int lda, const double *B, int ldb, double *C);

/// Doubles of scratch that `nn_gemm_nn_*` needs per thread (every path).
long nn_nn_scratch(int M);

/// Doubles of scratch that `nn_gemm_nt_*` needs (every path).
long nn_nt_scratch(int M, int K);

// The ordered kernels, one set per path: `generic` (portable C, every CPU),
// `avx2` (only where `nn_cpu_has_avx2`), `avx512` (only where `nn_cpu_has_avx512`).
// They take the same arguments and give the same bits.
#define NN_ORDERED_KERNELS(P)                                                                     \
    /** C = A·B (M × K times K × N, row-major). `scratch` holds                                   \
        min(threads, 2) · nn_nn_scratch(M) doubles. */                                             \
    void nn_gemm_nn_##P(int M, int N, int K, const double *A, int lda, const double *B, int ldb,  \
                        double *C, int ldc, int threads, double *scratch);                        \
    /** C = A·Xᵀ (M × K times (Q × K)ᵀ, row-major). `scratch` holds nn_nt_scratch(M, K). */       \
    void nn_gemm_nt_##P(int M, int Q, int K, const double *A, int lda, const double *X, int ldx,  \
                        double *C, int ldc, int threads, double *scratch);                        \
    /** The first layer's step fused with the next forward product, reading X once:             \
        W ← W − α·(s·(dZ·Xᵀ)), then Z = W·X. Every value equals nn_gemm_nt, the update, and       \
        nn_gemm_nn run one after the other. `scratch` holds nn_nt_scratch(M, m) +                 \
        min(threads, 2) · nn_nn_scratch(M) doubles. */                                             \
    void nn_descend_multiply_##P(int M, int N0, int m, const double *dZ, int lddz,                \
                                 const double *X, int ldx, double *W, int ldw, double *Z, int ldz, \
                                 double alpha, double s, int threads, double *scratch);

NN_ORDERED_KERNELS(generic)
#if defined(__x86_64__)
NN_ORDERED_KERNELS(avx2)
NN_ORDERED_KERNELS(avx512)
#endif

/// Runs body(ctx, i) for i = 0…count−1 on up to `threads` threads (the caller and the
/// kernels' worker), each index whole on one thread, so what the bodies compute does not
/// depend on the thread count; returns when every index has run.
void nn_parallel_for(int threads, int count, void (*body)(void *ctx, int index), void *ctx);

#endif
