"""numpy counterpart of the bench's small workload: the lecture's network
2-4-3-1 (relu, relu, sigmoid; He initialisation, seed 1) on the four XOR points.

    python3 xor.py N LR EVERY   trains N iterations, prints the costs every EVERY,
                                then `time_ms_total: T` for the loop alone
    --threads T (anywhere)      OpenBLAS on T threads (blas_threads.py)
"""
import sys
import time

import blas_threads

ARGV = blas_threads.take(sys.argv[1:])
import numpy as np  # noqa: E402

import course  # noqa: E402

blas_threads.apply()

LAYERS = [2, 4, 3, 1]
X = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]])
Y = np.array([[0., 1., 1., 0.]])


def main(argv):
    n = int(argv[0]) if argv else 10000
    lr = float(argv[1]) if len(argv) > 1 else 0.1
    every = int(argv[2]) if len(argv) > 2 else 1000
    parameters = course.initialize_parameters_deep(LAYERS, "he", seed=1)
    t0 = time.perf_counter()
    course.L_layer_model(X, Y, parameters, lr, n, every)
    print("time_ms_total: {!r}".format(1000 * (time.perf_counter() - t0)))
    print(blas_threads.describe())


if __name__ == "__main__":
    main(ARGV)
