"""numpy counterpart of the bench's draws row: numpy's legacy global generator
(`np.random.seed`, RandomState's MT19937) drawing whole arrays.

    python3 draws.py CALLS REPEATS   for rand (1000, 1000), randn (1000, 1000) and
                                     permutation(100000): the user CPU time of CALLS calls,
                                     median of REPEATS, less that of as many np.ones of
                                     the same shape (making and filling the array), as
                                     `<what>_ns_per_draw: T`
    python3 draws.py --check FILE    loads nnstep's FILE.npz (R, N, P drawn after `seed 1`)
                                     and prints `same_bits: 1` when numpy's draws after
                                     np.random.seed(1), in the same order, are those bits
                                     (else `same_bits: 0`)

User CPU time (getrusage) leaves out the time the process waits for a core and the
kernel's work of mapping fresh pages, as on the bench's nnstep side.
"""
import resource
import statistics
import sys

import numpy as np

SHAPE = (1000, 1000)
PERMUTATION = 100_000
DRAWS = (("rand", lambda: np.random.rand(*SHAPE), SHAPE),
         ("randn", lambda: np.random.randn(*SHAPE), SHAPE),
         ("permutation", lambda: np.random.permutation(PERMUTATION), (1, PERMUTATION)))


def user_seconds(f, calls):
    t0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    for _ in range(calls):
        f()
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime - t0


def timed(calls, repeats):
    np.random.seed(1)
    for name, draw, shape in DRAWS:
        count = shape[0] * shape[1]
        draw()  # warm up: the first array's pages
        ones = statistics.median(user_seconds(lambda: np.ones(shape), calls) for _ in range(repeats))
        total = statistics.median(user_seconds(draw, calls) for _ in range(repeats))
        print(f"{name}_ns_per_draw: {1e9 * (total - ones) / (calls * count)!r}")


def check(path):
    saved = np.load(path)
    np.random.seed(1)
    ours = {"R": np.random.rand(*SHAPE), "N": np.random.randn(*SHAPE),
            "P": np.random.permutation(PERMUTATION).reshape(1, PERMUTATION).astype(float)}
    same = all(saved[k].shape == v.shape and np.array_equal(saved[k].view(np.uint64), v.view(np.uint64))
               for k, v in ours.items())
    print(f"same_bits: {1 if same else 0}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        check(sys.argv[2])
    else:
        timed(int(sys.argv[1]), int(sys.argv[2]))
