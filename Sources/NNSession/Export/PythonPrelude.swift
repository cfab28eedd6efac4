import NNLanguage
/// The course's functions as `export` writes them at the top of a script: the
/// activations and their backward steps (`dnn_utils`), then "Building your Deep
/// Neural Network: Step by Step", with nnstep's choices (activations per layer, the
/// loss, softmax + ce) as arguments. Each line computes what nnstep computes, in
/// the same order of operations, so the arrays agree with the session's.
enum PythonPrelude {
    /// What a script needs beyond the core functions.
    enum Part: Hashable, CaseIterable {
        /// `load FILE`: reading .npy, .npz, .csv and .h5 as nnstep does.
        case files
        /// `dataset flower`: the planar assignment's `load_planar_dataset`.
        case flower
        /// `regularize l2 λ`: the regularisation assignment's L2 cost and gradient.
        case l2
        /// `optimizer momentum|adam`: the optimisation assignment's updates and their state.
        case optimizers
        /// `dropout KEEP …`: the regularisation assignment's forward and backward with dropout.
        case dropout
        /// `minibatch` and `decay`: the optimisation assignment's mini-batches and rate decay.
        case minibatch
        /// `batchnorm L…`: the lecture's batch norm, and the model's functions layer by layer
        /// (`PythonPrelude+BatchNorm.swift`; written last, since it replaces dense functions).
        case batchnorm
    }

    static let header = #"""
import re
import sys
import zipfile

import numpy as np

# S holds every matrix of the session under nnstep's names: X (= A0), Y, W1, b1, Z1, A1, ..., J.
S = {}
layer_dims = []   # n[0], ..., n[L]
activations = []  # g[1], ..., g[L]
loss = "bce"      # the cost function: "bce", "ce" or "mse"
lambd = None      # the L2 regularisation's lambda (`regularize l2 LAMBDA`), None when off
optimizer = {"name": "gd"}  # `optimizer gd|momentum|adam`: its name and hyperparameters
dropout = None    # `dropout KEEP [layers L...] [seed N]`: {"keep", "layers", "seed"}, None when off
minibatch = None  # `minibatch SIZE [seed N]`: {"size", "seed"}, None when off
decay = None      # `decay inverse|scheduled ...`: {"kind", "rate", "interval"}, None when off
walk = None       # `minibatch next`'s epoch walked by hand: the full X, Y, the epoch, batch, permutation

"""#

    static let activations = #"""
# ---- activations g and their backward steps dZ = dA * g'(Z) (the course's dnn_utils) ----

def sigmoid(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, Z

def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)

def relu(Z):
    A = np.maximum(0, Z)
    return A, Z

def relu_backward(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ

def tanh(Z):
    return np.tanh(Z), Z

def tanh_backward(dA, Z):
    t = np.tanh(Z)
    return dA * (1 - t * t)

def leaky_relu(Z):
    return np.where(Z > 0, Z, 0.01 * Z), Z

def leaky_relu_backward(dA, Z):
    return np.where(Z <= 0, 0.01 * dA, dA)

def linear(Z):
    return Z.copy(), Z

def linear_backward_activation(dA, Z):
    return dA.copy()

def softmax(Z):
    e = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True), Z

def softmax_backward(dA, Z):
    # The softmax's full Jacobian, column by column: dZ = A * (dA - sum_i dA * A).
    A = softmax(Z)[0]
    return A * (dA - np.sum(dA * A, axis=0, keepdims=True))

def softmax_ce_backward(AL, Y):
    # softmax with cross-entropy: dZ[L] = AL * sum_i Y - Y (AL - Y when each column of Y sums to 1).
    return AL * np.sum(Y, axis=0, keepdims=True) - Y

FORWARD = {"sigmoid": sigmoid, "relu": relu, "tanh": tanh, "leaky_relu": leaky_relu,
           "linear": linear, "softmax": softmax}
BACKWARD = {"sigmoid": sigmoid_backward, "relu": relu_backward, "tanh": tanh_backward,
            "leaky_relu": leaky_relu_backward, "linear": linear_backward_activation,
            "softmax": softmax_backward}

def activation_backward(dA, Z, activation):
    return BACKWARD[activation](dA, Z)

"""#

    static let model = #"""
# ---- Building your Deep Neural Network: Step by Step ----

def initialize_parameters_deep(layer_dims, scheme="small"):
    # small: randn * 0.01 (the assignment), xavier: randn / sqrt(n[l-1]) (the application
    # notebook), he: randn * sqrt(2 / n[l-1]), zeros. W[1], ..., W[L] are drawn in order.
    parameters = {}
    for l in range(1, len(layer_dims)):
        shape = (layer_dims[l], layer_dims[l - 1])
        if scheme == "small":
            parameters["W" + str(l)] = np.random.randn(*shape) * 0.01
        elif scheme == "xavier":
            parameters["W" + str(l)] = np.random.randn(*shape) / np.sqrt(layer_dims[l - 1])
        elif scheme == "he":
            parameters["W" + str(l)] = np.random.randn(*shape) * np.sqrt(2 / layer_dims[l - 1])
        else:
            parameters["W" + str(l)] = np.zeros(shape)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters

def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache

def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = FORWARD[activation](Z)
    return A, (linear_cache, activation_cache)

def L_model_forward(X, parameters, activations):
    caches = []
    A = X
    for l in range(1, len(activations) + 1):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                             activations[l - 1])
        caches.append(cache)
    return A, caches

