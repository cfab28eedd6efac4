import NNCore

/// The header of one .npy array: what its elements are and how they are laid out.
///
/// ```
/// \x93NUMPY  major minor  header_len (u16 for 1.0; u32 for 2.0, 3.0)
/// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }   padded with spaces to 64 bytes, then '\n'
/// data: prod(shape) · itemsize bytes
/// ```
struct NpyHeader: Equatable {
    /// The element kind from the descr's type character.
    enum Kind: Equatable { case float, signed, unsigned, bool }

    var kind: Kind
    /// Bytes per element (descr's trailing number).
    var itemSize: Int
    /// `>` in the descr.
    var bigEndian: Bool
    /// Column-major data (`fortran_order: True`).
    var fortranOrder: Bool
    /// numpy's `shape`; every entry in 1…2³¹ − 1 and their product fits an `Int` (see `ArrayShape`).
    var shape: [Int]
    /// Where the data starts: magic, version, length field and header text.
    var dataOffset: Int

    /// numpy's `size`, the product of `shape` (1 for a 0-D array).
    var elementCount: Int { shape.reduce(1, *) }
    /// The data's length in bytes.
    var dataLength: Int { elementCount * itemSize }
}

/// Reading and writing the .npy format (numpy's `lib.format`, versions 1.0, 2.0, 3.0).
enum NpyFormat {
    /// `\x93NUMPY`.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Bytes that always suffice to find the header's length (version 2.0's prefix).
    static let prefixLength = 12
    /// Longest header accepted; numpy writes under 200 bytes for any shape nnstep meets.
    static let maxHeaderLength = 1 << 20
    /// numpy pads headers so the data starts on a multiple of this.
    static let alignment = 64
}

// MARK: - Reading

extension NpyFormat {
    /// From the file's first bytes (at least 10, ideally `prefixLength`): where the data starts.
    static func dataOffset(prefix: [UInt8], path: String, array: String) throws(FileError) -> Int {
        guard prefix.prefix(6).elementsEqual(magic.prefix(prefix.count)) else {
            throw .notNpy(path: path, array: array, found: shownBytes(prefix.prefix(6)))
        }
        guard prefix.count >= 10 else {
            throw .truncated(path: path, array: array, expectedBytes: 10, foundBytes: prefix.count)
        }
        let (major, minor) = (prefix[6], prefix[7])
        let headerLength: Int
        switch major {
        case 1:
            headerLength = prefix.u16(at: 8) ?? 0
        case 2, 3:
            guard let n = prefix.u32(at: 8) else {
                throw .truncated(path: path, array: array, expectedBytes: 12, foundBytes: prefix.count)
            }
            headerLength = n
        default:
            throw .badNpyHeader(path: path, array: array, detail: "format version \(major).\(minor) is not 1.0, 2.0 or 3.0")
        }
        guard headerLength <= maxHeaderLength else {
            throw .badNpyHeader(path: path, array: array, detail: "header length \(headerLength) bytes is implausible")
        }
        return (major == 1 ? 10 : 12) + headerLength
    }

    /// Parses the header; `bytes` holds at least the first `dataOffset` bytes.
    static func parseHeader(_ bytes: [UInt8], path: String, array: String) throws(FileError) -> NpyHeader {
        let offset = try dataOffset(prefix: Array(bytes.prefix(prefixLength)), path: path, array: array)
        guard bytes.count >= offset else {
            throw .truncated(path: path, array: array, expectedBytes: offset, foundBytes: bytes.count)
        }
        let start = bytes[6] == 1 ? 10 : 12
        var parser = NpyHeaderParser(text: Array(bytes[start..<offset]))
        guard let dict = parser.parseDictionary() else {
            throw .badNpyHeader(path: path, array: array, detail: "not a Python dictionary literal")
        }
        guard Set(dict.keys) == ["descr", "fortran_order", "shape"] else {
            let found = QuotedText.escaped(dict.keys.sorted().joined(separator: ", "))
            throw .badNpyHeader(path: path, array: array,
                                detail: "keys are [\(found)], expected descr, fortran_order, shape")
        }
        guard case let .bool(fortran)? = dict["fortran_order"] else {
            throw .badNpyHeader(path: path, array: array, detail: "fortran_order is not True or False")
        }
        guard case let .tuple(shape)? = dict["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            throw .badNpyHeader(path: path, array: array, detail: "shape is not a tuple of non-negative integers")
        }
        let count = try ArrayShape.elementCount(shape, path: path, array: array)
        let descr: String
        switch dict["descr"] {
        case let .string(text)?: descr = text
        case let .other(text)?: throw .unsupportedDtype(path: path, array: array, dtype: text)
        default: throw .badNpyHeader(path: path, array: array, detail: "descr is not a string")
        }
        let (kind, size, big) = try parseDescr(descr, path: path, array: array)
        guard !count.multipliedReportingOverflow(by: size).overflow else {
            throw .badNpyHeader(path: path, array: array, detail: "shape \(FileError.shapeText(shape)) has too many bytes")
        }
        return NpyHeader(kind: kind, itemSize: size, bigEndian: big, fortranOrder: fortran,
                         shape: shape, dataOffset: offset)
    }

