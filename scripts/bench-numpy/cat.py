"""numpy counterpart of examples/cat-classifier.nnscript: the course's application
notebook ("Deep Neural Network - Application") end to end.

Loads train_catvnoncat.h5 and test_catvnoncat.h5 with h5py, flattens and scales
the pictures (reshape(m, -1).T / 255.), trains [12288, 20, 7, 5, 1] with
initialize_parameters_deep (xavier, seed 1) and L_layer_model (α = 0.0075,
printing the cost every 100 iterations and the last), then runs the notebook's
predict on both sets.

    python3 cat.py DATA_DIR [ITERATIONS] [--threads T]

prints `Cost after iteration i: J`, `train_accuracy: a (k/m)`,
`test_accuracy: a (k/m)`, then `time_s_total: T`, from the first h5py read to
the last accuracy (the imports of numpy and h5py are not counted).
"""
import os
import sys
import time

import blas_threads

ARGV = blas_threads.take(sys.argv[1:])
import h5py  # noqa: E402
import numpy as np  # noqa: E402

import course  # noqa: E402

blas_threads.apply()

LAYERS = [12288, 20, 7, 5, 1]
LEARNING_RATE = 0.0075


def load_data(folder):
    with h5py.File(os.path.join(folder, "train_catvnoncat.h5"), "r") as f:
        train_x_orig = np.array(f["train_set_x"][:])
        train_y = np.array(f["train_set_y"][:])
    with h5py.File(os.path.join(folder, "test_catvnoncat.h5"), "r") as f:
        test_x_orig = np.array(f["test_set_x"][:])
        test_y = np.array(f["test_set_y"][:])
    return train_x_orig, train_y.reshape((1, -1)), test_x_orig, test_y.reshape((1, -1))


def predict(X, y, parameters):
    """The notebook's predict: 1 where AL > 0.5; returns the accuracy and the count right."""
    m = X.shape[1]
    p = np.zeros((1, m))
    probas, _ = course.L_model_forward(X, parameters)
    for i in range(0, probas.shape[1]):
        p[0, i] = 1 if probas[0, i] > 0.5 else 0
    right = int(np.sum(p == y))
    return float(np.sum((p == y) / m)), right


def main(argv):
    folder = argv[0]
    iterations = int(argv[1]) if len(argv) > 1 else 2500
    t0 = time.perf_counter()
    train_x_orig, train_y, test_x_orig, test_y = load_data(folder)
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.
    parameters = course.initialize_parameters_deep(LAYERS, "xavier", seed=1)
    parameters, _ = course.L_layer_model(train_x, train_y, parameters, LEARNING_RATE, iterations, 100)
    train = predict(train_x, train_y, parameters)
    test = predict(test_x, test_y, parameters)
    seconds = time.perf_counter() - t0
    print("train_accuracy: {!r} ({}/{})".format(train[0], train[1], train_x.shape[1]))
    print("test_accuracy: {!r} ({}/{})".format(test[0], test[1], test_x.shape[1]))
    print("time_s_total: {!r}".format(seconds))
    print(blas_threads.describe())


if __name__ == "__main__":
    main(ARGV)
