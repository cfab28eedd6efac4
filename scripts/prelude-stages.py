#!/usr/bin/env python3
"""The prelude's functions against nnstep, stage for stage.

    scripts/prelude-stages.py NNSTEP

For each network below, nnstep runs the stages one command at a time and saves every matrix
after each (`save sN.npz`). The prelude (Sources/NNSession/Export/Prelude/*.py, run here as
the exported script runs it, in one namespace) then computes each stage from nnstep's own
inputs to it, so that a difference points at one stage: linear_activation_forward for each
layer (and the dropout mask), compute_cost (with L2), cost_gradient, the activation's
backward (softmax_ce_backward, sigmoid_bce_backward, the mask), linear_backward (and the L2
term), update_parameters or optimizer_update.

Tolerance, with export-compare.py's rule (|a - b| <= rtol * max(|a|, |b|, largest |element|)):
- the element-wise stages (g, g', the cost gradient, dropout's mask, the update) are the
  course's arithmetic in nnstep's order, so they agree bit for bit (rtol 0), except
- tanh and its g' (1 - A²): numpy's np.tanh is its own SIMD routine, not the C library's
  tanh that nnstep calls, and the two differ in the last bit at some inputs: rtol 1e-15;
- a stage with a matrix product or a sum (Z = W·A + b, dW, db, dA_prev, the cost) goes
  through numpy's BLAS and pairwise sums, whose order of additions may differ from nnstep's
  kernels in the last bit or two: rtol 1e-15 too (about 4 units in the last place of the
  largest element; the largest seen is 2.7e-16).
"""
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRELUDE = sorted(glob.glob(os.path.join(ROOT, "Sources", "NNSession", "Export", "Prelude", "*.py")))
RTOL = 1e-15

# name, the set-up commands (after `net`), activations, loss, options
CASES = [
    ("relu relu sigmoid, bce", "net 4 5 3 1", ["relu", "relu", "sigmoid"], "bce", []),
    ("tanh softmax, ce", "net 4 6 3", ["tanh", "softmax"], "ce", []),
    ("leaky_relu linear, mse", "net 4 5 2", ["leaky_relu", "linear"], "mse", []),
    ("relu sigmoid, bce, L2", "net 4 5 1", ["relu", "sigmoid"], "bce", ["regularize l2 0.7"]),
    ("relu relu sigmoid, dropout", "net 4 5 3 1", ["relu", "relu", "sigmoid"], "bce", ["dropout 0.8 seed 3"]),
    ("relu sigmoid, momentum", "net 4 5 1", ["relu", "sigmoid"], "bce", ["optimizer momentum beta 0.9"]),
    ("tanh sigmoid, adam", "net 4 5 1", ["tanh", "sigmoid"], "bce", ["optimizer adam"]),
]


def prelude():
    ns = {"__name__": "prelude"}
    for path in PRELUDE:
        with open(path, encoding="utf-8") as f:
            exec(compile(f.read(), path, "exec"), ns)
    return ns


def labels(loss, classes, m):
    rng = np.random.RandomState(5)
    if loss == "ce":
        k = rng.randint(0, classes, m)
        return "Y = " + str(np.eye(classes)[:, k].tolist())
    if loss == "mse":
        return "Y = " + str(rng.randn(classes, m).round(3).tolist())
    return "Y = " + str(rng.randint(0, 2, (1, m)).astype(float).tolist())


def script(net, acts, loss, options):
    sizes = [int(n) for n in net.split()[1:]]
    L = len(sizes) - 1
    lines = [net] + [f"act {l} {g}" for l, g in enumerate(acts, 1)] + [f"loss {loss}", "seed 1",
             f"X = randn {sizes[0]} 7", labels(loss, sizes[-1], 7), "init he seed 2"] + options
    stages = ["start"]
    lines.append("save start.npz")
    for l in range(1, L + 1):
        lines += [f"forward {l}", f"save forward{l}.npz"]
        stages.append(f"forward{l}")
    lines += ["cost", "save cost.npz"]
    for l in range(L, 0, -1):
        lines += [f"backward {l}", f"save backward{l}.npz"]
    lines += ["step 0.1", "save step.npz"]
    return sizes, "\n".join(lines) + "\n"


class Check:
    def __init__(self, case):
        self.case, self.failures, self.compared = case, [], 0

    def same(self, stage, name, ours, theirs, exact):
        self.compared += 1
        ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
        if ours.shape != theirs.shape:
            self.failures.append(f"{stage} {name}: shape {ours.shape}, nnstep {theirs.shape}")
            return
        if exact is True:
            if not np.array_equal(ours, theirs):
                worst = np.max(np.abs(ours - theirs))
                self.failures.append(f"{stage} {name}: not bit for bit (largest difference {worst:.3g})")
            return
        largest = float(np.max(np.abs(theirs))) if theirs.size else 0.0
        scale = np.maximum(np.maximum(np.abs(ours), np.abs(theirs)), max(largest, np.finfo(float).tiny))
        rel = float(np.max(np.abs(ours - theirs) / scale)) if theirs.size else 0.0
        if rel > RTOL:
            self.failures.append(f"{stage} {name}: {rel:.3g} relative, over {RTOL}")


