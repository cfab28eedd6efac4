// Large products in the small-product loop's order, with AVX-512.
#include "NNKernels.h"
#include "parallel.h"

#pragma STDC FP_CONTRACT OFF

// Large products with the loop's bits: each C[i, j] is the same chain of fused
// multiply-adds over p = 0…k−1 as `nn_small_gemm`, eight columns at a time in
// 512-bit registers. The products are cut into panels that stay in cache
// (KC rows of B, 16 columns, up to 12 rows of A), but a chain is only ever
// continued from the value it stopped at, so the cutting changes no bit.
// Functions with `avx512` in their name run only where `nn_cpu_has_avx512`.
//
// With two threads (`nn_run`) each kernel's output is cut in two blocks of
// columns, one per thread; an element's chain is still formed by one thread
// in the same order, so the threads change no bit either.

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

/// Columns j0 ..< j1 of C (M × N; j0 a multiple of 16) continued over rows
/// k0 ..< k0 + kc of B (columns of A); `first` starts from 0. `Ap` (M·NN_KC
/// doubles) receives the panel of A, block by block of rows and interleaved
/// within a block (Ap[p·MR + r]), so that each tile reads A as one stream.
__attribute__((target("avx512f")))
static void nn_nn_panel_avx512(int M, int N, int j0, int j1, int k0, int kc, const double *A, long lda,
                               const double *B, long ldb, double *C, long ldc, double *Ap) {
    if (j0 >= j1) return;
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
    for (int j = j0; j < (j1 < N16 ? j1 : N16); j += 16) {
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
    for (int j = j0 > N16 ? j0 : N16; j < j1; j++) {   // the last columns, the rows of a block side by side
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

/// Doubles of scratch that `nn_gemm_nn_avx512` needs per thread.
long nn_nn_scratch(int M) { return (long)M * NN_KC; }

/// Where part `part` of `parts` of N columns starts: a multiple of `step`, the
/// first part (the calling thread, which need not wake up) taking the larger.
static inline int nn_split(int N, int step, int part, int parts) {
    if (part == 0) return 0;
    if (part == parts) return N;
    const int cut = (N / step + 1) / 2 * step;
    return cut < N ? cut : N;
}

/// The arguments of `nn_gemm_nn_avx512`, for its parts.
typedef struct {
    int M, N, K;
    const double *A, *B;
    int lda, ldb, ldc;
    double *C, *scratch;
} nn_nn_job;

/// Columns of part `part` of C = A·B, with that part's scratch.
__attribute__((target("avx512f")))
static void nn_nn_part(void *ctx, int part, int parts) {
    const nn_nn_job *g = ctx;
    const int j0 = nn_split(g->N, 16, part, parts), j1 = nn_split(g->N, 16, part + 1, parts);
    double *Ap = g->scratch + part * nn_nn_scratch(g->M);
    for (int k0 = 0; k0 < g->K; k0 += NN_KC)
        nn_nn_panel_avx512(g->M, g->N, j0, j1, k0, g->K - k0 < NN_KC ? g->K - k0 : NN_KC,
                           g->A, g->lda, g->B, g->ldb, g->C, g->ldc, Ap);
}

/// C = A·B (M × K times K × N, row-major), every element in the loop's order.
void nn_gemm_nn_avx512(int M, int N, int K, const double *A, int lda,
                       const double *B, int ldb, double *C, int ldc, int threads, double *scratch) {
    nn_nn_job job = {M, N, K, A, B, lda, ldb, ldc, C, scratch};
    nn_run(threads, nn_nn_part, &job);
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
long nn_nt_scratch(int M, int K) { return (long)((M + 23) / 24) * 24 * K; }

/// Columns of C = A·Xᵀ a thread takes at a time (`nn_nt_chunks`).
#define NN_NT_CHUNK 64

/// Columns of out = A·Xᵀ (or out − α·(s·(A·Xᵀ)) when `descend`), NN_NT_CHUNK
/// at a time as long as `next` has some left: the parts share them out as
/// they come, so a part that starts late or is descheduled does less.
__attribute__((target("avx512f")))
static void nn_nt_chunks(int M, int Q, int K, const double *At, const double *X, long ldx,
                         double *out, long ldo, int descend, double alpha, double s, int *next) {
    for (;;) {
        const int q0 = __atomic_fetch_add(next, NN_NT_CHUNK, __ATOMIC_RELAXED);
        if (q0 >= Q) return;
        nn_nt_columns_avx512(M, K, q0, q0 + NN_NT_CHUNK < Q ? q0 + NN_NT_CHUNK : Q, At, X, ldx,
                             out, ldo, descend, alpha, s);
    }
}

/// The arguments of `nn_gemm_nt_avx512`, for its parts (A already packed).
typedef struct {
    int M, Q, K;
    const double *At, *X;
    int ldx, ldc;
    double *C;
    int next;
} nn_nt_job;

/// A share of the columns of C = A·Xᵀ.
__attribute__((target("avx512f")))
static void nn_nt_part(void *ctx, int part, int parts) {
    nn_nt_job *g = ctx;
    (void)part, (void)parts;
    nn_nt_chunks(g->M, g->Q, g->K, g->At, g->X, g->ldx, g->C, g->ldc, 0, 0.0, 0.0, &g->next);
}

/// C = A·Xᵀ (M × K times (Q × K)ᵀ, row-major), every element in the loop's order.
void nn_gemm_nt_avx512(int M, int Q, int K, const double *A, int lda, const double *X, int ldx,
                       double *C, int ldc, int threads, double *scratch) {
    for (int i0 = 0; i0 < M; i0 += 24) nn_pack_24(M, K, i0, A, lda, scratch + (long)(i0 / 24) * 24 * K);
    nn_nt_job job = {M, Q, K, scratch, X, ldx, ldc, C, 0};
    nn_run(threads, nn_nt_part, &job);
}

/// The arguments of `nn_descend_multiply_avx512`, for its parts (dZ already packed).
typedef struct {
    int M, N0, m;
    const double *dZt, *X;
    int ldx, ldw, ldz;
    double *W, *Z, *Ap;
    double alpha, s;
    int next;
    nn_barrier stepped;
} nn_descend_job;

/// One thread: for each panel of KC rows of X, the columns of W it touches
/// are stepped, then Z is continued over them, so X is read once.
__attribute__((target("avx512f")))
static void nn_descend_fused(nn_descend_job *g) {
    for (int k0 = 0; k0 < g->N0; k0 += NN_KC) {
        const int kc = g->N0 - k0 < NN_KC ? g->N0 - k0 : NN_KC;
        nn_nt_columns_avx512(g->M, g->m, k0, k0 + kc, g->dZt, g->X, g->ldx, g->W, g->ldw, 1, g->alpha, g->s);
        nn_nn_panel_avx512(g->M, g->m, 0, g->m, k0, kc, g->W, g->ldw, g->X, g->ldx, g->Z, g->ldz, g->Ap);
    }
}

/// Part `part` of two: a share of W's columns stepped (as they come), then,
/// once both parts have stepped all of W, its half of Z's columns.
/// 1. One meeting per call instead of one per panel: X is read twice, but a
///    part that is late (woken late, or sharing a core) holds the other up once.
__attribute__((target("avx512f")))
static void nn_descend_part(void *ctx, int part, int parts) {
    nn_descend_job *g = ctx;
    if (parts < 2) {
        nn_descend_fused(g);
        return;
    }
    nn_nt_chunks(g->M, g->N0, g->m, g->dZt, g->X, g->ldx, g->W, g->ldw, 1, g->alpha, g->s, &g->next);
    nn_barrier_wait(&g->stepped, part, parts);
    const int j0 = nn_split(g->m, 16, part, parts), j1 = nn_split(g->m, 16, part + 1, parts);
    double *Ap = g->Ap + part * nn_nn_scratch(g->M);
    for (int k0 = 0; k0 < g->N0; k0 += NN_KC)
        nn_nn_panel_avx512(g->M, g->m, j0, j1, k0, g->N0 - k0 < NN_KC ? g->N0 - k0 : NN_KC,
                           g->W, g->ldw, g->X, g->ldx, g->Z, g->ldz, Ap);
}

/// The first layer's step fused with the next forward product, reading X once:
///
///     W ← W − α·(s·(dZ·Xᵀ))      then      Z = W·X
///
/// W: M × N0, dZ: M × m, X: N0 × m, Z: M × m. On one thread, for each panel
/// of KC rows of X, the columns of W it touches are stepped, then Z is
/// continued over them; on two, all of W is stepped, then Z is formed. Either way
/// every value equals `nn_gemm_nt_avx512`, the update, and `nn_gemm_nn_avx512`
/// run one after the other. `scratch` holds nn_nt_scratch(M, m) + threads ·
/// nn_nn_scratch(M) doubles.
void nn_descend_multiply_avx512(int M, int N0, int m, const double *dZ, int lddz,
                                const double *X, int ldx, double *W, int ldw, double *Z, int ldz,
                                double alpha, double s, int threads, double *scratch) {
    for (int i0 = 0; i0 < M; i0 += 24) nn_pack_24(M, m, i0, dZ, lddz, scratch + (long)(i0 / 24) * 24 * m);
    nn_descend_job job = {M, N0, m, scratch, X, ldx, ldw, ldz, W, Z, scratch + nn_nt_scratch(M, m),
                          alpha, s, 0, {{0, 0}}};
    nn_run(threads, nn_descend_part, &job);
}
#else
// Without x86-64 these are never called (nn_cpu_has_avx512() is 0).
long nn_nn_scratch(int M) { return (long)M; }
long nn_nt_scratch(int M, int K) { return (long)M * K; }
void nn_gemm_nn_avx512(int M, int N, int K, const double *A, int lda,
                       const double *B, int ldb, double *C, int ldc, int threads, double *scratch) {}
void nn_gemm_nt_avx512(int M, int Q, int K, const double *A, int lda, const double *X, int ldx,
                       double *C, int ldc, int threads, double *scratch) {}
void nn_descend_multiply_avx512(int M, int N0, int m, const double *dZ, int lddz,
                                const double *X, int ldx, double *W, int ldw, double *Z, int ldz,
                                double alpha, double s, int threads, double *scratch) {}
#endif
