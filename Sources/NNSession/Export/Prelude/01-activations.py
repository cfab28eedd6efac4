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
