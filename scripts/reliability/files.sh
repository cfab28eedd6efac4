# Writing files and the history file: what `save` and `export` may replace, the temporary
# files a killed save could leave, names near the 255-byte limit, and a history file that is
# huge, unreadable, or shared by sessions running at once.
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
dead=999999; while [ -e "/proc/$dead" ]; do dead=$((dead - 1)); done
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

# --- The history file -------------------------------------------------------------------------
# History is kept only at the terminal: files_pty runs nnstep on a pseudo-terminal with
# XDG_STATE_HOME=STATE, types each line after the prompt, then Ctrl-D, and prints what the
# terminal showed.
files_pty() {   # STATE TIMEOUT LINE...
    python3 - "$bin" "$@" <<'PY'
import os, pty, select, sys, termios, time
binary, state, timeout, lines = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.environ.update({"XDG_STATE_HOME": state, "HOME": state, "TERM": "xterm", "NO_COLOR": "1", "LANG": "C.UTF-8"})
    os.execv(binary, [binary])
seen, deadline, sent, transcript = b"", time.time() + timeout, 0, b""
def read_until_prompt():
    global seen, transcript
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            seen += chunk
            transcript += chunk
            if seen.rstrip().endswith(b"nn>"):
                break
    else:
        return False
    # libedit reads keys in raw mode; a key typed while the terminal is still cooked (canonical)
    # is taken by the line discipline (a Ctrl-D there is lost), so wait for raw mode.
    while time.time() < deadline:
        if not termios.tcgetattr(fd)[3] & termios.ICANON:
            seen = b""
            return True
        time.sleep(0.01)
    return False
for line in lines + [None]:
    if not read_until_prompt():
        os.kill(pid, 9)
        print("TIMEOUT after", sent, "lines:", repr(seen[-300:]))
        sys.exit(1)
    os.write(fd, b"\x04" if line is None else line.encode() + b"\r")
    sent += 1
last_eof = time.time()
while time.time() < deadline:
    if time.time() - last_eof > 2:   # again, after Ctrl-U empties the line
        os.write(fd, b"\x15\x04")
        last_eof = time.time()
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.stdout.write(transcript.decode("utf-8", "replace"))
        sys.exit(0 if os.waitstatus_to_exitcode(status) == 0 else 2)
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            transcript += os.read(fd, 65536)
        except OSError:
            time.sleep(0.05)
try:
    where = open(f"/proc/{pid}/wchan").read()
except OSError:
    where = "?"
os.kill(pid, 9)
print("TIMEOUT at exit, in", where, "after:", repr(transcript[-300:]))
sys.exit(1)
PY
}
hist="$files/history"
histfile="$hist/nnstep/history"
mkdir -p "$hist/nnstep"

