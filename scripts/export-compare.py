#!/usr/bin/env python3
"""Compares two .npz files: the same names, the same shapes, values within 1e-12 relative.

    scripts/export-compare.py NNSTEP.npz NUMPY.npz [RTOL]

An element passes when |a - b| <= rtol * max(|a|, |b|, s) with s = the largest |element| of
the array times 1e-3 (so an element that cancels to about zero is held to the array's scale);
nan must meet nan and inf the same inf. Exit status 0 when every array passes.
"""
import sys

import numpy as np


def compare(a_path, b_path, rtol):
    a, b = np.load(a_path), np.load(b_path)
    problems = []
    if sorted(a.files) != sorted(b.files):
        problems.append("names differ: only in nnstep's %s, only in numpy's %s"
                        % (sorted(set(a.files) - set(b.files)), sorted(set(b.files) - set(a.files))))
    for name in sorted(set(a.files) & set(b.files)):
        x, y = a[name], b[name]
        if x.shape != y.shape:
            problems.append("%s: shape %s in nnstep, %s in numpy" % (name, x.shape, y.shape))
            continue
        if not np.array_equal(np.isnan(x), np.isnan(y)) or not np.array_equal(np.isinf(x), np.isinf(y)):
            problems.append("%s: nan or inf at different places" % name)
            continue
        finite = np.isfinite(x)
        if not np.array_equal(x[~finite & ~np.isnan(x)], y[~finite & ~np.isnan(y)]):
            problems.append("%s: infinities of different sign" % name)
            continue
        xf, yf = x[finite], y[finite]
        if xf.size == 0:
            continue
        scale = 1e-3 * max(np.max(np.abs(xf)), np.max(np.abs(yf)))
        bound = rtol * np.maximum(np.maximum(np.abs(xf), np.abs(yf)), scale)
        err = np.abs(xf - yf)
        if np.any(err > bound):
            k = int(np.argmax(err - bound))
            problems.append("%s: differs by %.3g at flat index %d (%r vs %r)"
                            % (name, err[k], k, float(xf[k]), float(yf[k])))
    return problems


if __name__ == "__main__":
    rtol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-12
    found = compare(sys.argv[1], sys.argv[2], rtol)
    for p in found:
        print("  " + p)
    sys.exit(1 if found else 0)