def run_case(nnstep, case, net, acts, loss, options, folder):
    sizes, text = script(net, acts, loss, options)
    L = len(sizes) - 1
    with open(os.path.join(folder, "stages.nnscript"), "w") as f:
        f.write(text)
    done = subprocess.run([nnstep, "stages.nnscript"], cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        return [f"nnstep failed: {done.stdout[-400:]}{done.stderr[-400:]}"], 0
    saved = lambda stage: dict(np.load(os.path.join(folder, stage + ".npz")))
    ns = prelude()
    ns["layer_dims"], ns["activations"], ns["loss"] = sizes, acts, loss
    lambd = next((float(o.split()[2]) for o in options if o.startswith("regularize")), None)
    keep = next((float(o.split()[1]) for o in options if o.startswith("dropout")), None)
    ns["lambd"] = lambd
    ns["dropout"] = None if keep is None else {"keep": keep, "layers": None, "seed": 3}
    for o in options:
        if o.startswith("optimizer momentum"):
            ns["optimizer"] = {"name": "momentum", "beta": float(o.split()[3])}
        elif o.startswith("optimizer adam"):
            ns["optimizer"] = {"name": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    check = Check(case)
    before = saved("start")
    # forward l: Z[l], A[l] from nnstep's A[l-1], W[l], b[l]; dropout's mask from its seed at layer 1
    for l in range(1, L + 1):
        after = saved(f"forward{l}")
        prev = before["X"] if l == 1 else before[f"A{l - 1}"]
        if keep is not None and l == 1:
            np.random.seed(3)
        A, (_, Z) = ns["linear_activation_forward"](prev, before[f"W{l}"], before[f"b{l}"], acts[l - 1])
        check.same(f"forward {l}", f"Z{l}", Z, after[f"Z{l}"], exact=False)
        # g from nnstep's own Z[l]: element-wise, so bit for bit
        g = ns[acts[l - 1]](after[f"Z{l}"])[0]
        if keep is not None and ns["dropout_applies"](l, L):
            D = (np.random.rand(*g.shape) < keep).astype(float)
            check.same(f"forward {l}", f"D{l}", D, after[f"D{l}"], exact=True)
            g = g * after[f"D{l}"] / keep
        check.same(f"forward {l}", f"A{l}", g, after[f"A{l}"], exact="tanh" if acts[l - 1] == "tanh" else True)
        before = after
    # cost: J and dA[L]
    after = saved("cost")
    AL, Y = before[f"A{L}"], before["Y"]
    if lambd is None:
        J = ns["compute_cost"](AL, Y, loss)
    else:
        J = ns["compute_cost_with_regularization"](AL, Y, before, lambd, loss)
    check.same("cost", "J", np.array([[J]]), after["J"], exact=False)
    if not (acts[-1] == "softmax" and loss == "ce"):
        check.same("cost", f"dA{L}", ns["cost_gradient"](AL, Y, loss), after[f"dA{L}"], exact=True)
    before = after
    # backward l: dZ[l] from nnstep's dA[l] and Z[l]; dW, db, dA[l-1] from nnstep's dZ[l]
    for l in range(L, 0, -1):
        after = saved(f"backward{l}")
        g = acts[l - 1]
        if l == L and g == "softmax" and loss == "ce":
            dZ = ns["softmax_ce_backward"](before[f"A{l}"], before["Y"])
        elif l == L and g == "sigmoid" and loss == "bce":
            dZ = ns["sigmoid_bce_backward"](before[f"dA{l}"], before[f"Z{l}"], before.get(f"A{l}"), before.get("Y"))
        else:
            dA = before[f"dA{l}"]
            if keep is not None and ns["dropout_applies"](l, L):
                dA = dA * before[f"D{l}"] / keep
            dZ = ns["activation_backward"](dA, before[f"Z{l}"], g)
        check.same(f"backward {l}", f"dZ{l}", dZ, after[f"dZ{l}"], exact="tanh" if g == "tanh" else True)
        prev = before["X"] if l == 1 else before[f"A{l - 1}"]
        dA_prev, dW, db = ns["linear_backward"](after[f"dZ{l}"], (prev, before[f"W{l}"], before[f"b{l}"]))
        if lambd is not None:
            dW = dW + (lambd / after[f"dZ{l}"].shape[1]) * before[f"W{l}"]
        check.same(f"backward {l}", f"dW{l}", dW, after[f"dW{l}"], exact=False)
        check.same(f"backward {l}", f"db{l}", db, after[f"db{l}"], exact=False)
        check.same(f"backward {l}", f"dA{l - 1}" if l > 1 else "dA0", dA_prev,
                   after[f"dA{l - 1}"] if l > 1 else after.get("dA0", dA_prev), exact=False)
        before = after
    # step: the update from nnstep's gradients (and optimiser state)
    after = saved("step")
    S = dict(before)
    if ns["optimizer"]["name"] == "gd":
        updated = ns["update_parameters"](S, S, 0.1)
    else:
        updated = ns["optimizer_update"](S, S, S, 0.1)
    for l in range(1, L + 1):
        for k in (f"W{l}", f"b{l}"):
            check.same("step", k, updated[k], after[k], exact=True)
    return check.failures, check.compared


def main():
    nnstep = os.path.abspath(sys.argv[1])
    failed = compared = 0
    with tempfile.TemporaryDirectory() as work:
        for case, net, acts, loss, options in CASES:
            folder = os.path.join(work, str(CASES.index((case, net, acts, loss, options))))
            os.mkdir(folder)
            failures, n = run_case(nnstep, case, net, acts, loss, options, folder)
            compared += n
            if failures:
                failed += 1
                print(f"FAIL {case}:")
                for f in failures[:10]:
                    print("  " + f)
    print(f"prelude stages: {len(CASES) - failed} of {len(CASES)} networks agree with nnstep "
          f"({compared} matrices compared)")
    sys.exit(1 if failed else 0)


main()
