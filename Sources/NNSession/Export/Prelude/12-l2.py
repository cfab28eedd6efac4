#: `regularize l2 λ`: the regularisation assignment's L2 cost and gradient.
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
