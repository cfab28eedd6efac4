import CHDF5
import NNCore

/// Reading numeric datasets from HDF5 files (the course's `train_catvnoncat.h5`) through libhdf5.
///
/// ```
/// train_set_x  (209, 64, 64, 3) uint8  ↦ 12288 × 209   (one example per column)
/// train_set_y  (209,) int64            ↦ 1 × 209
/// list_classes (2,) |S7                  skipped by `loadAll`: not numbers
/// ```
/// The library converts integers and floats of any width and byte order to
/// native doubles; HDF5 data is always in C order. libhdf5 is opened on the
/// first call, so that programs which never read .h5 files never load it.
/// Parsing the file's structure is left to libhdf5. Before any data is read, every
/// number type's fields are checked against its size (libhdf5 1.10.8 crashes on an
/// integer whose offset + precision exceeds it, or whose precision is 0), data stored
/// in other files (external storage, virtual datasets) is refused, and the listing
/// stops past 100,000 objects or 32 nested groups. An enum is read as its integers.
/// A deliberately damaged .h5 can still upset the library in ways no check here sees.
enum HDF5File {}

/// libhdf5's function table, loaded once.
private final class HDF5Library: @unchecked Sendable {
    /// Written once in `init`, only read afterwards.
    private let table: UnsafeMutablePointer<nn_h5>
    /// Why the library could not be loaded, if it could not.
    let failure: String?

    static let shared = HDF5Library()

    private init() {
        table = .allocate(capacity: 1)
        table.initialize(to: nn_h5())
        failure = nn_h5_load(table).map { String(cString: $0) }
    }

    /// The table, when loading succeeded.
    var api: UnsafePointer<nn_h5>? { failure == nil ? UnsafePointer(table) : nil }
}

// MARK: - Loading

extension HDF5File {
    /// Every numeric dataset at any depth, in name order, within `limit` elements together;
    /// datasets of strings, compounds and other non-numeric types are skipped.
    static func loadAll(path: String, limit: Int) throws(FileError) -> [(name: String, matrix: Matrix)] {
        let (h5, file) = try open(path)
        defer { nn_h5_close_file(h5, file) }
        var out: [(name: String, matrix: Matrix)] = []
        var loaded = 0
        for name in try datasetNames(h5, file, path: path) {
            do {
                let matrix = try read(h5, file, name, path: path, limit: limit, before: loaded)
                loaded += matrix.count
                out.append((name, matrix))
            } catch .notNumeric {
                continue
            }
        }
        return out
    }

    /// The dataset at `dataset` (with or without the leading "/").
    static func load(path: String, dataset: String, limit: Int) throws(FileError) -> Matrix {
        let (h5, file) = try open(path)
        defer { nn_h5_close_file(h5, file) }
        let names = try datasetNames(h5, file, path: path)
        let wanted = dataset.hasPrefix("/") ? String(dataset.dropFirst()) : dataset
        guard names.contains(wanted) else { throw .missingKey(path: path, key: dataset, available: names) }
        return try read(h5, file, wanted, path: path, limit: limit)
    }

    /// Every dataset's path from the root, without the leading "/".
    static func datasetNames(path: String) throws(FileError) -> [String] {
        let (h5, file) = try open(path)
        defer { nn_h5_close_file(h5, file) }
        return try datasetNames(h5, file, path: path)
    }
}

// MARK: - Library calls

extension HDF5File {
    /// Opens `path` read-only, after checking it exists and is HDF5.
    private static func open(_ path: String) throws(FileError) -> (UnsafePointer<nn_h5>, hid_t) {
        _ = try ReadableFile(path: path)   // a missing or unreadable file reports errno's reason
        let library = HDF5Library.shared
        guard let h5 = library.api else { throw .hdf5(path: path, dataset: "", detail: library.failure ?? "") }
        guard nn_h5_is_hdf5(h5, path) > 0 else { throw .notHDF5(path: path) }
        let file = nn_h5_open(h5, path)
        guard file >= 0 else { throw .hdf5(path: path, dataset: "", detail: "cannot open the file (damaged or truncated?)") }
        return (h5, file)
    }

