import NNCore

/// Every matrix of a session, with what each was computed from, so that a
/// change anywhere marks everything downstream as stale.
///
/// Each write gets a new version number. A computed entry records the
/// versions of its inputs; it is stale when any input has a newer version,
/// is gone, or is stale itself.
struct ValueStore: Equatable, Sendable {
    /// What an entry depends on besides matrices: a layer's activation or the loss.
    enum Key: Hashable, Sendable {
        case matrix(MatrixName)
        case activation(Int)
        case loss
    }

    struct Entry: Equatable, Sendable {
        var matrix: Matrix
        var version: Int
        /// Inputs and the versions they had when this entry was computed.
        var inputs: [Input]
        /// The command that computes this entry again (nil when set by hand).
        var producer: String?
    }

    struct Input: Equatable, Sendable {
        var key: Key
        var version: Int
    }

    private(set) var entries: [MatrixName: Entry] = [:]
    private var settings: [Key: Int] = [:]
    private var clock = 0
    /// Versions the learner has seen printed, to mark values that changed.
    private var seen: [MatrixName: Int] = [:]
}

// MARK: - Reading and writing

extension ValueStore {
    subscript(name: MatrixName) -> Matrix? { entries[name]?.matrix }

    func entry(_ name: MatrixName) -> Entry? { entries[name] }

    var names: [MatrixName] { Array(entries.keys) }

    /// The elements of every matrix held.
    var elementCount: Int { entries.values.reduce(0) { $0 + $1.matrix.count } }

    /// Stores a value set by hand: it depends on nothing.
    mutating func set(_ name: MatrixName, _ matrix: Matrix) {
        clock += 1
        entries[name] = Entry(matrix: matrix, version: clock, inputs: [], producer: nil)
    }

    /// Stores a computed value with the current versions of its inputs.
    mutating func set(_ name: MatrixName, _ matrix: Matrix, from inputs: [Key], by producer: String) {
        clock += 1
        let recorded = inputs.map { Input(key: $0, version: version(of: $0) ?? -1) }
        entries[name] = Entry(matrix: matrix, version: clock, inputs: recorded, producer: producer)
    }

    mutating func remove(_ name: MatrixName) {
        entries[name] = nil
    }

    mutating func removeAll(where predicate: (MatrixName) -> Bool) {
        for name in entries.keys where predicate(name) { entries[name] = nil }
    }

    /// Marks a setting (an activation or the loss) as changed.
    mutating func touch(_ key: Key) {
        clock += 1
        settings[key] = clock
    }

    func version(of key: Key) -> Int? {
        switch key {
        case let .matrix(name): return entries[name]?.version
        default: return settings[key] ?? 0
        }
    }
}

// MARK: - Staleness

extension ValueStore {
    /// Why `name` is stale, or nil when it is current (or set by hand).
    func staleReason(_ name: MatrixName) -> String? {
        staleReason(name, depth: 0)
    }

    private func staleReason(_ name: MatrixName, depth: Int) -> String? {
        guard let entry = entries[name], depth < 64 else { return nil }
        let by = entry.producer.map { " since \($0)" } ?? ""
        for input in entry.inputs {
            let now = version(of: input.key)
            if now == nil { return "\(describe(input.key)) is gone" }
            if now != input.version { return "\(describe(input.key)) changed\(by)" }
        }
        for input in entry.inputs {
            if case let .matrix(inner) = input.key, staleReason(inner, depth: depth + 1) != nil {
                return "\(inner) is stale"
            }
        }
        return nil
    }

    func isStale(_ name: MatrixName) -> Bool { staleReason(name) != nil }

    /// Whether `name` exists and is current.
    func isCurrent(_ name: MatrixName) -> Bool { entries[name] != nil && !isStale(name) }

    /// The value upstream of a stale `name` whose own inputs changed and that
    /// comes first in the lecture's order (forward 1…L, cost, backward L…1):
    /// recomputing it is where the learner starts again.
    func staleRoot(_ name: MatrixName) -> MatrixName? {
        var roots: [MatrixName] = []
        var seen: Set<MatrixName> = []
        var pending = [name]
        while let current = pending.popLast(), seen.count < 256 {
            guard seen.insert(current).inserted, let entry = entries[current] else { continue }
            if entry.inputs.contains(where: { version(of: $0.key) != $0.version }) {
                roots.append(current)
                continue
            }
            for input in entry.inputs {
                if case let .matrix(inner) = input.key, isStale(inner) { pending.append(inner) }
            }
        }
        return roots.min { stageOrder(entries[$0]?.producer) < stageOrder(entries[$1]?.producer) }
    }

    /// forward l → (0, l); cost → (1, 0); backward l → (2, −l); by hand → last.
    private func stageOrder(_ producer: String?) -> (Int, Int) {
        guard let words = producer?.split(separator: " "), let stage = words.first else { return (3, 0) }
        let layer = words.count > 1 ? Int(words[1]) ?? 0 : 0
        switch stage {
        case "forward": return (0, layer)
        case "cost": return (1, 0)
        case "backward": return (2, -layer)
        default: return (3, 0)
        }
    }

    private func describe(_ key: Key) -> String {
        switch key {
        case let .matrix(name): return name.description
        case let .activation(l): return "the activation of layer \(l)"
        case .loss: return "the loss"
        }
    }
}

// MARK: - What the learner has seen

extension ValueStore {
    /// Whether `name` changed since it was last shown (false the first time).
    func changedSinceShown(_ name: MatrixName) -> Bool {
        guard let entry = entries[name], let last = seen[name] else { return false }
        return entry.version != last
    }

    mutating func markShown(_ name: MatrixName) {
        seen[name] = entries[name]?.version
    }
}
