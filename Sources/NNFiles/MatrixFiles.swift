import NNCore

/// Loading and saving matrices in numpy's and the course's file formats.
///
/// ```
/// .npy          one array, named after the file's stem
/// .npz          every member (np.savez, np.savez_compressed), named without ".npy"
/// .csv .txt .tsv one numeric table, named after the stem
/// .h5 .hdf5     every numeric dataset at any depth, named by its path without the leading "/"
/// ```
/// Every array becomes a 2-D matrix by the course's layout rules (see `layout`).
package enum MatrixFiles {
    /// Arrays with more elements are refused before anything is allocated (2^28 elements, 2 GiB as float64).
    static let defaultElementLimit = 1 << 28

    /// The kinds of file, from the extension.
    enum Format: Equatable { case npy, npz, text, hdf5 }
}

// MARK: - Loading

extension MatrixFiles {
    /// Every array in the file, by name, as 2-D matrices; `limit` bounds their elements together.
    package static func load(path: String, limit: Int = defaultElementLimit) throws(FileError) -> [(name: String, matrix: Matrix)] {
        switch try format(of: path) {
        case .npy:
            // 1. The array is the whole file, so messages name only the path.
            return [(stem(of: path), try loadNpy(ReadableFile(path: path), array: "", limit: limit))]
        case .text:
            return [(stem(of: path), try loadText(path: path, limit: limit))]
        case .npz:
            let zip = try ZipArchive(file: ReadableFile(path: path))
            // 1. Every header first: the elements of all members together are checked
            //    against the limit before any member is inflated.
            let members = zip.members.filter { !$0.name.hasSuffix("/") }
            var headers: [NpyHeader] = []
            var loaded = 0
            for member in members {
                let header = try npzHeader(zip, member, limit: limit, before: loaded)
                loaded += header.elementCount
                headers.append(header)
            }
            var out: [(name: String, matrix: Matrix)] = []
            for (member, header) in Swift.zip(members, headers) {
                out.append((arrayName(member.name), try loadNpz(zip, member, header)))
            }
            return out
        case .hdf5:
            if let reader = HDF5Child.executable {
                return try HDF5Child.load(path: path, key: nil, limit: limit, executable: reader)
            }
            return try HDF5File.loadAll(path: path, limit: limit)
        }
    }

    /// One array: the npz member or h5 dataset `key` (for .npy and text files, the stem).
    package static func load(path: String, key: String, limit: Int = defaultElementLimit) throws(FileError) -> Matrix {
        switch try format(of: path) {
        case .npy, .text:
            let name = stem(of: path)
            guard key == name else { throw .missingKey(path: path, key: key, available: [name]) }
            return try load(path: path, limit: limit)[0].matrix
        case .npz:
            let zip = try ZipArchive(file: ReadableFile(path: path))
            let wanted = key.hasSuffix(".npy") ? String(key.dropLast(4)) : key
            guard let member = zip.members.first(where: { arrayName($0.name) == wanted }) else {
                let names = zip.members.filter { !$0.name.hasSuffix("/") }.map { arrayName($0.name) }
                throw .missingKey(path: path, key: key, available: names)
            }
            return try loadNpz(zip, member, npzHeader(zip, member, limit: limit))
        case .hdf5:
            if let reader = HDF5Child.executable {
                return try HDF5Child.load(path: path, key: key, limit: limit, executable: reader)[0].matrix
            }
            return try HDF5File.load(path: path, dataset: key, limit: limit)
        }
    }

    /// The shapes of a .npy's or .npz's arrays with more than two dimensions, by array name, read
    /// from their headers alone (empty for other formats): `load` says how it flattened them.
    package static func manyDimensionShapes(path: String) -> [String: [Int]] {
        do {
            switch try format(of: path) {
            case .npy:
                let file = try ReadableFile(path: path)
                let prefix = try file.read(offset: 0, count: min(file.size, NpyFormat.prefixLength)) { _ in
                    .cannotRead(path: path, reason: "the file shrank while being read")
                }
                let offset = try NpyFormat.dataOffset(prefix: prefix, path: path, array: "")
                let head = try file.read(offset: 0, count: offset) { found in
                    .truncated(path: path, array: "", expectedBytes: offset, foundBytes: found)
                }
                let shape = try NpyFormat.parseHeader(head, path: path, array: "").shape
                return shape.count > 2 ? [stem(of: path): shape] : [:]
            case .npz:
                let zip = try ZipArchive(file: ReadableFile(path: path))
                var shapes: [String: [Int]] = [:]
                for member in zip.members where !member.name.hasSuffix("/") {
                    let shape = try npzHeader(zip, member, limit: Int.max).shape
                    if shape.count > 2 { shapes[arrayName(member.name)] = shape }
                }
                return shapes
            case .text, .hdf5:
                return [:]
            }
        } catch {
            return [:]
        }
    }

