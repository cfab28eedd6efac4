/// Why a matrix file could not be loaded or saved.
///
/// Every case names the file and, where there is one, the array inside it,
/// what was expected and what was found; `message` says it in one line and
/// suggests a fix.
public enum FileError: Error, Equatable {
    /// The extension is none of .npy, .npz, .csv/.txt/.tsv, .h5/.hdf5.
    case unknownFormat(path: String, ext: String)
    /// `open` failed (missing file, no permission, a directory, …).
    case cannotOpen(path: String, reason: String)
    /// `read` failed after the file was opened.
    case cannotRead(path: String, reason: String)
    /// Creating, writing, syncing or renaming the new file failed.
    case cannotWrite(path: String, reason: String)
    /// The name to write holds a directory, FIFO, socket or device (`kind`: "a FIFO", …).
    case notRegularFile(path: String, kind: String)
    /// The file to replace is write-protected (`mode`: its permission bits).
    case writeProtected(path: String, mode: Int)
    /// The name to write is a symbolic link that leads to no file.
    case brokenLink(path: String, reason: String)
    /// The file is shorter than its header says.
    case truncated(path: String, array: String, expectedBytes: Int, foundBytes: Int)
    /// The first bytes are not `\x93NUMPY`.
    case notNpy(path: String, array: String, found: String)
    /// The .npy header is not the dictionary numpy writes.
    case badNpyHeader(path: String, array: String, detail: String)
    /// A dtype that is not a plain number (complex, string, datetime, structured, …).
    case unsupportedDtype(path: String, array: String, dtype: String)
    /// dtype `|O`: loading it would need unpickling, which is never done.
    case objectArray(path: String, array: String)
    /// A dimension that is 0, negative or over 2³¹ − 1 (`axis` counts from 0).
    case badShape(path: String, array: String, shape: [Int], axis: Int)
    /// More elements than the limit; refused before anything is allocated.
    case tooLarge(path: String, array: String, shape: [Int], bytes: Int, limitBytes: Int)
    /// The arrays of one load together, up to and with `array`, exceed the limit.
    case tooLargeInTotal(path: String, array: String, bytes: Int, limitBytes: Int)
    /// Not a zip archive, or its central directory is damaged.
    case notZip(path: String, detail: String)
    /// A member's headers or compressed data are damaged.
    case badZipMember(path: String, member: String, detail: String)
    /// A member's data does not match the CRC-32 stored for it.
    case crcMismatch(path: String, member: String, expected: UInt32, found: UInt32)
    /// A member compressed with something other than stored (0) or deflate (8).
    case unsupportedCompression(path: String, member: String, method: Int)
    /// The array asked for is not in the file.
    case missingKey(path: String, key: String, available: [String])
    /// A text file with no numbers in it.
    case emptyTable(path: String)
    /// A cell of a numeric table that is not a number (row and column count from 1).
    case nonNumericCell(path: String, row: Int, column: Int, cell: String)
    /// A row with a different number of cells than the first.
    case raggedRow(path: String, row: Int, expected: Int, found: Int)
    /// The file is not HDF5 (bad signature or unreadable superblock).
    case notHDF5(path: String)
    /// libhdf5 refused an operation on a dataset.
    case hdf5(path: String, dataset: String, detail: String)
    /// The child process reading an .h5 file died, hung or answered nonsense (`HDF5Child`).
    case hdf5Crashed(path: String, how: String)
    /// Ctrl-C ended the read: the reader process was stopped and nothing was loaded.
    case hdf5Interrupted(path: String)
    /// The reader process took longer than its limit and was stopped.
    case hdf5TimedOut(path: String, seconds: Int)
    /// The reader process was killed from outside (SIGKILL, SIGTERM, …), not by a fault of its own.
    case hdf5Killed(path: String, signal: Int32, name: String)
    /// An error already put in words by the HDF5 reader process.
    case reported(message: String)
    /// A dataset of strings, compounds or references.
    case notNumeric(path: String, array: String, type: String)
    /// `save` was given a list it cannot write to this format.
    case cannotSave(path: String, detail: String)
    /// A script that cannot be read whole as text.
    case unreadableScript(path: String, reason: String)
    /// A .npy, .npz or .h5 file given where a script was expected (`nnstep x.npy`).
    case dataFileAsScript(path: String, kind: String)
    /// A script that is not text (NUL bytes, not UTF-8).
    case binaryScript(path: String, reason: String)
    /// A Python script or notebook (what `export` writes) given where a script of commands was expected.
    case pythonAsScript(path: String, notebook: Bool)
}