def label_times_log(factor, logarithm):
    # The course sums with np.nansum: the nan of 0 * log 0 counts as 0 (only that one).
    with np.errstate(divide="ignore", invalid="ignore"):
        product = np.multiply(factor, logarithm)
    return np.where((factor == 0) & np.isnan(product), 0.0, product)

def cost_terms(AL, Y, loss="bce"):
    # The loss of each example and output, before the sum.
    with np.errstate(divide="ignore", invalid="ignore"):
        if loss == "bce":
            return label_times_log(Y, np.log(AL)) + label_times_log(1 - Y, np.log(1 - AL))
        if loss == "ce":
            return label_times_log(Y, np.log(AL))
        return (AL - Y) * (AL - Y)

def compute_cost(AL, Y, loss="bce"):
    m = Y.shape[1]
    terms = cost_terms(AL, Y, loss)
    if loss == "mse":
        cost = (1 / (2 * m)) * np.sum(terms)
    else:
        cost = (-1 / m) * np.sum(terms)
    return float(np.squeeze(cost))

def cost_gradient(AL, Y, loss="bce"):
    # dA[L], the backward initialisation (the 1/m lives in dW and db).
    with np.errstate(divide="ignore", invalid="ignore"):
        if loss == "bce":
            return - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        if loss == "ce":
            return -Y / AL
    return AL - Y

def sigmoid_bce_backward(dA, Z, AL, Y):
    # sigmoid + bce: dZ[L] = dA[L] * s * (1 - s), and AL - Y where dA[L] is not finite
    # (AL exactly 0 or 1), as the course's utilities backpropagate it.
    with np.errstate(invalid="ignore"):
        dZ = sigmoid_backward(dA, Z)
    if np.all(np.isfinite(dA)):
        return dZ  # AL and Y are not needed (nor read)
    return np.where(np.isfinite(dA), dZ, AL - Y)

def output_backward(dA, AL, Y, Z, activations, loss):
    # dZ[L], where backward starts.
    if activations[-1] == "softmax" and loss == "ce":
        return softmax_ce_backward(AL, Y)
    if activations[-1] == "sigmoid" and loss == "bce":
        return sigmoid_bce_backward(dA, Z, AL, Y)
    return activation_backward(dA, Z, activations[-1])

def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1. / m * np.dot(dZ, A_prev.T)
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db

def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = activation_backward(dA, activation_cache, activation)
    return linear_backward(dZ, linear_cache)

