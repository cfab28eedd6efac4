#: `minibatch` and `decay`: the optimisation assignment's mini-batches and rate decay.
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
