"""numpy's dgemm peak: C = A·B on N × N float64 matrices (N = 2000 unless given),
the best of R runs after one warm-up, as GFLOP/s counting 2·N³ flops.

    python3 peak.py [--threads T] [N] [R]   prints `gflops: G` and `blas_threads: …`
"""
import sys
import time

import blas_threads

argv = blas_threads.take(sys.argv[1:])
import numpy as np  # noqa: E402

blas_threads.apply()


def main(argv):
    n = int(argv[0]) if argv else 2000
    repeats = int(argv[1]) if len(argv) > 1 else 5
    rng = np.random.default_rng(1)
    a, b = rng.random((n, n)), rng.random((n, n))
    c = np.empty((n, n))
    np.dot(a, b, out=c)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.dot(a, b, out=c)
        best = min(best, time.perf_counter() - t0)
    print("gflops: {!r}".format(2 * n ** 3 / best / 1e9))
    print(blas_threads.describe())


if __name__ == "__main__":
    main(argv)
