"""`--threads N` for the bench's numpy scripts: caps OpenBLAS at N threads.

Import this module before numpy and call `take(argv)`: it removes `--threads N`
from argv and, when threadpoolctl is missing, sets OPENBLAS_NUM_THREADS (read
by OpenBLAS when numpy loads it). After `import numpy`, `apply()` sets the cap
in-process with threadpoolctl's threadpool_limits and `describe()` says which
way it was set and how many threads OpenBLAS now runs.
"""
import importlib.util
import os

_requested = None
HAVE_THREADPOOLCTL = importlib.util.find_spec("threadpoolctl") is not None


def take(argv):
    """argv without `--threads N`; N is kept for `apply`."""
    global _requested
    argv = list(argv)
    if "--threads" in argv:
        i = argv.index("--threads")
        _requested = int(argv[i + 1])
        del argv[i:i + 2]
        if not HAVE_THREADPOOLCTL:
            os.environ["OPENBLAS_NUM_THREADS"] = str(_requested)
    return argv


def apply():
    if _requested is not None and HAVE_THREADPOOLCTL:
        import numpy  # noqa: F401  (threadpoolctl finds the OpenBLAS numpy loaded)
        from threadpoolctl import threadpool_limits
        threadpool_limits(limits=_requested, user_api="blas")


def describe():
    """`blas_threads: N (how)`, N as OpenBLAS reports it when threadpoolctl can tell."""
    if HAVE_THREADPOOLCTL:
        from threadpoolctl import threadpool_info
        counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
        how = "threadpoolctl" if _requested is not None else "OpenBLAS default"
        return "blas_threads: {} ({})".format(",".join(map(str, counts)) or "?", how)
    if _requested is not None:
        return "blas_threads: {} (OPENBLAS_NUM_THREADS; threadpoolctl not installed)".format(_requested)
    return "blas_threads: ? (OpenBLAS default; threadpoolctl not installed)"
