#: `batchnorm L…`: the lecture's batch norm, and the model's functions layer by layer (written last, since it replaces dense functions).
# ---- Batch normalisation (course 2, week 3): `batchnorm L... [eps E]` ----
# kinds[l] is epsilon for each batch-normalised layer l; the others are dense. A normalised
# layer has W, gamma, beta (no b) and keeps mu, var (sigma^2), Zn (Z hat) and Zt (Z tilde).
# The functions below replace the dense ones above, layer by layer.

kinds = {}
KIND_NAMES = ("gamma", "beta", "mu", "var", "Zn", "Zt", "dZt", "dZn", "dgamma", "dbeta",
              "vdgamma", "vdbeta", "sdgamma", "sdbeta")
BATCHNORM_CACHES = ("mu", "var", "Zn", "Zt", "dZt", "dZn")

def batchnorm_forward(A_prev, W, gamma, beta, eps):
    # Z = W.A_prev (no b);  mu, var over the examples (axis 1);  Zn = (Z - mu) / sqrt(var + eps);
    # Zt = gamma * Zn + beta
    m = A_prev.shape[1]
    Z = np.dot(W, A_prev)
    mu = 1. / m * np.sum(Z, axis=1, keepdims=True)
    var = 1. / m * np.sum((Z - mu) ** 2, axis=1, keepdims=True)
    Zn = (Z - mu) / np.sqrt(var + eps)
    Zt = gamma * Zn + beta
    return Z, mu, var, Zn, Zt

def batchnorm_backward(dZt, W, gamma, A_prev, Zn, var, eps):
    # The 1/m lives in dW, dgamma and dbeta, as in dW and db:
    # dgamma = 1/m * sum(dZt * Zn), dbeta = 1/m * sum(dZt), dZn = dZt * gamma,
    # dZ = 1/m * 1/sqrt(var + eps) * (m*dZn - sum(dZn) - Zn*sum(dZn*Zn)), dW = 1/m * dZ.A_prev^T
    m = A_prev.shape[1]
    dgamma = 1. / m * np.sum(dZt * Zn, axis=1, keepdims=True)
    dbeta = 1. / m * np.sum(dZt, axis=1, keepdims=True)
    dZn = dZt * gamma
    dZ = 1. / m * (1 / np.sqrt(var + eps)) * (
        m * dZn - np.sum(dZn, axis=1, keepdims=True) - Zn * np.sum(dZn * Zn, axis=1, keepdims=True))
    dW = 1. / m * np.dot(dZ, A_prev.T)
    dA_prev = np.dot(W.T, dZ)
    return dZn, dZ, dW, dgamma, dbeta, dA_prev

def layer_parameters(l):
    return ("W", "gamma", "beta") if l in kinds else ("W", "b")

def layer_names(l):
    names = ["W", "Z", "A", "dZ", "dW", "dA", "D"]
    if l in kinds:
        names += ["gamma", "beta", "mu", "var", "Zn", "Zt", "dZt", "dZn", "dgamma", "dbeta"]
    else:
        names += ["b", "db"]
    for p in layer_parameters(l):
        names += ["vd" + p, "sd" + p]
    return set(names)

def set_kind(S, l, eps):
    # Layer l becomes normalised (eps) or dense (None): a matrix of your own under a name the
    # layer takes moves to NAME_own; the names it no longer has go, with Z, dZ, the old caches
    # and the optimiser's state; the parameters it gains start at gamma = 1, beta = 0, b = 0.
    old, was = layer_names(l), l in kinds
    old_caches = set(BATCHNORM_CACHES) if was else set()
    if eps is None:
        kinds.pop(l, None)
    else:
        kinds[l] = eps
    new = layer_names(l)
    for name in KIND_NAMES:
        key = name + str(l)
        if name in new and name not in old and key in S:
            aside = key + "_own"
            while aside in S:
                aside += "_"
            S[aside] = S.pop(key)
    for name in old | new:
        if name not in new or name in old_caches or name.startswith(("vd", "sd")) or name in ("Z", "dZ"):
            S.pop(name + str(l), None)
    for p in layer_parameters(l):
        if p + str(l) not in S:
            S[p + str(l)] = np.ones((layer_dims[l], 1)) if p == "gamma" else np.zeros((layer_dims[l], 1))
    reset_optimizer_state(S)

