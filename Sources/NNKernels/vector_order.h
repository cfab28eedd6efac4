#ifndef NNSTEP_VECTOR_ORDER_H
#define NNSTEP_VECTOR_ORDER_H

// Products with a row or column operand, in the order numpy's BLAS adds their terms.
//
// numpy's np.dot (and @) on 2-D operands sends a product to gemm only when both
// operands are matrices (multiarray/cblasfuncs.c, `cblas_matrixproduct`); with a
// 1 × k row or a k × 1 column on either side it calls gemv or dot instead:
//
//   shape of op(A)·op(B)      how op(A), op(B) are laid out    numpy calls   here
//   1×1 · 1×1                 any                              a·b           a·b
//   1×k · k×1   (k > 1)       any                              ddot          nn_dot_order
//   1×k · k×n   (n > 1)       op(B) = B        (W·A, Wᵀ·dZ)    dgemv_n       nn_gemv_n_order
//                             op(B) = Bᵀ       (dZ·Aᵀ)         dgemv_t       nn_gemv_t_order
//   m×k · k×1   (m > 1)       op(A) = A        (W·A, dZ·Aᵀ)    dgemv_t       nn_gemv_t_order
//                             op(A) = Aᵀ       (Wᵀ·dZ)         dgemv_n       nn_gemv_n_order
//   k = 1, or both matrices   any                              dgemm/axpy    the fma chain
//
// The orders are those of the kernels of OpenBLAS's SkylakeX core (the wheel's
// scipy-openblas, 0.3.31, which numpy runs on every x86-64 CPU with AVX-512, as
// on this project's reference machine), read from the kernels' machine code and
// held to numpy's bits by Tests/NNCoreTests/Fixtures/vector_products.json.
// OpenBLAS's Haswell core (AVX2 CPUs, Zen 1–3) sums dgemv_n and ddot in other
// orders, so numpy's own bits differ between machines; nnstep's do not, as
// these are plain C on every CPU and product path.
//
// Every function here is `always_inline`, so it takes the FMA3 instruction
// where its caller is built for it, and the C library's fma otherwise; the two
// give the same bits.

#define NN_INLINE static inline __attribute__((always_inline))

/// ddot's order for a · b over k terms (SkylakeX `ddot_k`, k < 10001, one thread):
/// the first k & −16 terms in 16 lanes (4 × 4) of fused multiply-adds, in 32 lanes
/// (4 × 8, folded to 16) while 32 remain, the lanes summed, then a chain of the rest.
NN_INLINE double nn_dot_order(int k, const double *a, const double *b) {
    const int body = k & -16;
    double r = 0.0;
    if (body > 0) {
        double acc[4][4] = {{0}};
        int i = 0;
        if (body >= 32) {                         // zmm lanes: 4 registers × 8
            double z[4][8] = {{0}};
            for (; i < (body & -32); i += 32)
                for (int v = 0; v < 4; v++)
                    for (int l = 0; l < 8; l++)
                        z[v][l] = __builtin_fma(a[i + 8 * v + l], b[i + 8 * v + l], z[v][l]);
            for (int v = 0; v < 4; v++)
                for (int l = 0; l < 4; l++) acc[v][l] = z[v][l] + z[v][l + 4];
        }
        for (; i < body; i += 16)                 // ymm lanes: 4 registers × 4
            for (int v = 0; v < 4; v++)
                for (int l = 0; l < 4; l++)
                    acc[v][l] = __builtin_fma(a[i + 4 * v + l], b[i + 4 * v + l], acc[v][l]);
        double s[4];
        for (int l = 0; l < 4; l++) s[l] = ((acc[1][l] + acc[0][l]) + acc[2][l]) + acc[3][l];
        r = (s[0] + s[2]) + (s[1] + s[3]);
    }
    for (int i = body; i < k; i++) r = __builtin_fma(a[i], b[i], r);
    return 0.0 + r;                               // numpy adds the result to 0
}

/// dgemv_t's order for output j of `outputs`, a · x over k terms (k < 2048): the
/// first k & −4 terms in lanes by i mod 4 (the kernel of each 4 outputs fuses, the
/// kernels of a last 2 or 1 do not), then the last k mod 4 terms added as one sum.
NN_INLINE double nn_gemv_t_one(int k, int j, int outputs, const double *a, const double *x) {
    const int tail = k & 3, body = k - tail, quads = outputs & -4;
    double y = 0.0;
    if (body > 0) {
        double r;
        if (j < quads) {                          // 4 outputs: fused lanes i mod 4
            double l0 = 0, l1 = 0, l2 = 0, l3 = 0;
            for (int i = 0; i < body; i += 4) {
                l0 = __builtin_fma(a[i], x[i], l0);
                l1 = __builtin_fma(a[i + 1], x[i + 1], l1);
                l2 = __builtin_fma(a[i + 2], x[i + 2], l2);
                l3 = __builtin_fma(a[i + 3], x[i + 3], l3);
            }
            r = (l0 + l2) + (l1 + l3);
        } else if ((outputs & 2) && j < quads + 2) {   // 2 outputs: unfused lanes i mod 2
            double e = 0, o = 0;
            for (int i = 0; i < body; i += 2) {
                const double pe = a[i] * x[i], po = a[i + 1] * x[i + 1];
                e = e + pe;
                o = o + po;
            }
            r = e + o;
        } else {                                  // 1 output: unfused lanes i mod 4
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = 0; i < body; i += 4) {
                const double p0 = a[i] * x[i], p1 = a[i + 1] * x[i + 1];
                const double p2 = a[i + 2] * x[i + 2], p3 = a[i + 3] * x[i + 3];
                s0 = s0 + p0;
                s1 = s1 + p1;
                s2 = s2 + p2;
                s3 = s3 + p3;
            }
            r = (s0 + s2) + (s1 + s3);
        }
        y = y + r;
    }
    const double *ta = a + body, *tx = x + body;
    if (tail == 1) {
        y = __builtin_fma(ta[0], tx[0], y);
    } else if (tail == 2) {
        const double p1 = ta[1] * tx[1];
        y = y + __builtin_fma(ta[0], tx[0], p1);
    } else if (tail == 3) {
        const double p1 = ta[1] * tx[1];
        y = y + __builtin_fma(ta[2], tx[2], __builtin_fma(ta[0], tx[0], p1));
    }
    return y;
}