def L_model_backward(AL, Y, caches, activations, loss="bce"):
    grads = {}
    L = len(caches)
    dA = None if activations[-1] == "softmax" and loss == "ce" else cost_gradient(AL, Y, loss)
    dZ = output_backward(dA, AL, Y, caches[L - 1][1], activations, loss)
    for l in reversed(range(1, L + 1)):
        dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_backward(dZ, caches[l - 1][0])
        if l > 1:
            dZ = activation_backward(dA_prev, caches[l - 2][1], activations[l - 2])
    return grads

def update_parameters(parameters, grads, learning_rate):
    L = len(layer_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters

def training_pass(X, Y, parameters, learning_rate, steps_past_infinite=True, plain=True):
    # One forward (with dropout), cost (with L2), backward and update on (X, Y). The update is
    # skipped when J is nan, or infinite where training may not step past it, or when a
    # gradient is not finite (checked always with the stages, and at an infinite J without).
    # Returns J, the cost summed over the examples (the mini-batch loop adds these up), the
    # parameters and whether it updated.
    m = Y.shape[1]
    if dropout is None:
        AL, caches = L_model_forward(X, parameters, activations)
    else:
        AL, caches = forward_propagation_with_dropout(X, parameters, activations, dropout["keep"])
    terms = cost_terms(AL, Y, loss)
    cost = (-1 / m) * np.sum(terms) if loss != "mse" else (1 / (2 * m)) * np.sum(terms)
    summed = -np.sum(terms) if loss != "mse" else 0.5 * np.sum(terms)
    if lambd is not None:
        term = l2_cost(parameters, lambd, m)
        cost, summed = cost + term, summed + m * term
    cost, summed = float(cost), float(summed)
    if np.isnan(cost) or (np.isinf(cost) and not steps_past_infinite):
        return cost, summed, parameters, False
    with np.errstate(all="ignore"):
        if dropout is not None:
            grads = backward_propagation_with_dropout(AL, Y, caches, activations, dropout["keep"], lambd, loss)
        elif lambd is None:
            grads = L_model_backward(AL, Y, caches, activations, loss)
        else:
            grads = backward_propagation_with_regularization(AL, Y, caches, activations, lambd, loss)
    if (not plain or np.isinf(cost)) and not all(np.all(np.isfinite(g)) for g in grads.values()):
        return cost, summed, parameters, False
    if optimizer["name"] == "gd":
        parameters = update_parameters(parameters, grads, learning_rate)
    else:
        parameters = optimizer_update(S, parameters, grads, learning_rate)
    return cost, summed, parameters, True

def L_layer_model(S, num_iterations, learning_rate, print_every=100):
    # nnstep's `train N LR` on S["X"], S["Y"]: N iterations (with `minibatch`, N epochs of
    # random_mini_batches, the cost the epoch's summed costs over m). It steps past an
    # infinite cost whose gradients are finite (a saturated output), except when X is not
    # scaled (some |x| > 100) or the loss is mse, and stops before an update it skips; it
    # decays the rate after each epoch, and forgets the caches.
    end_walk(S)
    X, Y = S["X"], S["Y"]
    m = X.shape[1]
    parameters = {k: S[k] for l in range(1, len(layer_dims)) for k in ("W" + str(l), "b" + str(l))}
    learning_rate0 = learning_rate
    steps_past_infinite = not np.any(np.abs(X) > 100) and loss != "mse"
    plain = lambd is None and dropout is None and optimizer["name"] == "gd" and minibatch is None and decay is None
    unit = "iteration" if minibatch is None else "epoch"
    for i in range(num_iterations):
        if minibatch is None:
            cost, _, parameters, stepped = training_pass(X, Y, parameters, learning_rate, steps_past_infinite, plain)
        else:
            total, stepped = 0.0, True
            for mini_X, mini_Y in random_mini_batches(X, Y, minibatch["size"], (minibatch["seed"] + 1 + i) % 2**32):
                cost, summed, parameters, stepped = training_pass(mini_X, mini_Y, parameters, learning_rate,
                                                                  steps_past_infinite, plain)
                if not stepped:
                    break
                total += summed
            if stepped:
                cost = total / m
        if i % print_every == 0 or i == num_iterations - 1 or not stepped:
            print("Cost after %s %i: %s" % (unit, i, repr(cost)))
        if not stepped:
            break
        if decay is not None and decay["kind"] == "inverse":
            learning_rate = update_lr(learning_rate0, i, decay["rate"])
        elif decay is not None:
            learning_rate = schedule_lr_decay(learning_rate0, i, decay["rate"], decay["interval"])
    S.update(parameters)
    forget_caches(S)

# ---- the session's bookkeeping ----

LAYER_NAME = re.compile(r"(dZ|dW|db|dA|vdW|vdb|sdW|sdb|W|b|Z|A|D)(0|[1-9][0-9]{0,4})")

def forget_caches(S, keep_parameters=True):
    # What `reset` and `train` drop (and `net`, which drops W, b and the optimiser's state too):
    # Z, A, D, dZ, dW, db, dA, J.
    for k in list(S):
        m = LAYER_NAME.fullmatch(k)
        if k == "J" or (m and not (keep_parameters and m.group(1) in ("W", "b", "vdW", "vdb", "sdW", "sdb"))):
            del S[k]

def end_walk(S):
    # The full X and Y back after `minibatch next` (as `net`, `train` and `minibatch` do).
    global walk
    if walk is not None:
        S["X"], S["Y"] = walk["X"], walk["Y"]
        walk = None

def set_dropout(S, chosen):
    # `dropout KEEP ...` and `dropout off`: the masks D[l] are forgotten either way.
    global dropout
    for k in list(S):
        m = LAYER_NAME.fullmatch(k)
        if m and m.group(1) == "D":
            del S[k]
    dropout = chosen

def dropout_applies(l, L):
    # The hidden layers (all, or those named), never the output layer.
    return dropout is not None and 1 <= l < L and (dropout["layers"] is None or l in dropout["layers"])

OPTIMIZER_STATE = re.compile(r"(vdW|vdb|sdW|sdb)(0|[1-9][0-9]{0,4})")

def reset_optimizer_state(S):
    # What `net`, `init` and `optimizer` do: the optimiser's state back at zeros
    # (vdW, vdb for momentum and adam; sdW, sdb and t for adam).
    for k in list(S):
        if OPTIMIZER_STATE.fullmatch(k):
            del S[k]
    if len(layer_dims) < 2:
        return
    for l in range(1, len(layer_dims)):
        w, b = np.zeros((layer_dims[l], layer_dims[l - 1])), np.zeros((layer_dims[l], 1))
        if optimizer["name"] in ("momentum", "adam"):
            S["vdW" + str(l)], S["vdb" + str(l)] = w.copy(), b.copy()
        if optimizer["name"] == "adam":
            S["sdW" + str(l)], S["sdb" + str(l)] = w.copy(), b.copy()
    if optimizer["name"] == "adam":
        S["t"] = np.array([[0.0]])

def set_optimizer(S, chosen):
    # `optimizer NAME ...`: leaving adam drops t; the new optimiser's state starts at zeros.
    global optimizer
    if optimizer["name"] == "adam":
        S.pop("t", None)
    optimizer = chosen
    reset_optimizer_state(S)

def as_matrix(a):
    # nnstep's 2-D view: () -> 1x1, (n,) -> 1xn, (m, d1, ...) -> X.reshape(m, -1).T
    a = np.array(a, dtype=np.float64)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(1, -1)
    if a.ndim == 2:
        return a
    return a.reshape(a.shape[0], -1).T

def as_int64(a):
    # np.int64(A) and A.astype(int) as nnstep holds them: each value cut toward 0, kept as
    # float64 (numpy's int64 would wrap 1e+300 to -2**63; nnstep has no integer matrices).
    return np.trunc(np.asarray(a, dtype=np.float64)) + 0.0

def save_session(S, path):
    # Every matrix as a float64 array under its name, as nnstep's `save FILE.npz` writes them.
    with zipfile.ZipFile(path, "w") as z:
        for name, value in S.items():
            with z.open(name + ".npy", "w") as f:
                np.lib.format.write_array(f, np.ascontiguousarray(value, dtype=np.float64))

"""#

    static let files = #"""
# ---- reading files as nnstep's `load` does ----

NUMBER = re.compile(rb"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan(\([0-9A-WYZa-wyz_]*\))?)", re.IGNORECASE)

def table_number(cell):
    # A cell as nnstep's strtod reads it (surrounding double quotes allowed; no hexadecimal,
    # so no x anywhere), or None.
    if len(cell) >= 2 and cell[:1] == cell[-1:] == b'"':
        cell = cell[1:-1].strip(b" \t\r")
    if not NUMBER.fullmatch(cell) or len(cell) >= 512:
        return None
    return float(cell.split(b"(")[0])

def read_table(path):
    # Comma- or whitespace-separated numbers, one row per line; blank and # lines skipped,
    # a first line without any number is a header. Read as bytes, lines cut at \n only,
    # as nnstep reads them: a header in any encoding (Latin-1 caf\xe9) is skipped alike.
    rows, sep, first = [], None, True
    with open(path, "rb") as f:
        data = f.read()
    for number, line in enumerate(data.split(b"\n")):
        if number == 0 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        line = line.strip(b" \t\r")
        if not line or line.startswith(b"#"):
            continue
        if sep is None:
            sep = b"," if b"," in line else b" "
        if sep == b",":
            cells = [c.strip(b" \t\r") for c in line.split(b",")]
        else:
            cells = [c for c in re.split(rb"[ \t]+", line) if c]
        values = [table_number(c) for c in cells]
        if first and all(v is None for v in values):
            first = False
            continue
        first = False
        rows.append(values)
    return np.array(rows, dtype=np.float64)

def npz_members(path):
    # Every member as nnstep names it: its name's bytes read as UTF-8 (invalid bytes as
    # U+FFFD), without ".npy"; folders skipped.
    found = []
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            raw = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            name = raw.decode("utf-8", "replace")
            if name.endswith("/"):
                continue
            with z.open(info) as f:
                found.append((name[:-4] if name.endswith(".npy") else name, np.lib.format.read_array(f, allow_pickle=False)))
    return found

def read_arrays(path, key=None):
    base = path.rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    stem = base[:base.rindex(".")] if "." in base[1:] else base
    if ext == "npy":
        return [(stem, np.load(path))]
    if ext == "npz":
        wanted = None if key is None else (key[:-4] if key.endswith(".npy") else key)
        members = [(k, a) for k, a in npz_members(path) if wanted is None or k == wanted]
        return members if wanted is None else members[:1]
    if ext in ("csv", "txt", "tsv"):
        return [(stem, read_table(path))]
    try:
        import h5py
    except ImportError:
        sys.exit(path + ": reading .h5 files needs h5py (pip install h5py)")
    with h5py.File(path, "r") as f:
        if key is not None:
            return [(key, f[key][()])]
        found = []
        f.visititems(lambda name, obj: found.append((name, obj[()]))
                     if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "biuf" else None)
        return found

def matrix_name(key):
    # A file's key as nnstep names it: its first 64 bytes of UTF-8 (invalid bytes, which h5py
    # gives as bytes, read as U+FFFD), letters, digits and _ kept (others become _), A0 is X.
    if isinstance(key, str):
        key = key.encode("utf-8", "surrogateescape")
    raw = key.decode("utf-8", "replace").encode("utf-8")[:64]
    name = "".join(chr(c) if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else "_" for c in raw)
    if name[:1].isdigit():
        name = "_" + name
    return "X" if name == "A0" else name

def load_into(S, path, key=None, as_name=None):
    items = read_arrays(path, key)
    if as_name is not None:
        items = [(as_name, items[0][1])]
    for k, a in items:
        S[matrix_name(k)] = as_matrix(a)

"""#

    static let l2 = #"""
# ---- Regularization: L2 ----

def compute_cost_with_regularization(AL, Y, parameters, lambd, loss="bce"):
    # J = cross-entropy + (1/m) * (lambd/2) * sum of ||W[l]||^2
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(AL, Y, loss)
    L2_regularization_cost = l2_cost(parameters, lambd, m)
    return cross_entropy_cost + L2_regularization_cost

def l2_cost(parameters, lambd, m):
    total = 0.0
    for l in range(1, len(layer_dims)):
        total += np.sum(np.square(parameters["W" + str(l)]))
    return (1 / m) * (lambd / 2) * total

def backward_propagation_with_regularization(AL, Y, caches, activations, lambd, loss="bce"):
    # L_model_backward with dW[l] += (lambd/m) * W[l]; db unchanged.
    grads = L_model_backward(AL, Y, caches, activations, loss)
    m = Y.shape[1]
    for l in range(1, len(caches) + 1):
        W = caches[l - 1][0][1]
        grads["dW" + str(l)] = grads["dW" + str(l)] + (lambd / m) * W
    return grads

"""#

    static let optimizers = #"""
# ---- Optimization: momentum and Adam ----

def initialize_velocity(parameters):
    v = {}
    for l in range(1, len(layer_dims)):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return v

def initialize_adam(parameters):
    return initialize_velocity(parameters), initialize_velocity(parameters)

def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    # v = beta * v + (1 - beta) * dW;  W = W - learning_rate * v
    for l in range(1, len(layer_dims)):
        for p in ("W", "b"):
            k = "d" + p + str(l)
            v[k] = beta * v[k] + (1 - beta) * grads[k]
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v[k]
    return parameters, v

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    # v = beta1 * v + (1 - beta1) * dW,  s = beta2 * s + (1 - beta2) * dW^2, both corrected by
    # 1 - beta^t;  W = W - learning_rate * v_corrected / (sqrt(s_corrected) + epsilon)
    c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
    for l in range(1, len(layer_dims)):
        for p in ("W", "b"):
            k = "d" + p + str(l)
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            s[k] = beta2 * s[k] + (1 - beta2) * np.square(grads[k])
            v_corrected = v[k] / c1
            s_corrected = s[k] / c2
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return parameters, v, s

def optimizer_update(S, parameters, grads, learning_rate):
    # `step` and `train` with momentum or adam: the state from S (zeros where missing), one
    # update (adam: t += 1 first), the state back into S under nnstep's names.
    v, s = initialize_adam(parameters)
    for l in range(1, len(layer_dims)):
        for k, store in (("dW", v), ("db", v)) + ((("dW", s), ("db", s)) if optimizer["name"] == "adam" else ()):
            name = ("v" if store is v else "s") + k + str(l)
            if name in S:
                store[k + str(l)] = S[name]
    if optimizer["name"] == "momentum":
        parameters, v = update_parameters_with_momentum(parameters, grads, v, optimizer["beta"], learning_rate)
    else:
        t = int(S["t"][0, 0]) + 1 if "t" in S else 1
        parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                       optimizer["beta1"], optimizer["beta2"], optimizer["epsilon"])
        S["t"] = np.array([[float(t)]])
    for l in range(1, len(layer_dims)):
        for k in ("dW", "db"):
            S["v" + k + str(l)] = v[k + str(l)]
            if optimizer["name"] == "adam":
                S["s" + k + str(l)] = s[k + str(l)]
    return parameters