    /// The format named by the extension (case-insensitive).
    static func format(of path: String) throws(FileError) -> Format {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let ext = base.contains(".") ? String(base.split(separator: ".").last ?? "").lowercased() : ""
        switch ext {
        case "npy": return .npy
        case "npz": return .npz
        case "csv", "txt", "tsv": return .text
        case "h5", "hdf5": return .hdf5
        default: throw .unknownFormat(path: path, ext: ext)
        }
    }

    /// `data/W1.npy` ↦ `W1`.
    static func stem(of path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// `W1.npy` ↦ `W1` (np.savez's member names).
    private static func arrayName(_ member: String) -> String {
        member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
    }
}

// MARK: - Formats

extension MatrixFiles {
    private static func loadNpy(_ file: ReadableFile, array: String, limit: Int) throws(FileError) -> Matrix {
        let path = file.path
        let prefix = try file.read(offset: 0, count: min(file.size, NpyFormat.prefixLength)) { _ in
            .cannotRead(path: path, reason: "the file shrank while being read")
        }
        let offset = try NpyFormat.dataOffset(prefix: prefix, path: path, array: array)
        let head = try file.read(offset: 0, count: offset) { found in
            .truncated(path: path, array: array, expectedBytes: offset, foundBytes: found)
        }
        let header = try NpyFormat.parseHeader(head, path: path, array: array)
        try checkLimit(header.shape, limit: limit, path: path, array: array)
        let length = header.dataLength
        let data = try file.read(offset: offset, count: length) { found in
            .truncated(path: path, array: array, expectedBytes: offset + length, foundBytes: offset + found)
        }
        let values = NpyFormat.decode(header, bytes: data, start: 0)
        return layout(values, shape: header.shape, fortranOrder: header.fortranOrder)
    }

    /// A member's .npy header, its elements and the `before` ones of the same load within `limit`.
    private static func npzHeader(_ zip: ZipArchive, _ member: ZipArchive.Member, limit: Int,
                                  before: Int = 0) throws(FileError) -> NpyHeader {
        let path = zip.file.path
        let array = arrayName(member.name)
        let prefix = try zip.prefix(of: member, count: NpyFormat.prefixLength)
        let offset = try NpyFormat.dataOffset(prefix: prefix, path: path, array: array)
        let head = try zip.prefix(of: member, count: offset)
        let header = try NpyFormat.parseHeader(head, path: path, array: array)
        try checkLimit(header.shape, limit: limit, path: path, array: array, before: before)
        return header
    }

    /// A member's data, its declared size checked against its header before it is inflated.
    private static func loadNpz(_ zip: ZipArchive, _ member: ZipArchive.Member, _ header: NpyHeader) throws(FileError) -> Matrix {
        let path = zip.file.path
        let expected = header.dataOffset + header.dataLength
        guard member.uncompressedSize >= expected else {
            throw .truncated(path: path, array: arrayName(member.name), expectedBytes: expected, foundBytes: member.uncompressedSize)
        }
        let data = try zip.data(of: member, maxBytes: expected)
        let values = NpyFormat.decode(header, bytes: data, start: header.dataOffset)
        return layout(values, shape: header.shape, fortranOrder: header.fortranOrder)
    }

