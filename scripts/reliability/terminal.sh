# Terminal output: no foreign text can drive the terminal.
#
# Every kind of message that shows text nnstep did not write (names of .npz members and .h5
# datasets, file names given to load, save, export and run, a script's own name in FILE:LINE,
# dataset and help topics, unknown options, comments and echoed lines, tokens in parse errors,
# CSV cells, the command history, a --data folder, the NNSTEP_PRODUCTS value) is run with every terminal
# payload (OSC 52, ESC[2J, a window title, BEL, C1 CSI, a bare CR that forges a PASS line,
# bidi overrides and isolates, DEL, ESC c, VT/FF, a lone invalid byte, and a newline where a
# name can hold one), in a replay, from stdin, after -i and in --step. Each case must reach its
# message and put on neither stdout nor stderr a byte below 0x20 other than \n and \t, a DEL,
# a C1 control (UTF-8 \xc2\x80–\xc2\x9f), a bidi control, or a line that starts with the forged
# "PASS all tests". Sourced by scripts/test-reliability ($bin, $work, pass, fail in scope).

terminal_dir="$work/terminal"
mkdir -p "$terminal_dir"
cat > "$terminal_dir/cases.py" <<'PYTHON'
import os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
import numpy as np
try:
    import h5py
except ImportError:
    h5py = None

nnstep, top = sys.argv[1], sys.argv[2]
os.chdir(top)

# name -> (bytes, where it can go): "line" also inside a quoted name on a script line,
# "member" only in names that are not typed (files' members, names on the command line).
PAYLOADS = {
    "osc52":   b"\x1b]52;c;SGVsbG8=\x07",
    "clear":   b"\x1b[2J",
    "title":   b"\x1b]0;title\x07",
    "bel":     b"\x07",
    "c1-csi":  b"\xc2\x9b31m",
    "cr":      b"x\rPASS all tests, y",
    "bidi":    b"\xe2\x80\xaegnp.exe",
    "isolate": b"\xe2\x81\xa6a\xe2\x81\xa9",
    "del":     b"\x7f",
    "reset":   b"\x1bc",
    "vt-ff":   b"v\x0bt\x0cf",
    "invalid": b"\x9b\xff",
}
NEWLINE = ("newline", b"x\nPASS all tests")

BAD = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
FORGED = re.compile(rb"(^|\n)PASS all tests")

def decodable(p):
    try:
        return p.decode("utf-8")
    except UnicodeDecodeError:
        return None

# Script-line kinds: (kind, line template, files to make first, the text its message holds).
def files_for(i, p):
    made = {}
    name = decodable(p)
    if name is not None:
        np.savez(f"m{i}.npz", **{name: np.ones((1, 1)), "b": np.zeros((1, 1))})
        made["npz"] = True
        if h5py is not None:
            with h5py.File(f"m{i}.h5", "w") as f:
                f[name.replace("/", "_").replace(".", "_")] = np.ones((1, 1))
                f["b"] = np.zeros((1, 1))
            made["h5"] = True
    with open(b"d%d" % i + p + b".npy", "wb") as f:
        np.save(f, np.ones((1, 2)))
    with open(b"bad%d" % i + p + b".npz", "wb") as f:
        f.write(b"garbage")
    with open(b"bad%d" % i + p + b".h5", "wb") as f:
        f.write(b"garbage")
    if h5py is not None:
        # A real file cut short: the library's own errors, which could quote the name.
        whole = f"whole{i}.h5"
        with h5py.File(whole, "w") as f:
            f["a"] = np.arange(4096.0)
        with open(whole, "rb") as f:
            head = f.read(3000)
        with open(b"cut%d" % i + p + b".h5", "wb") as f:
            f.write(head)
        made["cut"] = True
    with open(b"r%d" % i + p + b".nnscript", "wb") as f:
        f.write(b"show nothing_here\n# " + p + b"\n")
    with open(f"c{i}.csv", "wb") as f:
        f.write(b"1,2\n3," + p + b"\n")
    return made

