# Bits that do not depend on the machine: one session that reaches every kind of product
# (the ordered kernels, the BLAS's Aᵀ·B and thin A·Bᵀ, the small loop) is run on one thread
# and on two, and on every product path this CPU supports; every saved value must be the
# same bits (numpy compares them; without numpy the cases are skipped with a note).
printf '%s\n' 'dataset digits' 'X = X / 16' 'Y = onehot Y 10' 'net 64 100 100 10:softmax' 'init he seed 1' \
    'forward all' 'cost' 'backward all' 'save values.npz' 'train 20 0.1' 'save trained.npz' \
    'net 64 4 10:softmax' 'init he seed 2' 'forward all' 'cost' 'backward all' 'save thin.npz' > "$work/bits.nnscript"
bits_reference=""
if ! python3 -c 'import numpy' 2>/dev/null; then
    echo "skip bits: needs python3 with numpy"
else
for path in $("$bin" --products | grep -v '^in use: '); do
    for threads in 1 2; do
        dir="$work/bits-$path-$threads"
        mkdir -p "$dir"
        if ! (cd "$dir" && NNSTEP_PRODUCTS=$path NNSTEP_THREADS=$threads "$bin" "$work/bits.nnscript" > run.out 2>&1); then
            fail "bits: the session failed on path $path, $threads thread(s): $(tail -c 300 "$dir/run.out")"
            continue
        fi
        if [ -z "$bits_reference" ]; then
            bits_reference=$dir
            continue
        fi
        # The arrays' bit patterns, compared by numpy (the zip entries carry their own times).
        if python3 - "$bits_reference" "$dir" <<'PY'
import sys
import numpy as np
a_dir, b_dir = sys.argv[1], sys.argv[2]
for f in ["values.npz", "trained.npz", "thin.npz"]:
    a, b = np.load(f"{a_dir}/{f}"), np.load(f"{b_dir}/{f}")
    if sorted(a.files) != sorted(b.files):
        sys.exit(1)
    for k in a.files:
        if a[k].shape != b[k].shape or not np.array_equal(a[k].view(np.uint64), b[k].view(np.uint64)):
            print(f"{f}: {k} differs", file=sys.stderr)
            sys.exit(1)
PY
        then
            pass "bits: path $path on $threads thread(s) saves what $(basename "$bits_reference") saves"
        else
            fail "bits: path $path on $threads thread(s) differs from $(basename "$bits_reference")"
        fi
    done
done
fi

# The cat classifier (its G = XᵀX is a large BLAS product) prints the same costs on one thread
# and on two; skipped without the course's data.
cat_data="$root/../shared/datasets/catvnoncat"
if [ -f "$cat_data/train_catvnoncat.h5" ]; then
    for threads in 1 2; do
        (cd "$work" && NNSTEP_THREADS=$threads "$bin" --data "$cat_data" "$root/examples/cat-classifier.nnscript" 2>&1 \
            | grep -E '^Cost after iteration|^accuracy' > "$work/cat-$threads.txt")
    done
    if [ -s "$work/cat-1.txt" ] && cmp -s "$work/cat-1.txt" "$work/cat-2.txt"; then
        pass "bits: the cat classifier prints the same $(grep -c '^Cost' "$work/cat-1.txt") costs on one thread and two"
    else
        fail "bits: the cat classifier's costs differ between one thread and two: $(diff "$work/cat-1.txt" "$work/cat-2.txt" | head -4)"
    fi
else
    echo "skip bits: cat classifier (needs $cat_data)"
fi