def set_batchnorm(S, layers, eps):
    for l in sorted(set(layers)):
        set_kind(S, l, eps)

def batchnorm_off(S, layers):
    for l in (sorted(set(layers)) if layers else range(1, len(layer_dims))):
        if l in kinds:
            set_kind(S, l, None)

dense_forget_caches = forget_caches
def forget_caches(S, keep_parameters=True):
    # The dense names as before; a normalised layer's caches too (and with `net` its
    # parameters and the kinds, since `net` builds dense layers).
    dense_forget_caches(S, keep_parameters)
    for l in list(kinds):
        for name in (BATCHNORM_CACHES + ("dgamma", "dbeta") if keep_parameters else KIND_NAMES):
            S.pop(name + str(l), None)
    if not keep_parameters:
        kinds.clear()

dense_reset_optimizer_state = reset_optimizer_state
def reset_optimizer_state(S):
    for l in kinds:
        for name in ("vdgamma", "vdbeta", "sdgamma", "sdbeta"):
            S.pop(name + str(l), None)
    dense_reset_optimizer_state(S)
    for l in kinds:
        for name in ("vdb", "sdb"):
            S.pop(name + str(l), None)
        for prefix in (("vd",) if optimizer["name"] == "momentum" else ("vd", "sd") if optimizer["name"] == "adam" else ()):
            for p in ("gamma", "beta"):
                S[prefix + p + str(l)] = np.zeros((layer_dims[l], 1))

dense_initialize_parameters_deep = initialize_parameters_deep
def initialize_parameters_deep(layer_dims, scheme="small"):
    # W[l] drawn in order as for dense layers; gamma = 1, beta = 0 on a normalised layer.
    parameters = dense_initialize_parameters_deep(layer_dims, scheme)
    for l in kinds:
        del parameters["b" + str(l)]
        parameters["gamma" + str(l)] = np.ones((layer_dims[l], 1))
        parameters["beta" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters

def L_model_forward(X, parameters, activations):
    # A normalised layer's cache is ((A_prev, W, gamma), Zt, (mu, var, Zn)): its second part is
    # what g was applied to, as a dense layer's Z, for the backward step above it.
    caches = []
    A = X
    for l in range(1, len(activations) + 1):
        if l in kinds:
            W, gamma = parameters["W" + str(l)], parameters["gamma" + str(l)]
            Z, mu, var, Zn, Zt = batchnorm_forward(A, W, gamma, parameters["beta" + str(l)], kinds[l])
            caches.append(((A, W, gamma), Zt, (mu, var, Zn)))
            A, _ = FORWARD[activations[l - 1]](Zt)
        else:
            A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                 activations[l - 1])
            caches.append(cache)
    return A, caches

def L_model_backward(AL, Y, caches, activations, loss="bce"):
    grads = {}
    L = len(caches)
    dA = None if activations[-1] == "softmax" and loss == "ce" else cost_gradient(AL, Y, loss)
    dZ = output_backward(dA, AL, Y, caches[L - 1][1], activations, loss)
    for l in reversed(range(1, L + 1)):
        if l in kinds:
            (A_prev, W, gamma), _, (mu, var, Zn) = caches[l - 1]
            _, _, grads["dW" + str(l)], grads["dgamma" + str(l)], grads["dbeta" + str(l)], dA_prev = \
                batchnorm_backward(dZ, W, gamma, A_prev, Zn, var, kinds[l])
        else:
            dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_backward(dZ, caches[l - 1][0])
        if l > 1:
            dZ = activation_backward(dA_prev, caches[l - 2][1], activations[l - 2])
    return grads

def forward_propagation_with_dropout(X, parameters, activations, keep_prob):
    # As above, with a normalised layer's cache ((A_prev, W, gamma), Zt, D, (mu, var, Zn)).
    if dropout["seed"] is not None:
        np.random.seed(dropout["seed"])
    caches = []
    A = X
    L = len(activations)
    for l in range(1, L + 1):
        if l in kinds:
            A_prev, W, gamma = A, parameters["W" + str(l)], parameters["gamma" + str(l)]
            Z, mu, var, Zn, Zt = batchnorm_forward(A_prev, W, gamma, parameters["beta" + str(l)], kinds[l])
            A, _ = FORWARD[activations[l - 1]](Zt)
            first, pre, extra = (A_prev, W, gamma), Zt, ((mu, var, Zn),)
        else:
            Z, first = linear_forward(A, parameters["W" + str(l)], parameters["b" + str(l)])
            A, _ = FORWARD[activations[l - 1]](Z)
            pre, extra = Z, ()
        D = None
        if dropout_applies(l, L):
            D = (np.random.rand(A.shape[0], A.shape[1]) < keep_prob).astype(float)
            A = A * D / keep_prob
        caches.append((first, pre, D) + extra)
    return A, caches

