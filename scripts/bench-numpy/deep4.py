"""numpy counterpart of the bench's 4-layer workload: the course's network
[12288, 20, 7, 5, 1] trained on m = 209 random examples.

Data, in the order nnstep's script draws it:
    np.random.seed(1); X = np.random.rand(12288, 209)
    Y = (np.random.rand(1, 209) > 0.5) as 0.0/1.0
    initialize_parameters_deep (seeds 1 again, xavier)

    python3 deep4.py --labels          prints Y as a literal for the .nnscript
    python3 deep4.py N [LR] [WARMUP]   trains N iterations, prints every cost,
                                       then `time_ms_per_iteration: T` (mean after WARMUP)
    --threads T (anywhere)             OpenBLAS on T threads (blas_threads.py)
"""
import sys
import time

import blas_threads

# Imported by jax_deep4.py and torch_deep4.py for data(): their argv is their own.
ARGV = blas_threads.take(sys.argv[1:]) if __name__ == "__main__" else []
import numpy as np  # noqa: E402

import course  # noqa: E402

blas_threads.apply()

LAYERS = [12288, 20, 7, 5, 1]
M = 209


def data():
    np.random.seed(1)
    X = np.random.rand(LAYERS[0], M)
    Y = (np.random.rand(1, M) > 0.5).astype(np.float64)
    return X, Y


def workload(argv):
    """N [LR] [WARMUP] from argv, the data and the initial parameters: what every
    4-layer script (numpy, JAX, PyTorch) starts from."""
    n = int(argv[0]) if argv else 20
    lr = float(argv[1]) if len(argv) > 1 else 0.0075
    warmup = int(argv[2]) if len(argv) > 2 else 2
    X, Y = data()
    parameters = course.initialize_parameters_deep(LAYERS, "xavier", seed=1)
    return n, lr, warmup, X, Y, parameters


def report(costs, times, warmup):
    """Every cost, then the mean time per iteration after the warm-up."""
    for i, J in enumerate(costs):
        print("Cost after iteration {}: {}".format(i, repr(float(J))))
    timed = times[warmup:] or times
    print("time_ms_per_iteration: {!r}".format(1000 * sum(timed) / len(timed)))


def main(argv):
    if argv[:1] == ["--labels"]:
        _, Y = data()
        print("[[" + ", ".join(str(int(v)) for v in Y[0]) + "]]")
        return
    n, lr, warmup, X, Y, parameters = workload(argv)
    _, times = course.L_layer_model(X, Y, parameters, lr, n, 1, clock=time.perf_counter)
    timed = times[warmup:] or times
    print("time_ms_per_iteration: {!r}".format(1000 * sum(timed) / len(timed)))
    print(blas_threads.describe())


if __name__ == "__main__":
    main(ARGV)