// MARK: - Messages

extension FileError {
    /// One line for the user: what went wrong, where, and what to do.
    package var message: String {
        switch self {
        case let .unknownFormat(path, ext):
            let shown = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            return "\(path): \(shown) is not a matrix file; use .npy, .npz, .csv or .h5"
        case let .cannotOpen(path, reason): return "\(path): cannot open (\(reason))"
        case let .cannotRead(path, reason): return "\(path): cannot read (\(reason))"
        case let .unreadableScript(path, reason): return "cannot read \(path): \(reason)"
        case let .dataFileAsScript(path, kind):
            return "\(path) is a \(kind) data file, not a script of commands: start nnstep and type "
                + "`load \(Self.typed(path))` (or `load \(Self.typed(path))\(kind == ".npy" ? "" : " KEY") as X`)"
        case let .pythonAsScript(path, notebook): return Self.pythonMessage(path, notebook: notebook)
        case let .binaryScript(path, reason):
            return "\(path) is not a script: \(reason); a script is lines of nnstep commands, saved as UTF-8"
        case let .cannotWrite(path, reason): return "\(path): cannot write (\(reason)); any existing file is unchanged"
        case let .notRegularFile(path, kind):
            return "\(path) is \(kind), not a regular file, so it is left as it is "
                + "(nnstep writes only regular files); choose another name"
        case let .writeProtected(path, mode):
            return "\(path) is write-protected (mode \(String(mode, radix: 8))), so it is left as it is; "
                + "make it writable (chmod u+w) or choose another name"
        case let .brokenLink(path, reason):
            return "\(path) is a symbolic link to no file (\(reason)), so it is left as it is; "
                + "point it at a file or choose another name"
        case let .truncated(path, array, expected, found):
            return "\(located(path, array)): truncated: the header promises \(expected) bytes, "
                + "the file holds \(found); save it again with np.save"
        case let .notNpy(path, array, found):
            return "\(located(path, array)): not a .npy file (starts with \(found), expected \\x93NUMPY)"
        case let .badNpyHeader(path, array, detail): return "\(located(path, array)): damaged .npy header: \(detail)"
        case let .unsupportedDtype(path, array, dtype):
            return "\(located(path, array)): dtype '\(QuotedText.escaped(dtype))' is not a real number type; "
                + "save X.astype(np.float64) instead"
        case let .objectArray(path, array):
            return "\(located(path, array)): object arrays (dtype |O) are never unpickled; "
                + "save a numeric array, e.g. np.asarray(X, dtype=np.float64)"
        case let .badShape(path, array, shape, axis): return badShapeMessage(located(path, array), shape, axis)
        case let .tooLarge(path, array, shape, bytes, limit):
            let need = bytes == Int.max ? "more than \(Int.max)" : "\(bytes)"
            return "\(located(path, array)): shape \(FileError.shapeText(shape)) needs \(need) bytes as float64, "
                + "over the limit of \(limit) bytes; load a smaller slice"
        case let .tooLargeInTotal(path, array, bytes, limit):
            return "\(located(path, array)): with the arrays before it this load needs \(bytes) bytes as float64, "
                + "over the limit of \(limit) bytes; load one array by name: `load \(path) KEY`"
        case let .notZip(path, detail): return "\(path): not a readable .npz (zip) archive: \(detail)"
        case let .badZipMember(path, member, detail):
            return "\(path) [\(QuotedText.escaped(member))]: damaged member: \(detail)"
        case let .crcMismatch(path, member, expected, found):
            return "\(path) [\(QuotedText.escaped(member))]: CRC-32 is \(hex(found)), the archive says \(hex(expected)); "
                + "the file is damaged, save it again"
        case let .unsupportedCompression(path, member, method):
            return "\(path) [\(QuotedText.escaped(member))]: compression method \(method) is not supported; "
                + "use np.savez or np.savez_compressed"
        case let .missingKey(path, key, available):
            return "\(path): no array named '\(QuotedText.escaped(key))'; available: \(Self.listed(available))"
        case let .emptyTable(path): return "\(path): no numbers found"
        case let .nonNumericCell(path, row, column, cell):
            return "\(path): row \(row), column \(column): '\(QuotedText.escaped(cell))' is not a number"
        case let .raggedRow(path, row, expected, found):
            return "\(path): row \(row) has \(found) values, the first row has \(expected)"
        case let .notHDF5(path): return "\(path): not an HDF5 file"
        case let .hdf5(path, dataset, detail): return "\(located(path, dataset)): HDF5 error: \(detail)"
        case let .hdf5Crashed(path, how):
            return "the HDF5 library crashed reading \(path) (its reader process \(how)); "
                + "the file is damaged: write it again with h5py, or save the arrays with np.savez"
        case let .hdf5Interrupted(path): return "load interrupted: \(path) was not read (Ctrl-C); nothing was loaded"
        case let .hdf5TimedOut(path, seconds):
            return "reading \(path) took more than \(seconds) s, so its reader process was stopped and nothing "
                + "was loaded; a large file on a busy machine can take this long: load one array by its name"
        case let .hdf5Killed(path, signal, name):
            return "the process reading \(path) was killed by signal \(signal) (\(name)) from outside nnstep, "
                + "perhaps for lack of memory; nothing was loaded, and the file may well be fine: load it again"
        case let .reported(message): return message
        case let .notNumeric(path, array, type):
            return "\(located(path, array)): holds \(QuotedText.escaped(type)), not numbers"
        case let .cannotSave(path, detail): return "\(path): \(detail)"
        }
    }

