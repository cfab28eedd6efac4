"""PyTorch counterpart of the bench's 4-layer workload (deep4.py): the same data,
the same initial weights, relu-relu-relu-sigmoid and the course's binary
cross-entropy, trained by plain gradient descent in float64 on the CPU.

Each iteration: the cost by autograd's forward, `backward()`, then under
`torch.no_grad()` W ← W − α·dW, b ← b − α·db; the cost printed is the one before
the update, as the course's loop prints it.

    python3 torch_deep4.py N [LR] [WARMUP] [--threads T]
        prints every cost, then `time_ms_per_iteration: T` (mean after WARMUP);
        --threads sets torch.set_num_threads(T)
"""
import sys
import time

import torch

import deep4


def cost(params, X, Y):
    A = X
    for W, b in params[:-1]:
        Z = W @ A + b
        A = torch.where(Z > 0, Z, 0.0)  # relu, derivative 0 at Z ≤ 0 as relu_backward
    W, b = params[-1]
    AL = 1 / (1 + torch.exp(-(W @ A + b)))
    m = Y.shape[1]
    J = (1. / m) * (-(Y @ torch.log(AL).T) - ((1 - Y) @ torch.log(1 - AL).T))
    return J.squeeze()


def main(argv):
    argv = list(argv)
    threads = None
    if "--threads" in argv:
        i = argv.index("--threads")
        threads = int(argv[i + 1])
        del argv[i:i + 2]
        torch.set_num_threads(threads)
    n, lr, warmup, X, Y, p = deep4.workload(argv)
    L = len(deep4.LAYERS) - 1
    params = [(torch.tensor(p["W" + str(l)], dtype=torch.float64, requires_grad=True),
               torch.tensor(p["b" + str(l)], dtype=torch.float64, requires_grad=True))
              for l in range(1, L + 1)]
    X = torch.from_numpy(X)
    Y = torch.from_numpy(Y)
    times, costs = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        J = cost(params, X, Y)
        J.backward()
        with torch.no_grad():
            for W, b in params:
                W -= lr * W.grad
                b -= lr * b.grad
                W.grad = None
                b.grad = None
        times.append(time.perf_counter() - t0)
        costs.append(J.item())
    deep4.report(costs, times, warmup)
    print("torch {} (threads: {})".format(torch.__version__, torch.get_num_threads()))


if __name__ == "__main__":
    main(sys.argv[1:])