"""#

    static let dropout = #"""
# ---- Regularization: dropout ----

def forward_propagation_with_dropout(X, parameters, activations, keep_prob):
    # Each pass first seeds (with `seed N`), then for each dropped layer in order:
    # D[l] = np.random.rand(n[l], m) < keep_prob;  A[l] = A[l] * D[l] / keep_prob
    if dropout["seed"] is not None:
        np.random.seed(dropout["seed"])
    caches = []
    A = X
    L = len(activations)
    for l in range(1, L + 1):
        Z, linear_cache = linear_forward(A, parameters["W" + str(l)], parameters["b" + str(l)])
        A, _ = FORWARD[activations[l - 1]](Z)
        D = None
        if dropout_applies(l, L):
            D = (np.random.rand(A.shape[0], A.shape[1]) < keep_prob).astype(float)
            A = A * D / keep_prob
        caches.append((linear_cache, Z, D))
    return A, caches

def backward_propagation_with_dropout(AL, Y, caches, activations, keep_prob, lambd=None, loss="bce"):
    # dA[l] = dA[l] * D[l] / keep_prob before dZ[l] = dA[l] * g'(Z[l]); with L2, dW[l] += (lambd/m) * W[l].
    grads = {}
    L = len(caches)
    m = Y.shape[1]
    dA = None if activations[-1] == "softmax" and loss == "ce" else cost_gradient(AL, Y, loss)
    dZ = output_backward(dA, AL, Y, caches[L - 1][1], activations, loss)
    for l in reversed(range(1, L + 1)):
        dA_prev, dW, db = linear_backward(dZ, caches[l - 1][0])
        if lambd is not None:
            dW = dW + (lambd / m) * caches[l - 1][0][1]
        grads["dW" + str(l)], grads["db" + str(l)] = dW, db
        if l > 1:
            D = caches[l - 2][2]
            if D is not None:
                dA_prev = dA_prev * D / keep_prob
            dZ = activation_backward(dA_prev, caches[l - 2][1], activations[l - 2])
    return grads