    /// The system's reason for `cannotOpen`, `cannotRead` and `cannotWrite`, the whole message otherwise.
    package var reason: String {
        switch self {
        case let .cannotOpen(_, reason), let .cannotRead(_, reason), let .cannotWrite(_, reason): return reason
        default: return message
        }
    }

    /// A file name as `load` takes it: quoted when it has a space.
    private static func typed(_ path: String) -> String {
        path.contains(" ") ? "\"" + QuotedText.escaped(path) + "\"" : QuotedText.escaped(path)
    }

    /// `pythonAsScript`'s message: what the file is, and the command that runs it.
    private static func pythonMessage(_ path: String, notebook: Bool) -> String {
        let how = notebook ? "open it in Jupyter: `jupyter notebook \(typed(path))`"
            : "run it with Python: `python3 \(typed(path))`"
        return "\(path) is a Python \(notebook ? "notebook" : "script") (as `export` writes), "
            + "not a script of nnstep commands; \(how)"
    }

    /// `badShape`'s message: which side is out of range, and why.
    private func badShapeMessage(_ place: String, _ shape: [Int], _ axis: Int) -> String {
        let d = shape[axis]
        let why = d < 1 ? "an empty array has no matrix" : "a matrix side is at most \(ArrayShape.maxDimension)"
        return "\(place): shape \(FileError.shapeText(shape)) has \(d) along axis \(axis): "
            + "\(why); save an array with every dimension at least 1"
    }

    /// The first 20 names of an archive, escaped, and how many there are in all.
    private static func listed(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.prefix(20).map(QuotedText.escaped).joined(separator: ", ")
            + (names.count > 20 ? ", … (\(names.count) in all)" : "")
    }

    /// `path` or `path [array]`.
    private func located(_ path: String, _ array: String) -> String {
        array.isEmpty ? path : "\(path) [\(QuotedText.escaped(array))]"
    }

    /// numpy's tuple notation: `()`, `(3,)`, `(2, 3)`.
    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
