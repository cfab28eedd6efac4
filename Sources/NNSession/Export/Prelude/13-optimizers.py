#: `optimizer momentum|adam`: the optimisation assignment's updates and their state.
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
