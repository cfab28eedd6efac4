# Session files that replay. `save FILE.nnscript` after loading files and .npz members with
# hostile names (quotes, spaces, #, backslashes, escape characters, U+2028, é, ''', …) writes
# a script that, replayed from another folder, gives the same matrices; half the scripts are
# saved in a subfolder away from their data. A train stopped by SIGINT is saved, exported and
# listed as the iterations it ran, and replaying that record gives the same parameters.
# Sourced by scripts/test-reliability ($bin, $work, $root, pass, fail in scope).

replay_dir="$work/replay"
mkdir -p "$replay_dir/src/sub" "$replay_dir/other"

# Each hostile name as a file name and as a member's key. The input scripts spell every
# character but letters and digits as an escape, unlike the escapes nnstep writes.
python3 - "$replay_dir" <<'PY'
import numpy as np, os, sys
base = sys.argv[1]
src = os.path.join(base, "src")
names = ["a'b", 'a"b', "a b", "a#b", "x #y", "a\\b", "\\", "\x1b[2Jz", "\x1b]0;title\x07", "\x1b]52;c;Zm9v\x07",
         "\x07bell", "cr\rPASS all tests", "nl\nx", "tab\tx", "u\u2028v", "p\u2029q", "\u00e9", "e\u0301",
         "'''", '"""', "=eq", "\u202etxt", "del\x7f", "c1\u009b31m", "\u00a0nbsp", "\U0001F600", " lead",
         "trail ", "\\x41", "--x", "[1]", "\u200bzw"]
def lit(s):
    out = []
    for ch in s:
        v = ord(ch)
        if ch.isascii() and ch.isalnum(): out.append(ch)
        elif v < 0x100: out.append("\\x%02x" % v)
        elif v < 0x10000: out.append("\\u%04x" % v)
        else: out.append("\\U%08x" % v)
    return '"' + "".join(out) + '"'
rng = np.random.default_rng(21)
cases, members = [], {}
for name in names:
    np.save(os.path.join(src, name + ".npy"), rng.standard_normal((2, 3)))
    cases.append(("file " + ascii(name), "load %s as M\nM2 = M * 2\n" % lit(name + ".npy")))
    members[name] = rng.standard_normal((3, 2))
    cases.append(("member " + ascii(name), "load members.npz %s as K\nK2 = K.T\n" % lit(name)))
np.savez(os.path.join(src, "members.npz"), **members)
with open(os.path.join(base, "cases"), "w") as f:
    for k, (label, body) in enumerate(cases):
        saved = ("sub/" if k % 2 else "") + "saved-%d.nnscript" % k
        with open(os.path.join(src, "in-%d.nnscript" % k), "w") as s:
            s.write(body + "save %s\nsave a-%d.npz\n" % (saved, k))
        with open(os.path.join(base, "other", "driver-%d.nnscript" % k), "w") as s:
            s.write("run %s\nsave b-%d.npz\n" % (lit(os.path.join(src, saved)), k))
        f.write("%d\t%s\t%s\n" % (k, saved, label))
PY

# Each case: the input in src/; its saved script replayed from other/, alone and inside a
# driver that saves every matrix; then numpy compares the two saves array by array.
while IFS=$'\t' read -r k saved label; do
    (cd "$replay_dir/src" && "$bin" "in-$k.nnscript" > "in-$k.out" 2>&1) || echo "input failed" > "$replay_dir/other/why-$k"
    (cd "$replay_dir/other" && "$bin" "$replay_dir/src/$saved" > "replay-$k.out" 2>&1) \
        || echo "replay failed: $(grep -m1 error "$replay_dir/other/replay-$k.out")" >> "$replay_dir/other/why-$k"
    (cd "$replay_dir/other" && "$bin" "driver-$k.nnscript" > "driver-$k.out" 2>&1) \
        || echo "driver failed: $(grep -m1 error "$replay_dir/other/driver-$k.out")" >> "$replay_dir/other/why-$k"
done < "$replay_dir/cases"
while IFS=$'\t' read -r k verdict; do
    label=$(awk -F'\t' -v k="$k" '$1 == k { print $3 }' "$replay_dir/cases")
    why=$(cat "$replay_dir/other/why-$k" 2>/dev/null)
    if [ "$verdict" = same ] && [ -z "$why" ]; then
        pass "session file replays: $label"
    else
        fail "session file replays: $label: $verdict $why"
    fi
done < <(python3 - "$replay_dir" <<'PY'
import numpy as np, os, sys
base = sys.argv[1]
for line in open(os.path.join(base, "cases")):
    k = line.split("\t")[0]
    try:
        a = np.load(os.path.join(base, "src", "a-%s.npz" % k))
        b = np.load(os.path.join(base, "other", "b-%s.npz" % k))
        same = sorted(a.files) == sorted(b.files) and all(
            a[n].shape == b[n].shape and a[n].tobytes() == b[n].tobytes() for n in a.files)
        print(k, "same" if same else "differ: %s vs %s" % (sorted(a.files), sorted(b.files)), sep="\t")
    except Exception as e:
        print(k, "missing: %s" % e, sep="\t")
PY
)

# A train stopped by SIGINT, plain and with Adam on mini-batches: the saved script, `history`
# and `export` hold the iterations it ran, and the saved script replays to the same W and b.
for stages in "" "optimizer adam;minibatch 2 seed 3"; do
    tag=${stages:+staged}; tag=${tag:-plain}
    dir="$replay_dir/train-$tag"; mkdir -p "$dir/other"
    { tr ';' '\n' <<<"$stages"; printf 'train 1000000000 0.1\nsave t.nnscript\nsave t1.npz\nhistory\nexport t.py\n'; } \
        | sed '/^$/d' > "$dir/in.nnscript"
    printf 'run "%s/t.nnscript"\nsave t2.npz\n' "$dir" > "$dir/other/driver.nnscript"
    # --foreground: timeout passes a signal on to its child and then to its whole process group,
    # so nnstep would get two SIGINTs, and a second one before the first is answered ends a
    # replay (docs/reliability.md); a learner's one Ctrl-C is one signal.
    (cd "$dir" && exec timeout --foreground 60 "$bin" in.nnscript > out 2>&1) & pid=$!
    sleep 1; kill -INT "$pid"; wait "$pid"
    recorded=$(grep -E '^train [0-9]+ 0\.1  # stopped$' "$dir/t.nnscript" | awk '{print $2}')
    (cd "$dir/other" && timeout 60 "$bin" driver.nnscript > out 2>&1)
    same=$(python3 -c '
import numpy as np, sys
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
keys = [k for k in a.files if k[0] in "Wb"]
print("same" if keys and all(a[k].tobytes() == b[k].tobytes() for k in keys) else "differ")' \
        "$dir/t1.npz" "$dir/other/t2.npz" 2>&1)
    if [ -n "$recorded" ] && [ "$recorded" -lt 1000000000 ] && [ "$same" = same ] \
        && grep -qE "^ +[0-9]+  train $recorded 0\.1  # stopped$" "$dir/out" \
        && grep -q "L_layer_model(S, $recorded, 0.1, 100)" "$dir/t.py" && ! grep -q 1000000000 "$dir/t.py"; then
        pass "SIGINT-stopped train ($tag) recorded as its $recorded iterations; the replay has the same W and b"
    else
        fail "SIGINT-stopped train ($tag): recorded '$recorded', parameters $same, $(tail -c 300 "$dir/out")"
    fi
done