"""#

    static let minibatch = #"""
# ---- Optimization: mini-batches and learning-rate decay ----

def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    # np.random.seed(seed); the columns shuffled by np.random.permutation(m), then cut in order,
    # the last batch smaller.
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    mini_batches = []
    for k in range(0, m, mini_batch_size):
        mini_batches.append((shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size]))
    return mini_batches

def minibatch_next(S):
    # `minibatch next`: the next batch of the epoch walked by hand into X and Y; a new epoch
    # seeds with seed + 1 + epoch and draws its permutation, as random_mini_batches does.
    global walk
    size = minibatch["size"]
    if walk is None or walk["batch"] >= -(-walk["X"].shape[1] // size):
        X, Y = (S["X"], S["Y"]) if walk is None else (walk["X"], walk["Y"])
        epoch = 0 if walk is None else walk["epoch"] + 1
        np.random.seed((minibatch["seed"] + 1 + epoch) % 2**32)
        walk = {"X": X, "Y": Y, "epoch": epoch, "batch": 0, "permutation": list(np.random.permutation(X.shape[1]))}
    columns = walk["permutation"][walk["batch"] * size:(walk["batch"] + 1) * size]
    S["X"], S["Y"] = walk["X"][:, columns], walk["Y"][:, columns]
    walk["batch"] += 1

def update_lr(learning_rate0, epoch_num, decay_rate):
    return 1 / (1 + decay_rate * epoch_num) * learning_rate0

def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return 1 / (1 + decay_rate * (epoch_num // time_interval)) * learning_rate0

"""#

    static let flower = #"""
# ---- the planar assignment's data set ----

def load_planar_dataset():
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T.astype(np.float64)

"""#

    /// The functions, with the optional parts a script uses.
    static func text(_ parts: Set<Part>) -> String {
        var out = header + activations + model
        if parts.contains(.files) { out += files }
        if parts.contains(.flower) { out += flower }
        if parts.contains(.l2) { out += l2 }
        if parts.contains(.optimizers) { out += optimizers }
        if parts.contains(.dropout) { out += dropout }
        if parts.contains(.minibatch) { out += minibatch }
        if parts.contains(.batchnorm) { out += batchnorm }
        return out
    }
}