/// dgemv_t: y[j] = a_j · x for j < outputs, where a_j = a + j·lda holds k terms.
NN_INLINE void nn_gemv_t_order(int k, int outputs, const double *a, long lda,
                               const double *x, double *y) {
    for (int j = 0; j < outputs; j++) y[j] = nn_gemv_t_one(k, j, outputs, a + (long)j * lda, x);
}

/// dgemv_n: y[r] = Σc a[c·lda + r]·x[c] for r < M, c < N (columns a + c·lda).
///
/// Rows below M & −4 add their terms by columns in fours, (1, 0, 2, 3) fused and
/// added to y, then a pair, then a single unfused term. The last M mod 4 rows are
/// one fma chain, except when M < 4, where pairs of columns are fused then added.
NN_INLINE void nn_gemv_n_order(int M, int N, const double *a, long lda, const double *x, double *y) {
    const int tail = M & 3, body = M - tail;
    for (int r = 0; r < body; r++) {
        double s = 0.0;
        int c = 0;
        for (; c + 4 <= N; c += 4) {
            const double *col = a + (long)c * lda + r;
            double t = col[lda] * x[c + 1];
            t = __builtin_fma(col[0], x[c], t);
            t = __builtin_fma(col[2 * lda], x[c + 2], t);
            t = __builtin_fma(col[3 * lda], x[c + 3], t);
            s = s + t;
        }
        if (N & 2) {
            const double *col = a + (long)c * lda + r;
            const double t = __builtin_fma(col[0], x[c], col[lda] * x[c + 1]);
            s = s + t;
            c += 2;
        }
        if (N & 1) {
            const double p = a[(long)c * lda + r] * x[c];
            s = s + p;
        }
        y[r] = s;
    }
    for (int r = body; r < M; r++) {
        double t = 0.0;
        int c = 0;
        if (M == tail) {                          // M < 4: the kernel's blocked loop
            for (; c + 4 <= N; c += 4) {
                const double *col = a + (long)c * lda + r;
                if (M == 1) {
                    const double q = __builtin_fma(col[3 * lda], x[c + 3],
                                     __builtin_fma(col[2 * lda], x[c + 2],
                                     __builtin_fma(col[0], x[c], col[lda] * x[c + 1])));
                    t = t + q;
                } else {
                    const double q0 = __builtin_fma(col[0], x[c], col[lda] * x[c + 1]);
                    t = t + q0;
                    const double q1 = __builtin_fma(col[2 * lda], x[c + 2], col[3 * lda] * x[c + 3]);
                    t = t + q1;
                }
            }
        }
        for (; c < N; c++) t = __builtin_fma(a[(long)c * lda + r], x[c], t);
        y[r] = 0.0 + t;
    }
}

/// Whether op(A)·op(B) (m × k · k × n) is a product numpy sends to gemv or dot
/// (or the 1 × 1 · 1 × 1 it multiplies plainly) at a size OpenBLAS runs on one
/// thread in the orders above: ddot below 10001 terms; gemv below 2304 · 4
/// multiply-adds (its threshold for a second thread), dgemv_t with fewer than
/// 2048 terms per output (its block of rows).
NN_INLINE int nn_vector_order_applies(int m, int n, int k) {
    if (m == 1 && n == 1) return k < 10001;
    if (k < 2 || (m != 1 && n != 1)) return 0;
    return (long)(m == 1 ? n : m) * k < 2304L * 4 && k < 2048;
}

/// op(A)·op(B) in numpy's order for the shapes `nn_vector_order_applies` accepts.
/// A row or a column is contiguous in either layout, so each operand is a pointer
/// and the distance between its vectors.
NN_INLINE void nn_vector_product(int transA, int transB, int m, int n, int k,
                                 const double *A, int lda, const double *B, int ldb, double *C) {
    if (m == 1 && n == 1) {
        if (k == 1) { C[0] = A[0] * B[0]; return; }
        // The row op(A)[0, :] and the column op(B)[:, 0] are contiguous either way.
        C[0] = nn_dot_order(k, A, B);
    } else if (m == 1) {                          // 1×k · k×n, x = op(A)[0, :]
        if (transB) nn_gemv_t_order(k, n, B, ldb, A, C);   // B is n × k: its rows
        else nn_gemv_n_order(n, k, B, ldb, A, C);          // B is k × n: its rows are columns of y
    } else {                                      // m×k · k×1, x = op(B)[:, 0]
        if (transA) nn_gemv_n_order(m, k, A, lda, B, C);   // A is k × m
        else nn_gemv_t_order(k, m, A, lda, B, C);          // A is m × k: its rows
    }
}

#endif
