#: `load FILE`: reading .npy, .npz, .csv and .h5 as nnstep does.
# ---- reading files as nnstep's `load` does ----

NUMBER = re.compile(rb"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan(\([0-9A-WYZa-wyz_]*\))?)", re.IGNORECASE)

def table_number(cell):
    # A cell as nnstep's strtod reads it (surrounding double quotes allowed; no hexadecimal,
    # so no x anywhere), or None.
    if len(cell) >= 2 and cell[:1] == cell[-1:] == b'"':
        cell = cell[1:-1].strip(b" \t\r")
    if not NUMBER.fullmatch(cell) or len(cell) >= 512:
        return None
    return float(cell.split(b"(")[0])

def read_table(path):
    # Comma- or whitespace-separated numbers, one row per line; blank and # lines skipped,
    # a first line without any number is a header. Read as bytes, lines cut at \n only,
    # as nnstep reads them: a header in any encoding (Latin-1 caf\xe9) is skipped alike.
    rows, sep, first = [], None, True
    with open(path, "rb") as f:
        data = f.read()
    for number, line in enumerate(data.split(b"\n")):
        if number == 0 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        line = line.strip(b" \t\r")
        if not line or line.startswith(b"#"):
            continue
        if sep is None:
            sep = b"," if b"," in line else b" "
        if sep == b",":
            cells = [c.strip(b" \t\r") for c in line.split(b",")]
        else:
            cells = [c for c in re.split(rb"[ \t]+", line) if c]
        values = [table_number(c) for c in cells]
        if first and all(v is None for v in values):
            first = False
            continue
        first = False
        rows.append(values)
    return np.array(rows, dtype=np.float64)

def npz_members(path):
    # Every member as nnstep names it: its name's bytes read as UTF-8 (invalid bytes as
    # U+FFFD), without ".npy"; folders skipped.
    found = []
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            raw = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            name = raw.decode("utf-8", "replace")
            if name.endswith("/"):
                continue
            with z.open(info) as f:
                found.append((name[:-4] if name.endswith(".npy") else name, np.lib.format.read_array(f, allow_pickle=False)))
    return found

def read_arrays(path, key=None):
    base = path.rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    stem = base[:base.rindex(".")] if "." in base[1:] else base
    if ext == "npy":
        return [(stem, np.load(path))]
    if ext == "npz":
        wanted = None if key is None else (key[:-4] if key.endswith(".npy") else key)
        members = [(k, a) for k, a in npz_members(path) if wanted is None or k == wanted]
        return members if wanted is None else members[:1]
    if ext in ("csv", "txt", "tsv"):
        return [(stem, read_table(path))]
    try:
        import h5py
    except ImportError:
        sys.exit(path + ": reading .h5 files needs h5py (pip install h5py)")
    with h5py.File(path, "r") as f:
        if key is not None:
            return [(key, f[key][()])]
        found = []
        f.visititems(lambda name, obj: found.append((name, obj[()]))
                     if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "biuf" else None)
        return found

def matrix_name(key):
    # A file's key as nnstep names it: its first 64 bytes of UTF-8 (invalid bytes, which h5py
    # gives as bytes, read as U+FFFD), letters, digits and _ kept (others become _), A0 is X.
    if isinstance(key, str):
        key = key.encode("utf-8", "surrogateescape")
    raw = key.decode("utf-8", "replace").encode("utf-8")[:64]
    name = "".join(chr(c) if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else "_" for c in raw)
    if name[:1].isdigit():
        name = "_" + name
    return "X" if name == "A0" else name

def load_into(S, path, key=None, as_name=None):
    items = read_arrays(path, key)
    if as_name is not None:
        items = [(as_name, items[0][1])]
    for k, a in items:
        S[matrix_name(k)] = as_matrix(a)