    /// `'<f8'` ↦ (.float, 8, little-endian); object and non-numeric dtypes refused.
    static func parseDescr(_ descr: String, path: String, array: String)
        throws(FileError) -> (NpyHeader.Kind, Int, Bool) {
        let chars = Array(descr)
        guard chars.count >= 2, "<>|=".contains(chars[0]) else {
            throw .unsupportedDtype(path: path, array: array, dtype: descr)
        }
        // 1. '=' is the writer's native order; numpy always writes '<' or '>' for
        //    multi-byte types and '|' for one-byte ones, so '=' is read as little-endian.
        let big = chars[0] == ">"
        if chars[1] == "O" { throw .objectArray(path: path, array: array) }
        guard let size = Int(String(chars[2...])) else {
            throw .unsupportedDtype(path: path, array: array, dtype: descr)
        }
        switch (chars[1], size) {
        case ("f", 2), ("f", 4), ("f", 8): return (.float, size, big)
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): return (.signed, size, big)
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): return (.unsigned, size, big)
        case ("b", 1): return (.bool, size, big)
        default: throw .unsupportedDtype(path: path, array: array, dtype: descr)
        }
    }

    /// The elements in stored order (C or Fortran), widened to `Double`.
    /// `bytes[start...]` must hold `header.dataLength` bytes.
    static func decode(_ header: NpyHeader, bytes: [UInt8], start: Int) -> [Double] {
        let n = header.elementCount
        precondition(start >= 0 && start + header.dataLength <= bytes.count, "NpyFormat.decode: data out of range")
        return bytes.withUnsafeBytes { raw in
            ElementDecoder(raw: raw, start: start, bigEndian: header.bigEndian)
                .decode(count: n, kind: header.kind, size: header.itemSize)
        }
    }

    /// Up to six bytes, printably (`\x93NUMPY`, `PK\x03\x04`).
    static func shownBytes(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { b in
            (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b))
                : "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }
}

// MARK: - Writing

extension NpyFormat {
    /// The .npy file `np.save` writes for a float64 C-order 2-D array, byte for byte.
    ///
    /// ```
    /// header = "{'descr': '<f8', 'fortran_order': False, 'shape': (r, c), }"
    ///          + 21 − len(str(r)) spaces (room to grow axis 0 in place)
    ///          + spaces to the next multiple of 64 (at least one) + '\n'
    /// ```
    static func encode(_ matrix: Matrix) -> [UInt8] {
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(matrix.rows), \(matrix.cols)), }"
        let growth = max(0, 21 - String(matrix.rows).utf8.count)
        var headerLength = dict.utf8.count + growth + 1
        // 2. numpy pads by 64 − (10 + len) mod 64, which is 64 (never 0) when already aligned.
        headerLength += alignment - (10 + headerLength) % alignment
        precondition(headerLength <= 0xFFFF, "NpyFormat.encode: a 2-D header always fits version 1.0")
        var out: [UInt8] = magic + [1, 0]
        out.append(littleEndian: UInt64(headerLength), width: 2)
        out.reserveCapacity(out.count + headerLength + 8 * matrix.count)
        out += Array(dict.utf8)
        out += [UInt8](repeating: 0x20, count: headerLength - dict.utf8.count - 1)
        out.append(0x0A)
        if 1.littleEndian == 1 {
            matrix.storage.withUnsafeBytes { out.append(contentsOf: $0) }
        } else {
            for value in matrix.storage { out.append(littleEndian: value.bitPattern, width: 8) }
        }
        return out
    }
}
