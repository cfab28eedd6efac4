import NNCore
import NNLanguage
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
                throw .unsupportedFile(command: CommandSpec.save.name, path: path,
                                       expected: "a .csv file holds one matrix: name it (`save \(path) W1`), or use .npz for several")
            }
            do {
                try MatrixFiles.saveCsv(path: path, only.matrix, number: ArrayFormatter().formatScalar)
            } catch {
                throw .file(error)
            }
            return [.text("saved \(only.name) \(only.matrix.numpyShape) to \(path: path) "
                          + "(np.loadtxt('\(path: path)', delimiter=',') reads it back)")]
        }
        if path.hasSuffix(".npy") && items.count != 1 {
            throw .unsupportedFile(command: CommandSpec.save.name, path: path,
                                   expected: "a .npy file holds one matrix: name it (`save \(path) W1`), or use .npz for several")
        }
        guard path.hasSuffix(".npz") || path.hasSuffix(".npy") else {
            throw .unsupportedFile(command: CommandSpec.save.name, path: path,
                                   expected: "use .npz (matrices by name), .npy or .csv (one matrix) or .nnscript (the commands)")
        }
        do {
            try MatrixFiles.save(path: path, items)
        } catch {
            throw .file(error)
        }
        return [.text("saved \(items.map(\.name).joined(separator: " ")) to \(path: path)")]
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
        let fileKeys = items.map(\.name)
        if let target {
            guard items.count == 1, let only = items.first else {
                let names = items.map { QuotedText.escaped($0.name) }.joined(separator: ", ")
                throw .unsupportedFile(command: CommandSpec.load.name, path: path,
                                       expected: "it holds \(items.count) arrays (\(names)); "
                                       + "name one: `load \(path: path) KEY as \(target)`")
            }
            items = [(target.description, only.matrix)]
        }
        var out: [Output] = []
        // An array of more than two dimensions is flattened one example per column, and says so.
        let flattened = MatrixFiles.manyDimensionShapes(path: path)
        for (k, (key, matrix)) in items.enumerated() {
            if let shape = flattened[fileKeys[k]] {
                let tuple = "(" + shape.map(String.init).joined(separator: ", ") + ")"
                out.append(.note("\(QuotedText.escaped(fileKeys[k])) in \(path: path) has shape \(tuple): read as "
                                 + "reshape(\(shape[0]), -1).T, \(matrix.rows) × \(matrix.cols), one column per "
                                 + "example (the course's flattening of images)"))
            }
            // Names from a file become identifiers (see ArrayName), the change noted.
            guard let cleaned = ArrayName.cleaned(key) else {
                throw .unsupportedFile(command: CommandSpec.load.name, path: path,
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

    /// `dataset NAME`: a built-in data set into X and Y (and X_test, Y_test where the course splits it).
    mutating func dataset(_ name: String, resolveInput: (String) -> String) throws(SessionError) -> [Output] {
        let data: BuiltinDataset
        if let file = BuiltinDataset.fileName(of: name) {
            data = try datasetFromFile(name, file, resolveInput: resolveInput)
        } else if let builtin = BuiltinDataset.load(name, random: &random) {
            data = builtin
        } else {
            throw .unknownDataset(name, available: BuiltinDataset.names)
        }
        for m in [data.x, data.y] + [data.xTest, data.yTest].compactMap({ $0 }) {
            try checkSize(m.rows, m.cols)
        }
        var out: [Output] = [.text("dataset \(name): \(data.description)")]
        store.set(.X, data.x)
        store.set(.Y, data.y)
        stage = .idle
        out.append(.text("X \(data.x.numpyShape), Y \(data.y.numpyShape), m = \(data.x.cols)"))
        if let xTest = data.xTest, let yTest = data.yTest {
            store.set(Self.xTestName, xTest)
            store.set(Self.yTestName, yTest)
            out.append(.text("\(Self.xTestName) \(xTest.numpyShape), \(Self.yTestName) \(yTest.numpyShape): "
                             + "`accuracy \(Self.xTestName) \(Self.yTestName)` scores the test set"))
        }
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

// MARK: - Data sets from files

extension SessionState {
    /// The names of a data set's test split.
    static let xTestName = MatrixName.user("X_test")
    static let yTestName = MatrixName.user("Y_test")

    /// A data set whose table is read from `file`, found as `load` finds files.
    private func datasetFromFile(_ name: String, _ file: String,
                                 resolveInput: (String) -> String) throws(SessionError) -> BuiltinDataset {
        let path = resolveInput(file)
        guard FilePath.exists(path) else { throw .datasetFileMissing(name: name, file: file) }
        let tables: [(name: String, matrix: Matrix)]
        do {
            tables = try MatrixFiles.load(path: path, limit: loadBudget)
        } catch {
            throw .file(error)
        }
        guard tables.count == 1, let table = tables.first?.matrix,
              let data = BuiltinDataset.fromTable(name, table) else {
            let held = tables.count == 1 ? tables[0].matrix.numpyShape : "\(tables.count) arrays"
            throw .datasetFileShape(name: name, path: path,
                                    expected: BuiltinDataset.tableText(of: name) + "; it holds \(held)")
        }
        return data
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
            where !slot.isKindSlot && key.hasPrefix(slot.rawValue) {
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
