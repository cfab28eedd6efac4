#!/usr/bin/env python3
"""Runs a notebook's code cells in order in one namespace, as Jupyter's "Run All" does.

    scripts/run-notebook.py NOTEBOOK.ipynb

Each cell is compiled on its own (so a cell that does not parse fails by itself, as in
Jupyter); the exit status is not 0 when a cell raises.
"""
import json
import sys


def run(path):
    with open(path, encoding="utf-8") as f:
        cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    namespace = {"__name__": "__notebook__"}
    for k, cell in enumerate(cells, 1):
        exec(compile("".join(cell["source"]), "%s, cell %d" % (path, k), "exec"), namespace)


if __name__ == "__main__":
    run(sys.argv[1])
