import NNCore
import NNDatasets
import NNFiles
import NumpyPrint

/// `save FILE.npz|.npy|.csv [NAME…]`, `load FILE [KEY] [as NAME]` and `dataset NAME`.
extension SessionState {
    /// Writes the named matrices (or every matrix) as float64 arrays under their names.
    func save(_ path: String, names: [MatrixName]) throws(SessionError) -> [Output] {
        let chosen: [MatrixName]
        if names.isEmpty {
            chosen = visibleNames
        } else {
            var resolved: [MatrixName] = []
            for n in names { resolved.append(try resolve(n)) }
            chosen = resolved
        }
        var items: [(name: String, matrix: Matrix)] = []
        for name in chosen {
            guard let m = store[name] else { throw .missing(name.description, fix: howToMake(name)) }
            items.append((name.description, m))
        }
        if path.hasSuffix(".csv") {
            guard names.count == 1, let only = items.first else {
                throw .unsupportedFile(command: "save", path: path,
                                       expected: "a .csv file holds one matrix: name it (`save \(path) W1`), or use .npz for several")
            }
            do {
                try MatrixFiles.saveCsv(path: path, only.matrix, number: ArrayFormatter().formatScalar)
            } catch {
                throw .file(error)
            }
            return [.text("saved \(only.name) \(only.matrix.numpyShape) to \(path) (np.loadtxt('\(path)', delimiter=',') reads it back)")]
        }
        if path.hasSuffix(".npy") && items.count != 1 {
            throw .unsupportedFile(command: "save", path: path,
                                   expected: "a .npy file holds one matrix: name it (`save \(path) W1`), or use .npz for several")
        }
        guard path.hasSuffix(".npz") || path.hasSuffix(".npy") else {
            throw .unsupportedFile(command: "save", path: path,
                                   expected: "use .npz (matrices by name), .npy or .csv (one matrix) or .nnscript (the commands)")
        }
        do {
            try MatrixFiles.save(path: path, items)
        } catch {
            throw .file(error)
        }
        return [.text("saved \(items.map(\.name).joined(separator: " ")) to \(path)")]
    }

    /// Reads matrices back by name, or one array `as NAME`.
    mutating func load(_ path: String, key: String?, as target: MatrixName?) throws(SessionError) -> [Output] {
        var items: [(name: String, matrix: Matrix)]
        do {
            if let key {
                items = [(key, try MatrixFiles.load(path: path, key: key, limit: loadBudget))]
            } else {
                items = try MatrixFiles.load(path: path, limit: loadBudget)
            }
        } catch {
            throw .file(error)
        }
        if let target {
            guard items.count == 1, let only = items.first else {
                throw .unsupportedFile(command: "load", path: path,
                                       expected: "it holds \(items.count) arrays (\(items.map(\.name).joined(separator: ", "))); "
                                       + "name one: `load \(path) KEY as \(target)`")
            }
            items = [(target.description, only.matrix)]
        }
        var out: [Output] = []
        for (key, matrix) in items {
            // Names from a file become identifiers (see ArrayName), the change noted.
            guard let cleaned = ArrayName.cleaned(key) else {
                throw .unsupportedFile(command: "load", path: path,
                                       expected: "an array has an empty name; save it under a name such as W1")
            }
            if cleaned != key {
                out.append(.note("'\(QuotedText.escaped(key))' is loaded as \(cleaned): "
                                 + "a matrix name is letters, digits and _"))
            }
            try checkSize(matrix.rows, matrix.cols)
            out += try assign(MatrixName(fileKey: cleaned), .literal(matrix))
        }
        return out
    }

    /// `dataset NAME`: a built-in data set into X and Y.
    mutating func dataset(_ name: String) throws(SessionError) -> [Output] {
        guard let data = BuiltinDataset.load(name, random: &random) else {
            throw .unknownDataset(name, available: BuiltinDataset.names)
        }
        try checkSize(data.x.rows, data.x.cols)
        try checkSize(data.y.rows, data.y.cols)
        var out: [Output] = [.text("dataset \(name): \(data.description)")]
        store.set(.X, data.x)
        store.set(.Y, data.y)
        stage = .idle
        out.append(.text("X \(data.x.numpyShape), Y \(data.y.numpyShape), m = \(data.x.cols)"))
        if hasNetwork, data.x.rows != sizes[0] || data.y.rows != sizes[depth] {
            // Labels 0…k−1 in one row with k > 2 are classes for a softmax output.
            let k = Int(data.y.storage.max() ?? 0) + 1
            if data.y.rows == 1, k > 2, data.x.rows == sizes[0], sizes[depth] == k {
                out.append(.note("Y holds labels 0…\(k - 1): `Y = onehot Y \(k)` makes it \(k) × m for the output layer"))
            } else if data.y.rows == 1, k > 2 {
                out.append(.note("the network (\(netText)) does not fit: try `net \(data.x.rows) 25 \(k):softmax`, "
                                 + "then `Y = onehot Y \(k)`"))
            } else {
                out.append(.note("the network (\(netText)) does not fit: try `net \(data.x.rows) 4 3 \(data.y.rows)`"))
            }
        }
        return out
    }
}

extension MatrixName {
    /// The name a file's key stands for: `W1`, `dA0`, `X`, `Y`, `J`, or the learner's own.
    init(fileKey key: String) {
        switch key {
        case "X": self = .X
        case "Y": self = .Y
        case "J": self = .J
        default:
            for slot in Slot.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
            where key.hasPrefix(slot.rawValue) {
                let digits = key.dropFirst(slot.rawValue.count)
                if !digits.isEmpty, digits.count < 6, digits.allSatisfy(\.isASCII),
                   let l = Int(digits), String(l) == digits {
                    self = .layer(slot, l)
                    return
                }
            }
            self = .user(key)
        }
    }
}