LINE_KINDS = [
    ("npz members listed",  b"load m{i}.npz as Q",                 "npz", b"it holds 2 arrays"),
    ("npz members loaded",  b"load m{i}.npz",                      "npz", b"is loaded as"),
    ("npz key missing",     b'load m{i}.npz "z{P}"',               "npz", b"no array named"),
    ("h5 datasets listed",  b"load m{i}.h5 as Q",                  "h5",  b"it holds 2 arrays"),
    ("h5 datasets loaded",  b"load m{i}.h5",                       "h5",  b"is loaded as"),
    ("load: cannot open",   b'load "n{i}{P}.npz"',                 None,  b"cannot open"),
    ("load: a file on disk", b'load "d{i}{P}.npy"',                None,  b"shape (1, 2)"),
    ("load: damaged file",  b'load "bad{i}{P}.npz"',               None,  b"not a readable"),
    ("load: damaged .h5",   b'load "bad{i}{P}.h5"',                None,  b"not an HDF5 file"),
    ("load: .h5 cut short", b'load "cut{i}{P}.h5"',                "cut", b"error"),
    ("load: extension",     b'load "a{i}.{P}"',                    None,  b"is not a"),
    ("load: csv cell",      b"load c{i}.csv",                      None,  b"is not a number"),
    ("save .npz",           b'save "s{i}{P}.npz" W1',              None,  b"saved W1 to"),
    ("save .csv",           b'save "s{i}{P}.csv" W1',              None,  b"saved W1"),
    ("save .nnscript",      b'save "s{i}{P}.nnscript"',            None,  b"commands to"),
    ("save: cannot write",  b'save "nodir{i}{P}/x.npz" W1',        None,  b"cannot write"),
    ("save: extension",     b'save "s{i}.{P}" W1',                 None,  b"use .npz"),
    ("export",              b'export "e{i}{P}.py"',                None,  b"exported the session to"),
    ("export: cannot write", b'export "nodir{i}{P}/x.py"',         None,  b"error"),
    ("run: cannot open",    b'run "n{i}{P}.nnscript"',             None,  b"cannot read"),
    ("run: FILE:LINE",      b'run "r{i}{P}.nnscript"',             None,  b"nothing_here"),
    ("dataset topic",       b"dataset {P}",                        None,  b"error"),
    ("dataset word",        b"dataset x{P}",                       None,  b"error"),
    ("help topic",          b"help {P}",                           None,  b"error"),
    ("help word",           b"help x{P}y",                         None,  b"error"),
    ("comment",             b"# {P}",                              None,  b"# "),
    ("echoed command",      b"show W1 # {P}",                      None,  b"W1 shape"),
    ("parse: command",      b"x{P}",                               None,  b"error"),
    ("parse: show",         b"show {P}",                           None,  b"error"),
    ("parse: assignment",   b"W1 = {P}",                           None,  b"error"),
    ("parse: net",          b"net 2 {P} 1",                        None,  b"error"),
    ("parse: bare name",    b"load {P}",                           None,  b"error"),
    ("history",             b'save "h{i}{P}.npz" W1\nhistory',     None,  b"save"),
]

# The kinds also typed after -i (the same reader as stdin, after a script).
INTERACTIVE_KINDS = {"comment", "echoed command", "help topic", "dataset topic", "load: cannot open",
                     "save .npz", "parse: command", "npz members listed"}

def check(name, argv, stdin, expect, env=None):
    try:
        r = subprocess.run(argv, input=stdin, capture_output=True, timeout=30,
                           env=dict(os.environ, **(env or {})))
    except subprocess.TimeoutExpired:
        return f"FAIL terminal: {name}: timed out"
    both = r.stdout + r.stderr
    for stream, data in (("stdout", r.stdout), ("stderr", r.stderr)):
        bad = BAD.search(data)
        if bad:
            at = bad.start()
            return f"FAIL terminal: {name}: {stream} holds {bad.group()!r} in {data[max(0, at - 40):at + 20]!r}"
        if FORGED.search(data):
            return f"FAIL terminal: {name}: {stream} has a forged PASS line"
    if expect not in both:
        return f"FAIL terminal: {name}: the message was not reached ({expect!r} missing): {both[-200:]!r}"
    return None

jobs = []
for i, (pname, p) in enumerate(PAYLOADS.items()):
    made = files_for(i, p)
    for kind, template, needs, expect in LINE_KINDS:
        if needs and needs not in made:
            continue
        line = template.replace(b"{i}", str(i).encode()).replace(b"{P}", p)
        tag = f"{i}-{re.sub('[^a-z]+', '-', kind)}"
        script = f"t-{tag}.nnscript"
        with open(script, "wb") as f:
            f.write(line + b"\n")
        if pname == "invalid":
            # A script must be UTF-8 (one that is not is refused, see below); typed lines are
            # decoded with U+FFFD for each bad byte, which shows as \ufffd.
            jobs.append((kind, f"{kind} [{pname}, stdin]", [nnstep, "-"], line + b"\n", b"\\ufffd", None))
            continue
        # Four ways in: a replay, stdin, -i after a script (some kinds), and --step (Enter from stdin).
        jobs.append((kind, f"{kind} [{pname}, replay]", [nnstep, script], b"", expect, None))
        jobs.append((kind, f"{kind} [{pname}, stdin]", [nnstep, "-"], line + b"\n", expect, None))
        if kind in INTERACTIVE_KINDS:
            jobs.append((kind, f"{kind} [{pname}, -i]", [nnstep, "-i", "empty.nnscript"], line + b"\n", expect, None))
        # --step shows a comment as narration.
        jobs.append((kind, f"{kind} [{pname}, --step]", [nnstep, "--step", script], b"\n" * 8,
                     b"" if kind == "comment" else expect, None))
    with open(f"u{i}.nnscript", "wb") as f:
        f.write(b"# " + p + b"\nshow W1\n")
    jobs.append(("script that is not UTF-8", f"script that is not UTF-8 [{pname}]", [nnstep, f"u{i}.nnscript"], b"",
                 b"not UTF-8" if pname == "invalid" else b"W1 shape", None))

