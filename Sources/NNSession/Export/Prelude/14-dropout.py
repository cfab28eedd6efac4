#: `dropout KEEP …`: the regularisation assignment's forward and backward with dropout.
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