    private static func loadText(path: String, limit: Int) throws(FileError) -> Matrix {
        let file = try ReadableFile(path: path)
        // 2. n numbers take at least 2n − 1 bytes (a digit each, a separator between), so the
        //    file size bounds the count before the file is read.
        let most = file.size / 2 + 1
        guard most <= limit else {
            throw .tooLarge(path: path, array: "", shape: [most], bytes: bytes(most), limitBytes: bytes(limit))
        }
        return try CsvFormat.read(file, limit: limit)
    }
}

// MARK: - Layout rules

extension MatrixFiles {
    /// The course's 2-D view of an n-D array given in stored order.
    ///
    /// ```
    /// ()                 ↦ 1 × 1
    /// (m,)               ↦ 1 × m
    /// (r, c)             ↦ r × c
    /// (m, d1, …, dk)     ↦ (d1·…·dk) × m      X.reshape(m, -1).T: column j is example j, flattened in C order
    /// ```
    static func layout(_ values: [Double], shape: [Int], fortranOrder: Bool) -> Matrix {
        precondition(values.count == shape.reduce(1, *), "MatrixFiles.layout: \(values.count) values for shape \(shape)")
        switch shape.count {
        case 0: return Matrix(rows: 1, cols: 1, storage: values)
        case 1: return Matrix(rows: 1, cols: shape[0], storage: values)
        case 2:
            let (r, c) = (shape[0], shape[1])
            return fortranOrder ? Matrix(rows: c, cols: r, storage: values).T : Matrix(rows: r, cols: c, storage: values)
        default:
            let m = shape[0]
            let rest = Array(shape.dropFirst())
            let n = rest.reduce(1, *)
            if !fortranOrder { return Matrix(rows: m, cols: n, storage: values).T }
            // 3. Fortran order: element (j, i1…ik) sits at j + m·(i1 + d1·(i2 + …)), so for each
            //    feature (taken in C order) its m examples are contiguous.
            var out = [Double](repeating: 0, count: values.count)
            var index = [Int](repeating: 0, count: rest.count)
            var strides = [Int](repeating: 1, count: rest.count)
            for t in rest.indices.dropFirst() { strides[t] = strides[t - 1] * rest[t - 1] }
            for f in 0..<n {
                let source = m * zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<m { out[f * m + j] = values[source + j] }
                var t = rest.count - 1
                while t >= 0 {
                    index[t] += 1
                    if index[t] < rest[t] { break }
                    index[t] = 0
                    t -= 1
                }
            }
            return Matrix(rows: n, cols: m, storage: out)
        }
    }

    /// The element count of `shape` (see `ArrayShape`), refused when it and the `before`
    /// elements already loaded by the same command exceed `limit`; sizes named in bytes as float64.
    @discardableResult
    static func checkLimit(_ shape: [Int], limit: Int, path: String, array: String, before: Int = 0) throws(FileError) -> Int {
        let count = try ArrayShape.elementCount(shape, path: path, array: array)
        guard count <= limit else {
            throw .tooLarge(path: path, array: array, shape: shape, bytes: bytes(count), limitBytes: bytes(limit))
        }
        let (total, overflow) = count.addingReportingOverflow(before)
        guard !overflow, total <= limit else {
            throw .tooLargeInTotal(path: path, array: array, bytes: bytes(overflow ? Int.max : total), limitBytes: bytes(limit))
        }
        return count
    }

    /// `elements · 8`, saturating.
    static func bytes(_ elements: Int) -> Int {
        let (b, overflow) = elements.multipliedReportingOverflow(by: 8)
        return overflow ? Int.max : b
    }
}

// MARK: - Saving

extension MatrixFiles {
    /// Writes float64 matrices: .npz (np.savez layout, members "NAME.npy") or .npy (exactly one).
    /// The file is replaced atomically: on any error an existing file is left as it was.
    package static func save(path: String, _ items: [(name: String, matrix: Matrix)]) throws(FileError) {
        let bytes: [UInt8]
        switch try format(of: path) {
        case .npy:
            guard items.count == 1 else {
                throw .cannotSave(path: path, detail: "a .npy file holds exactly one matrix, "
                    + "\(items.count) given; save several to an .npz")
            }
            bytes = NpyFormat.encode(items[0].matrix)
        case .npz:
            guard !items.isEmpty else { throw .cannotSave(path: path, detail: "no matrices to save") }
            var seen: Set<String> = []
            var zip = ZipWriter()
            for item in items {
                guard !item.name.isEmpty, !item.name.utf8.contains(0), item.name.utf8.count < 0xFF00 else {
                    throw .cannotSave(path: path, detail: "'\(item.name)' cannot name an array")
                }
                guard seen.insert(item.name).inserted else {
                    throw .cannotSave(path: path, detail: "two matrices are named '\(item.name)'")
                }
                zip.addStored(name: item.name + ".npy", data: NpyFormat.encode(item.matrix))
            }
            bytes = zip.finish()
        case .text, .hdf5:
            throw .cannotSave(path: path, detail: "saving writes .npz (several matrices) or .npy (one)")
        }
        try AtomicWrite.replace(path: path, with: bytes)
    }
}