open("empty.nnscript", "w").close()

# Names that never stand on a script line: members with a newline, and the command line.
for i, (pname, p) in enumerate(list(PAYLOADS.items()) + [NEWLINE]):
    k = 100 + i
    text = decodable(p)
    if pname == "newline":
        np.savez(f"m{k}.npz", **{text: np.ones((1, 1)), "b": np.zeros((1, 1))})
        with open(f"t-{k}.nnscript", "w") as f:
            f.write(f"load m{k}.npz as Q\nload m{k}.npz\n")
        jobs.append(("npz members listed", f"npz members listed [newline, replay]", [nnstep, f"t-{k}.nnscript"], b"",
                     b"it holds 2 arrays", None))
        if h5py is not None:
            with h5py.File(f"m{k}.h5", "w") as f:
                f[text] = np.ones((1, 1))
                f["b"] = np.zeros((1, 1))
            with open(f"t5-{k}.nnscript", "w") as f:
                f.write(f"load m{k}.h5 as Q\nload m{k}.h5\n")
            jobs.append(("h5 datasets listed", f"h5 datasets listed [newline, replay]", [nnstep, f"t5-{k}.nnscript"],
                         b"", b"it holds 2 arrays", None))
    folder = b"data%d" % k + p
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, b"dd.npz"), "wb") as f:
        f.write(b"garbage")
    with open(f"dd{k}.nnscript", "w") as f:
        f.write("load dd.npz\n")
    jobs.append(("a --data folder", f"a --data folder [{pname}]", [nnstep, "--data", folder, f"dd{k}.nnscript"], b"",
                 b"no such folder" if pname == "invalid" else b"not a readable", None))
    own = b"own%d" % k + p + b".nnscript"
    with open(own, "wb") as f:
        f.write(b"# a comment\nbogus_command\n")
    # Swift's CommandLine.arguments replaces bytes that are not UTF-8, so that name is not found.
    reached = b"\\ufffd" if pname == "invalid" else b"bogus_command"
    jobs.append(("script name in FILE:LINE", f"script name in FILE:LINE [{pname}]", [nnstep, own], b"",
                 reached, None))
    jobs.append(("script name in --step", f"script name in --step [{pname}]", [nnstep, "--step", own], b"\n" * 4,
                 reached, None))
    jobs.append(("script name in -i", f"script name in -i [{pname}]", [nnstep, "-i", own], b"show W1\n",
                 reached, None))
    jobs.append(("script not found", f"script not found [{pname}]", [nnstep, b"none%d" % k + p + b".nnscript"], b"",
                 b"cannot", None))
    jobs.append(("script not found in --step", f"script not found in --step [{pname}]",
                 [nnstep, "--step", b"none%d" % k + p + b".nnscript"], b"", b"cannot", None))
    jobs.append(("unknown option", f"unknown option [{pname}]", [nnstep, b"--x" + p], b"", b"unknown option", None))
    jobs.append(("unknown short option", f"unknown short option [{pname}]", [nnstep, b"-" + p], b"", b"unknown option",
                 None))
    if text is not None and "\x00" not in text:
        jobs.append(("NNSTEP_PRODUCTS", f"NNSTEP_PRODUCTS [{pname}]", [nnstep, "--products"], b"", b"in use",
                     {"NNSTEP_PRODUCTS": text}))

def run(job):
    kind, name, argv, stdin, expect, env = job
    return kind, check(name, argv, stdin, expect, env)

counts, failures = {}, []
with ThreadPoolExecutor(max_workers=3) as pool:
    for kind, failure in pool.map(run, jobs):
        counts.setdefault(kind, [0, 0])
        counts[kind][0] += 1
        if failure:
            counts[kind][1] += 1
            failures.append(failure)
for failure in failures:
    print(failure)
for kind, (n, bad) in counts.items():
    if bad == 0:
        print(f"PASS terminal: {kind} ({n} cases)")
print(f"COUNT {len(jobs)} {len(failures)} {len(counts)}")
PYTHON

terminal_out=$(python3 "$terminal_dir/cases.py" "$bin" "$terminal_dir" 2>&1)
terminal_cases=0
while IFS= read -r line; do
    case "$line" in
        "PASS "*) pass "${line#PASS }" ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        "COUNT "*) read -r _ terminal_cases terminal_failed terminal_kinds <<<"$line" ;;
        *) echo "$line" ;;
    esac
done <<<"$terminal_out"
if [ "$terminal_cases" -gt 0 ]; then
    echo "terminal: $terminal_cases cases in $terminal_kinds message kinds, $terminal_failed with foreign bytes on the terminal"
else
    fail "terminal: the case generator did not run"
fi
rm -rf "$terminal_dir"
