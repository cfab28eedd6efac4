#ifndef NNSTEP_CBLAS_SHIM_H
#define NNSTEP_CBLAS_SHIM_H

// The BLAS for NNCore's large products that its own kernels (NNKernels) do
// not cover, opened with dlopen on first use rather than linked: nnstep
// starts in a few milliseconds and only `train` or a large `forward` pays for
// loading it. Debian's OpenBLAS (libopenblas0-pthread) comes first, then BLIS.
// OpenBLAS 0.3.21 does not know CPUs newer than its release and falls back to
// its slowest kernel (Prescott, ~15× slower on an Emerald Rapids Xeon), so the
// caller passes the core type it read from cpuid, used unless
// OPENBLAS_CORETYPE is already set.
//
// Both libraries are reached through the table `struct nn_blas`; the CBLAS
// entry point is declared here rather than through a cblas.h, whose system
// includes clash with Swift's Glibc module.

#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

typedef void (*nn_cblas_dgemm_fn)(int order, int transA, int transB,
                                  int m, int n, int k,
                                  double alpha, const double *a, int lda,
                                  const double *b, int ldb,
                                  double beta, double *c, int ldc);

/// The loaded BLAS: its dgemm and how to set its thread count.
struct nn_blas {
    nn_cblas_dgemm_fn dgemm;
    void (*openblas_set_num_threads)(int);   // OpenBLAS
    void (*bli_thread_set_num_threads)(long); // BLIS
    const char *name;
};

// MARK: - Loading

/// Opens OpenBLAS (with `coretype` unless one is set), else BLIS, and fills
/// `lib`; NULL on success, else why it failed.
static inline const char *nn_blas_load(struct nn_blas *lib, const char *coretype) {
    static const char *const openblas[] = {
        "libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
    };
    static const char *const blis[] = { "libblis.so.4", "libblis.so" };
    if (coretype != NULL) setenv("OPENBLAS_CORETYPE", coretype, 0);   // 0: keep a value already set
    void *h = NULL;
    for (size_t i = 0; h == NULL && i < sizeof openblas / sizeof openblas[0]; i++)
        h = dlopen(openblas[i], RTLD_NOW | RTLD_LOCAL);
    if (h != NULL) {
        lib->dgemm = (nn_cblas_dgemm_fn)dlsym(h, "cblas_dgemm");
        lib->openblas_set_num_threads = (void (*)(int))dlsym(h, "openblas_set_num_threads");
        lib->name = "OpenBLAS";
        if (lib->dgemm != NULL) return NULL;
    }
    // BLIS's OpenMP build spins its idle threads unless told otherwise.
    setenv("OMP_WAIT_POLICY", "passive", 0);
    h = NULL;
    for (size_t i = 0; h == NULL && i < sizeof blis / sizeof blis[0]; i++)
        h = dlopen(blis[i], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) return "no BLAS is installed (apt-get install libopenblas0-pthread)";
    lib->dgemm = (nn_cblas_dgemm_fn)dlsym(h, "cblas_dgemm");
    lib->openblas_set_num_threads = NULL;
    lib->bli_thread_set_num_threads = (void (*)(long))dlsym(h, "bli_thread_set_num_threads");
    lib->name = "BLIS";
    return lib->dgemm != NULL ? NULL : "the BLAS found lacks cblas_dgemm";
}

// MARK: - Products

/// C = op(A)·op(B) for row-major matrices through the loaded BLAS, on at most
/// `threads` threads (CBLAS codes 101 = row-major, 111 = no transpose, 112 = transpose).
static inline void nn_dgemm(const struct nn_blas *lib, long threads,
                            int transA, int transB, int m, int n, int k,
                            const double *a, int lda, const double *b, int ldb,
                            double *c, int ldc) {
    if (lib->openblas_set_num_threads != NULL) lib->openblas_set_num_threads((int)threads);
    if (lib->bli_thread_set_num_threads != NULL) lib->bli_thread_set_num_threads(threads);
    lib->dgemm(101, transA ? 112 : 111, transB ? 112 : 111,
               m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
}

#endif
