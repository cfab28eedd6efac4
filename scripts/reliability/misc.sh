# Budgets, interrupts and edge cases: expressions whose intermediate results pass the memory
# budget, float32 overflow, Ctrl-C in the middle of an .h5 read (to the session alone and to
# its whole process group) and a reader killed from outside, a hidden /proc, a 40,000-layer
# forward pass, the peak memory of `net` + `init`, and two errors that named the wrong number.
# Sourced by scripts/test-reliability ($bin, $work, $root, pass, fail in scope).

misc="$work/misc"
mkdir -p "$misc"

# --- Expressions inside the budget -------------------------------------------------------
# Under `ulimit -v 2000000` the budget is 64,000,000 elements; a 6000×6000 result holds
# 36,000,000, so any expression with two of them alive at once must be refused before the
# second is made: an error naming its shape, never an abort, and the script goes on.
budget_case() {   # NAME EXPRESSION
    printf 'a = randn 6000 1\nq = %s\nmarker = [[7]]\n' "$2" > "$misc/budget.nnscript"
    out=$(cd "$misc" && bash -c "ulimit -v 2000000; \"$bin\" budget.nnscript" 2>&1); rc=$?
    if [ "$rc" -eq 1 ] && grep -q "6000×6000 intermediate result does not fit" <<<"$out" \
        && grep -q "marker shape" <<<"$out"; then
        pass "budget: $1"
    else
        fail "budget: $1: status $rc, $(grep -m1 -E 'error|Fatal' <<<"$out" | head -c 300)"
    fi
}
budget_case "two outer products added" "a * a.T + a * a.T"
budget_case "np.dot beside a broadcast" "np.dot(a, a.T) - a * a.T"
budget_case "a function of an outer product" "np.exp(a * a.T)"
budget_case "the transpose of an outer product" "(a * a.T).T"
budget_case "np.where over outer products" "np.where(a * a.T > 0, a * a.T, 0)"
budget_case "a subscript of two products" "(a @ a.T + a @ a.T)[0:2, :]"
budget_case "generators beside a product" "a * a.T + zeros 6000 6000"
# One such result fits; beside it, the next is refused (the session holds the first).
printf 'a = randn 6000 1\nq = a * a.T\nr = q + 1\nmarker = [[7]]\n' > "$misc/held.nnscript"
out=$(cd "$misc" && bash -c "ulimit -v 2000000; \"$bin\" held.nnscript" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && grep -q "q shape (6000, 6000)" <<<"$out" && grep -q "does not fit beside" <<<"$out" \
    && grep -q "marker shape" <<<"$out"; then
    pass "budget: a held result and the next one"
else
    fail "budget: a held result and the next one: status $rc, $(grep -m1 -E 'error|Fatal' <<<"$out" | head -c 300)"
fi

# train holds Z, A, dA and dZ of every layer at once: 4 × 301 × 100000 elements, past the budget
# although each one alone fits (forward checks layer by layer, as its caches stay in the session).
printf 'net 100 100 100 100 1\nX = randn 100 100000\nY = zeros 1 100000\ntrain 1 0.1\nmarker = [[7]]\n' > "$misc/caches.nnscript"
out=$(cd "$misc" && bash -c "ulimit -v 2000000; \"$bin\" caches.nnscript" 2>&1 | grep -v "^ *\[\|^X shape\|^\.\.\.\|^ *\.\.\."); rc=$?
if grep -q "the caches and gradients of every layer for m = 100000 examples" <<<"$out" && grep -q "marker shape" <<<"$out"; then
    pass "budget: the caches of train together"
else
    fail "budget: the caches of train together: $(grep -m1 -E 'error|Fatal' <<<"$out" | head -c 300)"
fi

# Every W of a network together: each 7000×7000 W fits, five of them (1.96 GB) do not; this aborted.
printf 'net 7000 7000 7000 7000 7000 7000 1\nmarker = [[7]]\n' > "$misc/wide.nnscript"
out=$(cd "$misc" && bash -c "ulimit -v 2000000; \"$bin\" wide.nnscript" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && grep -q "the W\[l\] and b\[l\] of every layer (245042001 elements together) do not fit" <<<"$out" \
    && grep -q "marker shape" <<<"$out"; then
    pass "budget: the parameters of a deep, wide net together"
else
    fail "budget: the parameters of a deep, wide net together: status $rc, $(grep -m1 -E 'error|Fatal' <<<"$out" | head -c 300)"
fi

# --- float32 overflow: inf, as numpy, then refused as a non-finite value -------------------
printf '%s\n' 'x = np.float32(1e39)' 'x = array([3.4e39], dtype=float32)' 'big = [[1e39, 2]]' \
    'y = big.astype(np.float32)' 'inf_gt = np.float32(big) > 1' 'top = np.float32(3.4028235e38)' \
    > "$misc/float32.nnscript"
out=$(cd "$misc" && "$bin" float32.nnscript 2>&1); rc=$?
if [ "$rc" -eq 1 ] && [ "$(grep -c "beyond float32's range" <<<"$out")" -eq 3 ] \
    && grep -A1 "inf_gt shape" <<<"$out" | grep -q "\[\[1. 1.\]\]" \
    && grep -A1 "top shape" <<<"$out" | grep -q "3.40282347e+38"; then
    pass "float32: out of range is inf (refused, named), in range rounds"
else
    fail "float32: status $rc, $(head -c 600 <<<"$out")"
fi

# --- Ctrl-C during an .h5 read --------------------------------------------------------------
h5ok=0
if python3 -c "import h5py" 2>/dev/null || python3 -m pip install --quiet h5py >/dev/null 2>&1 \
    || python3 -m pip install --quiet --break-system-packages h5py >/dev/null 2>&1; then
    # 32,000,000 doubles, gzip-compressed: several seconds to read, whatever the machine.
    if python3 - "$misc/big.h5" <<'EOF' 2>/dev/null
import sys, h5py, numpy as np
x = np.random.default_rng(0).random((4000, 8000))
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("X", data=x, compression="gzip", compression_opts=1, chunks=(100, 8000))
EOF
    then h5ok=1; fi
fi
readers() { pgrep -f -- "--hdf5-reader $misc/big.h5" ; }
if [ "$h5ok" -eq 1 ]; then
    printf 'load %s\nmarker = [[7]]\n' "$misc/big.h5" > "$misc/h5.nnscript"
    # waits up to 2 s for the marker; prints the tenths of a second it took
    wait_marker() {
        for t in $(seq 1 20); do
            grep -q "marker shape" "$misc/h5.out" 2>/dev/null && { echo "$t"; return 0; }
            sleep 0.1
        done
        return 1
    }
    for target in session group; do
        for i in 1 2 3; do
            rm -f "$misc/h5.out"
            (cd "$misc" && exec setsid "$bin" "$misc/h5.nnscript" > "$misc/h5.out" 2>&1) & pid=$!
            # until the reader child runs, then a moment into its read
            for t in $(seq 1 50); do [ -n "$(readers)" ] && break; sleep 0.1; done
            sleep 0.5
            if [ "$target" = session ]; then kill -INT "$pid"; else kill -INT -- "-$pid"; fi
            took=$(wait_marker); wait "$pid"; rc=$?
            left=$(readers)
            if [ -n "$took" ] && [ -z "$left" ] && grep -q "load interrupted" "$misc/h5.out" \
                && ! grep -q "X shape" "$misc/h5.out" && [ "$rc" -eq 1 ]; then
                pass "SIGINT to the $target during an .h5 read ($i): stopped in ${took}00 ms"
            else
                fail "SIGINT to the $target during an .h5 read ($i): status $rc, reader left: '$left', $(head -c 300 "$misc/h5.out")"
                [ -n "$left" ] && kill -KILL $left
            fi
        done
    done
    # A reader killed from outside is not a damaged file.
    rm -f "$misc/h5.out"
    (cd "$misc" && exec "$bin" "$misc/h5.nnscript" > "$misc/h5.out" 2>&1) & pid=$!
    for t in $(seq 1 50); do [ -n "$(readers)" ] && break; sleep 0.1; done
    kill -KILL $(readers) 2>/dev/null; wait "$pid"
    if grep -q "killed by signal 9 (SIGKILL) from outside" "$misc/h5.out" && ! grep -q "damaged" "$misc/h5.out" \
        && grep -q "marker shape" "$misc/h5.out"; then
        pass "an .h5 reader killed from outside is not called a crash"
    else
        fail "an .h5 reader killed from outside: $(head -c 300 "$misc/h5.out")"
    fi
else
    echo "skip .h5 interrupt cases: h5py is not available (pip install h5py)"
fi

# --- /proc hidden -------------------------------------------------------------------------
# Swift's CommandLine reads /proc/self/cmdline; nnstep takes argv from the C runtime instead.
printf 'x = [[1]]\nexpect x [[2]]\n' > "$misc/fails.nnscript"
if unshare -rm true 2>/dev/null; then
    out=$(cd "$misc" && unshare -rm sh -c "mount -t tmpfs none /proc && exec \"$bin\" fails.nnscript" </dev/null 2>&1); rc=$?
    if [ "$rc" -eq 1 ] && grep -q "nn> expect x" <<<"$out"; then
        pass "/proc hidden: nnstep FILE replays FILE (status 1 for its failed expect)"
    else
        fail "/proc hidden: status $rc, $(head -c 300 <<<"$out")"
    fi
    if [ "$h5ok" -eq 1 ] && python3 -c "import h5py, numpy; h5py.File('$misc/small.h5', 'w')['S'] = numpy.eye(3)"; then
        out=$(cd "$misc" && unshare -rm sh -c "mount -t tmpfs none /proc && exec \"$bin\" -" <<<"load small.h5" 2>&1)
        if grep -q " shape (" <<<"$out" && ! grep -q "error" <<<"$out"; then
            pass "/proc hidden: an .h5 file is read through the reader child"
        else
            fail "/proc hidden: .h5 load: $(head -c 300 <<<"$out")"
        fi
    fi
else
    echo "skip /proc cases: unshare -rm is not permitted here"
fi

# --- A 40,000-layer forward pass is linear ---------------------------------------------------
python3 -c "print('net 2 ' + ' '.join(['2'] * 40000) + ' 1'); print('X = randn 2 3'); print('init he seed 1')
print('set output brief'); print('forward all'); print('marker = [[7]]')" > "$misc/deep.nnscript"
start=$(date +%s)
out=$(cd "$misc" && timeout 60 "$bin" deep.nnscript 2>&1 | tail -n 3); rc=$?
took=$(( $(date +%s) - start ))
if grep -q "marker shape" <<<"$out" && [ "$took" -le 20 ]; then
    pass "forward all through 40,000 layers in ${took} s"
else
    fail "forward all through 40,000 layers: ${took} s, $(head -c 300 <<<"$out")"
fi

# --- net + init peak at most about twice the largest matrix ---------------------------------
# W1 is 4000×4000, 128 MB; before, `init` drew it beside a network of zeros and scaled a copy (4×).
if [ -x /usr/bin/time ]; then
    printf 'net 4000 4000 1\ninit he seed 1\n' > "$misc/peak.nnscript"
    printf 'x = [[1]]\n' > "$misc/idle.nnscript"
    base=$( { cd "$misc" && /usr/bin/time -f "%M" "$bin" idle.nnscript > /dev/null; } 2>&1 | tail -n 1)
    peak=$( { cd "$misc" && /usr/bin/time -f "%M" "$bin" peak.nnscript > /dev/null; } 2>&1 | tail -n 1)
    ratio=$(( (peak - base) * 100 / 125000 ))   # in hundredths of W1's 125,000 KiB
    if [ "$ratio" -le 220 ]; then
        pass "net + init peaks at $ratio% of W1"
    else
        fail "net + init peaks at $ratio% of W1 (${peak} KiB, ${base} KiB at rest)"
    fi
fi

# --- Errors that named the wrong number -----------------------------------------------------
out=$(printf 'decay scheduled 0.1 interval 0\noptimizer adam eps 0\n' | "$bin" 2>&1)
if grep -q "time_interval (the epochs between decay steps) must be" <<<"$out" && ! grep -q "print interval" <<<"$out" \
    && grep -q "Adam's ε (the guard against dividing by zero)" <<<"$out" && ! grep -q "finite differences" <<<"$out"; then
    pass "decay interval 0 and adam eps 0 are named as themselves"
else
    fail "decay interval / adam eps wording: $(head -c 400 <<<"$out")"
fi
rm -rf "$misc"
