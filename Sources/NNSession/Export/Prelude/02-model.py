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