# A history holding one 90 MB line, with short lines around it: start-up and Up are quick (the
# line is skipped on load), and the short lines stay.
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('show W1\n' + 'x' * (90 << 20) + '\nshow b1\n')" "$histfile"
out=$(files_pty "$hist" 20 "show b2" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && tail -n 2 "$histfile" | grep -qx "show b2" && grep -qx "show W1" "$histfile"; then
    pass "history: a 90 MB line is skipped, start-up and the session end normally"
else
    fail "history with a 90 MB line: status $rc, $(tail -c 300 <<<"$out")"
fi
# Up-arrow after that start: the previous short line comes back at once.
out=$(files_pty "$hist" 10 $'\x1b[A' 2>&1); rc=$?
if [ "$rc" -eq 0 ] && grep -q "b2 shape" <<<"$out"; then pass "history: Up after a 90 MB line"; else fail "history: Up after a 90 MB line: $out"; fi
# The first append past capacity + slack trims the file: fill it, then one session trims it.
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('x' * (90 << 20) + '\n' + ''.join(f'# old {k}\n' for k in range(1300)))" "$histfile"
out=$(files_pty "$hist" 20 "# new line" 2>&1)
lines=$(wc -l < "$histfile"); size=$(stat -c %s "$histfile")
if [ "$lines" -eq 1000 ] && [ "$size" -lt 100000 ] && [ "$(tail -n 1 "$histfile")" = "# new line" ] \
    && [ "$(tail -n 2 "$histfile" | head -n 1)" = "# old 1299" ]; then
    pass "history: trimmed to the newest 1000 lines, the 90 MB line dropped"
else
    fail "history trim: $lines lines, $size bytes, $out"
fi

# Files that cannot be read as a history are left exactly as they were, with one warning.
files_history_kept() {   # NAME (the file is in place)
    local name=$1 before after err
    before=$(ls -l --time-style=+ "$histfile" | awk '{print $1, $5}'; [ -f "$histfile" ] && md5sum < "$histfile")
    err=$(files_pty "$hist" 10 "show W1" "show b1" 2>&1)
    after=$(ls -l --time-style=+ "$histfile" | awk '{print $1, $5}'; [ -f "$histfile" ] && md5sum < "$histfile")
    if [ "$before" = "$after" ] && [ "$(grep -c "warning: history file" <<<"$err")" -eq 1 ]; then
        pass "history: $name is left as it is, with one warning"
    else
        fail "history: $name: before '$before' after '$after': $(head -c 300 <<<"$err")"
    fi
}
rm -f "$histfile"; printf 'show W1\n\x00\x01binary\xff\xfe\n' > "$histfile"
files_history_kept "a binary file"
rm -f "$histfile"; printf 'show W1\ncaf\xe9\n' > "$histfile"
files_history_kept "a file that is not UTF-8"
rm -f "$histfile"; mkfifo "$histfile"
files_history_kept "a FIFO"
rm -f "$histfile"; printf 'show W1\n' > "$histfile"; chmod 444 "$histfile"
files_history_kept "a write-protected file (mode 444)"
rm -f "$histfile"; printf 'show W1\n' > "$histfile"; chmod 000 "$histfile"
files_history_kept "a file with mode 000"
rm -f "$histfile"; truncate -s $(( (128 << 20) + 1 )) "$histfile"
files_history_kept "a file over 128 MiB"
rm -f "$histfile"; ln -s "$hist/nowhere" "$histfile"
files_history_kept "a link to no file"
[ -e "$hist/nowhere" ] && fail "history: a file was created through a link to nothing"
# A link to a regular file is written through, as save writes through one.
rm -f "$histfile"; printf 'show W1\n' > "$hist/real-history"; ln -s "$hist/real-history" "$histfile"
out=$(files_pty "$hist" 10 "show b3" 2>&1)
if [ -L "$histfile" ] && [ "$(cat "$hist/real-history")" = $'show W1\nshow b3' ] && ! grep -q warning <<<"$out"; then
    pass "history: a link to a regular file is appended through"
else
    fail "history: a link to a regular file: $(ls -l "$histfile"; head -c 200 "$hist/real-history")"
fi
rm -f "$histfile" "$hist/real-history"

# Ten sessions at once, 20 commands each: all 200 lines are in the file, each session's in
# the order it typed them.
for s in $(seq 1 10); do
    args=(); for c in $(seq 1 20); do args+=("# session $s command $c"); done
    files_pty "$hist" 60 "${args[@]}" > "$hist/session-$s.out" 2>&1 &
done
wait
missing=0; ordered=1
for s in $(seq 1 10); do
    for c in $(seq 1 20); do grep -qx "# session $s command $c" "$histfile" || missing=$((missing + 1)); done
    seq_in_file=$(grep "^# session $s command " "$histfile" | sed 's/.* //' | tr '\n' ' ')
    [ "$seq_in_file" = "$(seq 1 20 | tr '\n' ' ')" ] || ordered=0
done
if [ "$missing" -eq 0 ] && [ "$ordered" -eq 1 ] && [ "$(wc -l < "$histfile")" -eq 200 ]; then
    pass "history: ten sessions at once keep all 200 lines"
else
    fail "history: ten sessions: $missing missing, ordered $ordered, $(wc -l < "$histfile") lines; $(cat "$hist"/session-*.out | head -c 300)"
fi
# The same with a full file: every session trims as it goes, and the newest lines of all of them stay.
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write(''.join(f'# old {k}\n' for k in range(1240)))" "$histfile"
for s in $(seq 1 10); do
    args=(); for c in $(seq 1 20); do args+=("# session $s command $c"); done
    files_pty "$hist" 60 "${args[@]}" > "$hist/session-$s.out" 2>&1 &
done
wait
missing=0
for s in $(seq 1 10); do
    for c in $(seq 1 20); do grep -qx "# session $s command $c" "$histfile" || missing=$((missing + 1)); done
done
lines=$(wc -l < "$histfile")
oldest=$(grep -m 1 '^# old ' "$histfile" | sed 's/.* //')
kept_old=$(grep -c '^# old ' "$histfile")
if [ "$missing" -eq 0 ] && [ "$lines" -le 1250 ] && [ $((oldest + kept_old)) -eq 1240 ]; then
    pass "history: ten sessions over a full file keep all their lines, trimmed to $lines"
else
    fail "history: ten sessions over a full file: $missing missing, $lines lines, old from $oldest ($kept_old)"
fi
rm -rf "$files"
