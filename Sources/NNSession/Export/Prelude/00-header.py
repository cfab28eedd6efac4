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
