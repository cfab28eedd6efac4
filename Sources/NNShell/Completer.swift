import NNLanguage
import NNSession
import NNCore

/// What TAB completes the word before the cursor to, given the words before it.
///
/// The rules follow the command language: command names first, then per
/// command the names of matrices, layer numbers, activations, losses or files.
/// The terminal glue turns a `Completion` into an insertion or a listing.
public struct Completer {
    /// Matrices that exist in the session now (`W1`, `dW2`, `X`, …).
    public var matrixNames: [String]

    /// Lists one directory (`""` is the current one) for file-name completion.
    public var listDirectory: (String) -> [FileEntry]

    public init(matrixNames: [String], listDirectory: @escaping (String) -> [FileEntry] = { _ in [] }) {
        self.matrixNames = matrixNames
        self.listDirectory = listDirectory
    }

    /// Every command word of the language (the parser's list).
    public static let commands = Parser.commandNames

    /// Words that may start the value of `NAME = …`.
    static let valueWords = ["randn", "rand", "zeros", "ones", "onehot", "permutation", "normal"]
}

/// One entry of a directory listing.
public struct FileEntry: Equatable, Sendable {
    public var name: String
    public var isDirectory: Bool

    public init(name: String, isDirectory: Bool) {
        self.name = name
        self.isDirectory = isDirectory
    }
}

/// The answer to one TAB.
public struct Completion: Equatable, Sendable {
    /// The partial word before the cursor that every candidate extends.
    public var word: String
    /// The full words that fit, sorted, without duplicates.
    public var candidates: [String]

    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    /// Text to insert at the cursor, as bash does:
    ///
    /// ```
    /// one candidate     → its rest, then a space (nothing after a directory's "/" or a call's "(")
    /// several           → the rest of their longest common prefix
    /// ```
    public var insertion: String {
        guard let first = candidates.first else { return "" }
        if candidates.count == 1 {
            return String(first.dropFirst(word.count)) + (first.hasSuffix("/") || first.hasSuffix("(") ? "" : " ")
        }
        let common = candidates.dropFirst().reduce(Substring(first)) { common, next in
            common.prefix(zip(common, next).prefix { $0 == $1 }.count)
        }
        return String(common.dropFirst(word.count))
    }

    /// Whether TAB should list the candidates: several fit and none can be inserted.
    public var shouldList: Bool { candidates.count > 1 && insertion.isEmpty }

    /// The candidates as listed: file names without their directory.
    public var listing: [String] {
        candidates.map { candidate in
            let trimmed = candidate.hasSuffix("/") ? String(candidate.dropLast()) : candidate
            guard let slash = trimmed.lastIndex(of: "/") else { return candidate }
            return String(candidate[candidate.index(after: slash)...])
        }
    }
}

// MARK: - Rules

extension Completer {
    /// Completes the last word of `before` (the line up to the cursor).
    public func complete(_ before: String) -> Completion {
        let endsInSpace = before.last.map { $0 == " " || $0 == "\t" } ?? true
        var words = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let word = endsInSpace ? "" : (words.popLast() ?? "")
        if let completion = expression(completing: word, after: words) { return completion }
        let choices = words.isEmpty ? [] : self.choices(after: words)
        for case let .files(scriptsOnly) in choices {
            return files(completing: word, scriptsOnly: scriptsOnly)
        }
        let pool = words.isEmpty ? Self.commands + matrixNames : choices.flatMap { candidates($0, after: words, word: word) }
        var seen = Set<String>()
        let fitting = pool.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        return Completion(word: word, candidates: fitting.sorted())
    }

    /// What may follow `words` (the completed words of the line): the rule of `NAME =`,
    /// or the command's own (`CommandSpec.arguments`).
    func choices(after words: [String]) -> [CommandSpec.Choice] {
        if words.count >= 2, words[1] == "=" {
            if words.count == 2 { return [.matrices, .words(Self.valueWords)] }
            return words[2] == "onehot" && words.count == 3 ? [.matrices] : []
        }
        return CommandSpec.named(words[0])?.choices(after: words) ?? []
    }

    /// The words one choice offers after `words`, for the word typed so far.
    func candidates(_ choice: CommandSpec.Choice, after words: [String], word: String) -> [String] {
        switch choice {
        case let .words(list): return list
        case .matrices: return matrixNames
        case .layers: return layerNumbers
        case let .layersAfter(previous): return words.last.map(previous.contains) == true ? layerNumbers : []
        case .unitsWithActivation:
            guard let colon = word.firstIndex(of: ":") else { return [] }
            let units = word[...colon]
            return Activation.allCases.map { units + $0.name }
        case .files, .expression: return []
        case .commands: return Self.commands
        }
    }

    /// In a numpy expression (the value of `NAME = …`, or where a command takes one), the
    /// name before the cursor: numpy's functions (`np.su` ↦ `np.sum(`, `np.subtract(`), the
    /// session's matrices, and after `NAME.` its methods (`dZ.su` ↦ `dZ.sum(`) and `.T`.
    /// nil outside an expression, where the command's own rules apply.
    func expression(completing word: String, after words: [String]) -> Completion? {
        let token = String(word.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
        let isValue = words.count >= 2 && words[1] == "=" && !(words.count == 3 && words[2] == "onehot")
        let choices = words.isEmpty || isValue ? [] : self.choices(after: words)
        let inExpression = choices.contains { if case .expression = $0 { return true } else { return false } }
        guard isValue || inExpression else { return nil }
        var pool: [String]
        if let dot = token.lastIndex(of: "."), !token.hasPrefix("np.") {
            let base = token[..<dot]
            pool = Function.methods.keys.map { base + "." + $0 + "(" } + [base + ".T", base + ".shape"]
        } else {
            pool = Function.allCases.map { $0.rawValue + "(" } + matrixNames
            if words.count == 2 && token == word && isValue { pool += Self.valueWords }
            // The words a command offers beside its expression (`atol`, `rtol` after expect's value).
            if token == word { pool += choices.flatMap { candidates($0, after: words, word: word) } }
        }
        let fitting = Set(pool.filter { $0.hasPrefix(token) })
        return Completion(word: token, candidates: fitting.sorted())
    }

    /// `1 … L`, where L is the highest l of an existing `W<l>`.
    var layerNumbers: [String] {
        let depth = matrixNames.compactMap { name -> Int? in
            guard name.hasPrefix("W") else { return nil }
            return Int(name.dropFirst())
        }.max() ?? 0
        return depth > 0 ? (1...depth).map(String.init) : []
    }

    /// File names completing `word`; directories end in "/" so TAB can go on.
    func files(completing word: String, scriptsOnly: Bool) -> Completion {
        let directory: String
        let prefix: String
        if let slash = word.lastIndex(of: "/") {
            directory = String(word[...slash])
            prefix = String(word[word.index(after: slash)...])
        } else {
            directory = ""
            prefix = word
        }
        let names = listDirectory(directory)
            .filter { $0.name != "." && $0.name != ".." }
            .filter { $0.name.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .filter { !scriptsOnly || $0.isDirectory || $0.name.hasSuffix(".nnscript") }
            .map { directory + $0.name + ($0.isDirectory ? "/" : "") }
        return Completion(word: word, candidates: Array(Set(names)).sorted())
    }
}
