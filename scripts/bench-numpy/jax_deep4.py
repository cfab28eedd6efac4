"""JAX counterpart of the bench's 4-layer workload (deep4.py): the same data, the
same initial weights, relu-relu-relu-sigmoid and the course's binary
cross-entropy, trained by plain gradient descent in float64 on the CPU.

One step is `jax.jit` of `jax.value_and_grad` of the cost and the update
W ← W − α·dW, b ← b − α·db; the cost it returns is the one before the update,
as the course's loop prints it. Each iteration is timed to `block_until_ready`.

    python3 jax_deep4.py N [LR] [WARMUP]   prints every cost, then
                                           `time_ms_per_iteration: T` (mean after WARMUP,
                                           the first of which compiles)
    --threads 1 (anywhere)                 XLA's CPU client on one thread
"""
import os
import sys
import time

ARGV = sys.argv[1:]
THREADS = None
if "--threads" in ARGV:
    i = ARGV.index("--threads")
    THREADS = int(ARGV[i + 1])
    del ARGV[i:i + 2]
    if THREADS == 1:
        # Read when the CPU client starts: one intra-op thread, no Eigen pool for dots.
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                                   + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402

import deep4  # noqa: E402


def cost(params, X, Y):
    L = len(params)
    A = X
    for l in range(L - 1):
        W, b = params[l]
        Z = W @ A + b
        A = jnp.where(Z > 0, Z, 0.0)  # relu, derivative 0 at Z ≤ 0 as relu_backward
    W, b = params[L - 1]
    AL = 1 / (1 + jnp.exp(-(W @ A + b)))
    m = Y.shape[1]
    J = (1. / m) * (-jnp.dot(Y, jnp.log(AL).T) - jnp.dot(1 - Y, jnp.log(1 - AL).T))
    return jnp.squeeze(J)


def make_step(lr):
    @jax.jit
    def step(params, X, Y):
        J, grads = jax.value_and_grad(cost)(params, X, Y)
        return jax.tree_util.tree_map(lambda p, g: p - lr * g, params, grads), J
    return step


def main(argv):
    n, lr, warmup, X, Y, p = deep4.workload(argv)
    L = len(deep4.LAYERS) - 1
    params = [(jnp.asarray(p["W" + str(l)]), jnp.asarray(p["b" + str(l)])) for l in range(1, L + 1)]
    X, Y = jax.block_until_ready((jnp.asarray(X), jnp.asarray(Y)))
    step = make_step(lr)
    times, costs = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        params, J = step(params, X, Y)
        jax.block_until_ready((params, J))
        times.append(time.perf_counter() - t0)
        costs.append(J)
    deep4.report(costs, times, warmup)
    print("jax {} ({}, {})".format(jax.__version__, jax.devices()[0].platform,
                                   "1 thread" if THREADS == 1 else "default threads"))


if __name__ == "__main__":
    main(ARGV)