def backward_propagation_with_dropout(AL, Y, caches, activations, keep_prob, lambd=None, loss="bce"):
    grads = {}
    L = len(caches)
    m = Y.shape[1]
    dA = None if activations[-1] == "softmax" and loss == "ce" else cost_gradient(AL, Y, loss)
    dZ = output_backward(dA, AL, Y, caches[L - 1][1], activations, loss)
    for l in reversed(range(1, L + 1)):
        if l in kinds:
            (A_prev, W, gamma), _, _, (mu, var, Zn) = caches[l - 1]
            _, _, dW, grads["dgamma" + str(l)], grads["dbeta" + str(l)], dA_prev = \
                batchnorm_backward(dZ, W, gamma, A_prev, Zn, var, kinds[l])
        else:
            dA_prev, dW, grads["db" + str(l)] = linear_backward(dZ, caches[l - 1][0])
        if lambd is not None:
            dW = dW + (lambd / m) * caches[l - 1][0][1]
        grads["dW" + str(l)] = dW
        if l > 1:
            D = caches[l - 2][2]
            if D is not None:
                dA_prev = dA_prev * D / keep_prob
            dZ = activation_backward(dA_prev, caches[l - 2][1], activations[l - 2])
    return grads

def update_parameters(parameters, grads, learning_rate):
    for l in range(1, len(layer_dims)):
        for p in layer_parameters(l):
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * grads["d" + p + str(l)]
    return parameters

def initialize_velocity(parameters):
    v = {}
    for l in range(1, len(layer_dims)):
        for p in layer_parameters(l):
            v["d" + p + str(l)] = np.zeros(parameters[p + str(l)].shape)
    return v

def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    for l in range(1, len(layer_dims)):
        for p in layer_parameters(l):
            k = "d" + p + str(l)
            v[k] = beta * v[k] + (1 - beta) * grads[k]
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v[k]
    return parameters, v

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
    for l in range(1, len(layer_dims)):
        for p in layer_parameters(l):
            k = "d" + p + str(l)
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            s[k] = beta2 * s[k] + (1 - beta2) * np.square(grads[k])
            v_corrected = v[k] / c1
            s_corrected = s[k] / c2
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return parameters, v, s

def optimizer_update(S, parameters, grads, learning_rate):
    v, s = initialize_velocity(parameters), initialize_velocity(parameters)
    for l in range(1, len(layer_dims)):
        for p in layer_parameters(l):
            k = "d" + p + str(l)
            for prefix, store in (("v", v), ("s", s)) if optimizer["name"] == "adam" else (("v", v),):
                if prefix + k in S:
                    store[k] = S[prefix + k]
    if optimizer["name"] == "momentum":
        parameters, v = update_parameters_with_momentum(parameters, grads, v, optimizer["beta"], learning_rate)
    else:
        t = int(S["t"][0, 0]) + 1 if "t" in S else 1
        parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                       optimizer["beta1"], optimizer["beta2"], optimizer["epsilon"])
        S["t"] = np.array([[float(t)]])
    for l in range(1, len(layer_dims)):
        for p in layer_parameters(l):
            S["vd" + p + str(l)] = v["d" + p + str(l)]
            if optimizer["name"] == "adam":
                S["sd" + p + str(l)] = s["d" + p + str(l)]
    return parameters

def L_layer_model(S, num_iterations, learning_rate, print_every=100):
    # The dense L_layer_model above, with each layer's own parameters.
    end_walk(S)
    X, Y = S["X"], S["Y"]
    m = X.shape[1]
    parameters = {p + str(l): S[p + str(l)] for l in range(1, len(layer_dims)) for p in layer_parameters(l)}
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