    private final class NameList {
        var names: [String] = []
    }

    private static func datasetNames(_ h5: UnsafePointer<nn_h5>, _ file: hid_t, path: String) throws(FileError) -> [String] {
        let list = NameList()
        let status = withExtendedLifetime(list) {
            nn_h5_visit_datasets(h5, file, { name, context in
                guard let name, let context else { return }
                Unmanaged<NameList>.fromOpaque(context).takeUnretainedValue().names.append(String(cString: name))
            }, Unmanaged.passUnretained(list).toOpaque())
        }
        guard status >= 0 else {
            throw .hdf5(path: path, dataset: "", detail: "cannot list the datasets (damaged file?)")
        }
        guard status == 0 else {
            throw .hdf5(path: path, dataset: "", detail: "more than \(NN_H5_MAX_OBJECTS) objects or groups nested "
                        + "more than \(NN_H5_MAX_DEPTH) deep; save the arrays in a flatter file")
        }
        return list.names
    }

    /// Reads one dataset and lays it out by the course's rules.
    private static func read(_ h5: UnsafePointer<nn_h5>, _ file: hid_t, _ name: String, path: String, limit: Int,
                             before: Int = 0) throws(FileError) -> Matrix {
        let dataset = nn_h5_open_dataset(h5, file, name)
        guard dataset >= 0 else { throw .hdf5(path: path, dataset: name, detail: "cannot open the dataset") }
        defer { nn_h5_close_dataset(h5, dataset) }
        let kind = nn_h5_element_kind(h5, dataset)
        guard kind != Int32(NN_H5_OTHER) else {
            throw .notNumeric(path: path, array: name, type: "text or another non-numeric type")
        }
        guard kind != Int32(NN_H5_DAMAGED) else {
            throw .hdf5(path: path, dataset: name, detail: "its number type does not fit its size (damaged file?)")
        }
        switch nn_h5_storage_elsewhere(h5, dataset) {
        case 0: break
        case 1: throw .hdf5(path: path, dataset: name, detail: "its data is stored in other files (external storage), which nnstep never opens")
        case 2: throw .hdf5(path: path, dataset: name, detail: "it is a virtual dataset made of other files, which nnstep never opens")
        default: throw .hdf5(path: path, dataset: name, detail: "cannot read how the data is stored")
        }
        let rank = Int(nn_h5_rank(h5, dataset))
        guard rank >= 0 else { throw .hdf5(path: path, dataset: name, detail: "the dataspace is empty or not simple") }
        var dims = [UInt64](repeating: 0, count: max(rank, 1))
        guard nn_h5_dims(h5, dataset, &dims, Int32(rank)) >= 0 else {
            throw .hdf5(path: path, dataset: name, detail: "cannot read the shape")
        }
        let shape = dims.prefix(rank).map { $0 <= UInt64(Int.max) ? Int($0) : Int.max }
        let count = try MatrixFiles.checkLimit(shape, limit: limit, path: path, array: name, before: before)
        var values = [Double](repeating: 0, count: count)
        let status: Int32
        if kind == Int32(NN_H5_ENUM) {
            // 2. An enum is its integer values: {0, 1, 2} stays {0, 1, 2} (numpy bools are {0, 1}).
            status = nn_h5_read_enum_doubles(h5, dataset, &values, count)
        } else if nn_h5_is_half(h5, dataset) != 0 {
            // 1. float16 is widened here, as numpy widens it (NaN payloads kept).
            var halves = [UInt16](repeating: 0, count: count)
            status = nn_h5_read_half_bits(h5, dataset, &halves)
            for k in 0..<count { values[k] = ElementDecoder.widen(half: halves[k]) }
        } else {
            status = nn_h5_read_doubles(h5, dataset, &values)
        }
        guard status >= 0 else { throw .hdf5(path: path, dataset: name, detail: "cannot read the data (damaged file?)") }
        return MatrixFiles.layout(values, shape: shape, fortranOrder: false)
    }
}
