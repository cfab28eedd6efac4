# Writing files: what `save` and `export` may replace, the temporary files a killed save could
# leave, and names near the 255-byte limit.
# Sourced by scripts/test-reliability ($bin, $work, $root, pass, fail in scope).

files="$work/files"
mkdir -p "$files"
files_leftovers() { find "$1" -name '.*.tmp-*' | head -n 3; }

# --- Targets that are not regular files, or may not be replaced -----------------------------
# Each kind of target, for every command that writes: save .npz .npy .csv .nnscript, export .py
# .ipynb. Each gets an error naming what is there, and what was there is unchanged.
files_writers=("save T.npz" "save T.npy W1" "save T.csv W1" "save T.nnscript" "export T.py" "export T.ipynb")
files_ext() { case "$1" in *.npz) echo npz;; *.npy*) echo npy;; *.csv*) echo csv;; *.nnscript) echo nnscript;;
    *.py) echo py;; *.ipynb) echo ipynb;; esac; }
files_target_case() {   # KIND MAKE-COMMAND TEST-COMMAND EXPECTED-WORDS
    local kind=$1 make=$2 check=$3 words=$4 dir="$files/$1" line ext out
    mkdir -p "$dir"
    : > "$dir/lines.nnscript"
    for line in "${files_writers[@]}"; do
        ext=$(files_ext "$line")
        (cd "$dir" && eval "$make" "t.$ext") || { fail "target $kind: cannot make t.$ext"; return; }
        echo "${line/T./t.}" >> "$dir/lines.nnscript"
    done
    out=$(cd "$dir" && timeout 20 "$bin" lines.nnscript 2>&1)
    for line in "${files_writers[@]}"; do
        ext=$(files_ext "$line")
        if grep -q "error: lines.nnscript:[0-9]*: t.$ext $words" <<<"$out" && (cd "$dir" && eval "$check" "t.$ext") \
            && [ -z "$(files_leftovers "$dir")" ]; then
            pass "target $kind: ${line/T./t.} refused, left as it was"
        else
            fail "target $kind: ${line/T./t.}: $(grep "t.$ext" <<<"$out" | tail -n 1 | head -c 300)"
        fi
    done
}
files_mkdev() { mknod "$1" c 1 3; }
files_mksock() { python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$1"; }
files_target_case fifo "mkfifo" "test -p" "is a FIFO"
files_target_case socket "files_mksock" "test -S" "is a socket"
files_target_case directory "mkdir" "test -d" "is a directory"
if mknod "$files/probe" c 1 3 2>/dev/null; then
    rm -f "$files/probe"
    files_target_case device "files_mkdev" "test -c" "is a character device"
else
    # No CAP_MKNOD here: a link to /dev/null is followed to the device and refused the same way.
    files_target_case device "ln -s /dev/null" "test -L" "is a character device"
fi
files_mkro() { echo "old contents" > "$1"; chmod 444 "$1"; }
files_isro() { [ "$(cat "$1")" = "old contents" ] && [ "$(stat -c %a "$1")" = 444 ]; }
files_target_case read-only "files_mkro" "files_isro" "is write-protected (mode 444)"
files_mkdangling() { ln -s "missing-$1" "$1"; }
files_isdangling() { [ -L "$1" ] && [ ! -e "$1" ]; }
files_target_case dangling-link "files_mkdangling" "files_isdangling" "is a symbolic link to no file"

# A symbolic link to a regular file is written through: the file it names is replaced, the link
# stays a link, and the file keeps its mode.
dir="$files/symlink"; mkdir -p "$dir/real"
: > "$dir/lines.nnscript"
for line in "${files_writers[@]}"; do
    ext=$(files_ext "$line")
    echo "old" > "$dir/real/t.$ext"; chmod 640 "$dir/real/t.$ext"
    ln -s "real/t.$ext" "$dir/t.$ext"
    echo "${line/T./t.}" >> "$dir/lines.nnscript"
done
out=$(cd "$dir" && timeout 20 "$bin" lines.nnscript 2>&1)
for line in "${files_writers[@]}"; do
    ext=$(files_ext "$line")
    if [ -L "$dir/t.$ext" ] && [ "$(readlink "$dir/t.$ext")" = "real/t.$ext" ] && ! cmp -s "$dir/real/t.$ext" <(echo old) \
        && [ -s "$dir/real/t.$ext" ] && [ "$(stat -c %a "$dir/real/t.$ext")" = 640 ] && [ -z "$(files_leftovers "$dir")" ]; then
        pass "target symlink: ${line/T./t.} writes through the link"
    else
        fail "target symlink: ${line/T./t.}: $(ls -l "$dir" "$dir/real" | tr '\n' ' ' | head -c 300) $(grep "t.$ext" <<<"$out" | tail -n 1)"
    fi
done
(cd "$dir" && python3 -c "import numpy as np; np.load('real/t.npz')['W1']; np.load('real/t.npy')") \
    && pass "target symlink: the files written through links load in numpy" \
    || fail "target symlink: numpy cannot load what was written through the links"

# --- Names near the limit --------------------------------------------------------------------
# Every legal length from 234 to 255 bytes saves, and saves again over itself (the second save
# goes through the bounded temporary name), for .npz and .nnscript; no temporary file stays.
dir="$files/long"; mkdir -p "$dir"
: > "$dir/lines.nnscript"
for length in $(seq 234 255); do
    stem=$(printf 'n%.0s' $(seq 1 $((length - 4))))
    stem9=$(printf 'n%.0s' $(seq 1 $((length - 9))))
    printf 'save %s.npz W1\nsave %s.npz W1\nsave %s.nnscript\nsave %s.nnscript\n' "$stem" "$stem" "$stem9" "$stem9" \
        >> "$dir/lines.nnscript"
done
out=$(cd "$dir" && timeout 60 "$bin" lines.nnscript 2>&1); rc=$?
count=$(find "$dir" -maxdepth 1 -name 'nnn*' | wc -l)
if [ "$rc" -eq 0 ] && [ "$count" -eq 44 ] && [ -z "$(files_leftovers "$dir")" ]; then
    pass "names of 234-255 bytes save and save again (.npz, .nnscript: 44 files)"
else
    fail "long names: status $rc, $count files, $(grep error <<<"$out" | head -n 2 | head -c 300)"
fi
# The same through the named temporary file (no O_TMPFILE), where the bound matters most.
out=$(cd "$dir" && NNSTEP_NO_O_TMPFILE=1 timeout 60 "$bin" lines.nnscript 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ -z "$(files_leftovers "$dir")" ]; then
    pass "names of 234-255 bytes save again without O_TMPFILE"
else
    fail "long names without O_TMPFILE: status $rc, $(grep error <<<"$out" | head -n 2 | head -c 300)"
fi
rm -rf "$dir"

# --- Signals in the middle of a 50 MB save ---------------------------------------------------
# Each signal whose default action ends the process, 20 times (10 with O_TMPFILE, 10 through a
# named temporary file), and SIGKILL 20 times, each at a varying moment of a 50 MB .npz save.
# After each: no temporary file (for SIGKILL through a named file: none after the next save into
# the folder), and the target is either the old file or the complete new one.
signals="$files/signals"; mkdir -p "$signals"
printf 'big = zeros 2500 2500\n' > "$signals/make.nnscript"
for i in 1 2 3 4; do echo "save t.npz big"; done >> "$signals/make.nnscript"
printf 'small = zeros 1 1\nsave old.npz small\nbig = zeros 2500 2500\nsave new.npz big\n' > "$signals/ref.nnscript"
(cd "$signals" && "$bin" ref.nnscript > /dev/null 2>&1)
files_signal_runs() {   # SIGNAL COUNT NAMED(0/1): prints a line for each bad run
    local sig=$1 count=$2 named=$3 dir="$signals/$1" k delay pid
    mkdir -p "$dir"
    for k in $(seq 1 "$count"); do
        cp "$signals/old.npz" "$dir/t.npz"
        delay=$(awk -v k="$k" -v n="$count" 'BEGIN { printf "%.2f", 0.17 + 0.4 * (k - 1) / n }')
        ( cd "$dir" && ulimit -c 0 && if [ "$named" = 1 ]; then export NNSTEP_NO_O_TMPFILE=1; fi \
            && exec "$bin" "$signals/make.nnscript" > /dev/null 2>&1 ) & pid=$!
        sleep "$delay"
        kill -"$sig" "$pid" 2>/dev/null
        [ "$sig" = INT ] && { sleep 0.05; kill -INT "$pid" 2>/dev/null; }
        wait "$pid" 2>/dev/null
        if [ "$sig" = KILL ] && [ "$named" = 1 ] && [ -n "$(files_leftovers "$dir")" ]; then
            echo "left" >> "$signals/killed-named"
            (cd "$dir" && printf 'small = zeros 1 1\nsave other.npz small\n' | "$bin" > /dev/null 2>&1)
        fi
        if [ -n "$(files_leftovers "$dir")" ]; then
            echo "bad $sig #$k (named $named, after ${delay}s): left $(files_leftovers "$dir")"
            find "$dir" -name '.*.tmp-*' -delete
        fi
        # A complete new file differs from the reference at most in the zip headers' times.
        if ! cmp -s "$dir/t.npz" "$signals/old.npz" && { [ "$(stat -c %s "$dir/t.npz")" != "$(stat -c %s "$signals/new.npz")" ] \
                || [ "$(cmp -l "$dir/t.npz" "$signals/new.npz" | wc -l)" -gt 16 ]; }; then
            echo "bad $sig #$k (named $named, after ${delay}s): t.npz is neither the old nor the new file ($(stat -c %s "$dir/t.npz") bytes)"
        fi
    done
}
files_signal_all="HUP INT TERM QUIT USR1 USR2 ALRM PIPE XCPU VTALRM PROF KILL"
running=0
for sig in $files_signal_all; do   # three signals at a time
    { files_signal_runs "$sig" 10 0; files_signal_runs "$sig" 10 1; } > "$signals/$sig.bad" 2>/dev/null &
    running=$((running + 1))
    if [ "$running" -eq 3 ]; then wait; running=0; fi
done
wait
for sig in $files_signal_all; do
    if [ ! -s "$signals/$sig.bad" ]; then
        pass "SIG$sig x20 during a 50 MB save: no temporary file, the target old or complete"
    else
        fail "SIG$sig during a 50 MB save: $(head -n 3 "$signals/$sig.bad")"
    fi
done
killed=$( [ -f "$signals/killed-named" ] && wc -l < "$signals/killed-named" || echo 0)
echo "  (SIGKILL through a named temporary file left $killed of 10, each removed by the next save)"
rm -rf "$signals"

# A stale temporary file of a process that is gone is removed by the next save into its
# folder; one of a live process (this shell's) is not.
dir="$files/stale"; mkdir -p "$dir"
dead=999999; while kill -0 "$dead" 2>/dev/null; do dead=$((dead - 1)); done
echo x > "$dir/.w.npz.tmp-$dead-12345"
echo x > "$dir/.other name.csv.tmp-$dead-7"
echo x > "$dir/.w.npz.tmp-$$-1"
(cd "$dir" && echo "save w.npz W1" | "$bin" > /dev/null 2>&1)
if [ ! -e "$dir/.w.npz.tmp-$dead-12345" ] && [ ! -e "$dir/.other name.csv.tmp-$dead-7" ] && [ -e "$dir/.w.npz.tmp-$$-1" ]; then
    pass "a save removes stale temporary files of dead processes, not of live ones"
else
    fail "stale temporary files: $(ls -A "$dir" | tr '\n' ' ')"
fi
rm -rf "$dir"

rm -rf "$files"
