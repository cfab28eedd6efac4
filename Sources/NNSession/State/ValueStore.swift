import NNCore
import NNLanguage

/// Every matrix of a session, with what each was computed from, so that a
/// change anywhere marks everything downstream as stale.
///
/// Each write gets a new version number. A computed entry records the
/// versions of its inputs; it is stale when any input has a newer version,
/// is gone, or is stale itself.
///
/// Versions only grow, so a stale entry stays stale until it is computed
/// again: every change marks what depends on it, and a question about
/// staleness is one lookup.
///
/// 3. The element count is kept up to date rather than summed: every size check asks
///    for it, and a stage checks once a layer, so a sum over all entries made
///    `forward all` on 40,000 layers quadratic.
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
        /// The stage that computes this entry again (nil when set by hand).
        var producer: Stage?
        /// Whether an input changed, went away or became stale since (kept up to date by every change).
        var isStale = false
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
    /// The names ever computed from each key, to find what a change makes stale
    /// (a name computed again since from other inputs stays listed: it is checked when used).
    private var dependents: [Key: [MatrixName]] = [:]
    /// The elements of every matrix held, kept as entries come and go (see 3.).
    private(set) var elementCount = 0

    /// Equal when they hold the same entries, settings and versions (`dependents` only speeds up marking).
    static func == (lhs: ValueStore, rhs: ValueStore) -> Bool {
        lhs.entries == rhs.entries && lhs.settings == rhs.settings && lhs.clock == rhs.clock && lhs.seen == rhs.seen
    }
}

// MARK: - Reading and writing

extension ValueStore {
    subscript(name: MatrixName) -> Matrix? { entries[name]?.matrix }

    func entry(_ name: MatrixName) -> Entry? { entries[name] }

    var names: [MatrixName] { Array(entries.keys) }

    /// Stores a value set by hand: it depends on nothing.
    mutating func set(_ name: MatrixName, _ matrix: Matrix) {
        clock += 1
        put(name, Entry(matrix: matrix, version: clock, inputs: [], producer: nil))
        markDependentsStale(.matrix(name))
    }

    /// Puts `entry` under `name`, keeping `elementCount` in step (see 3.).
    private mutating func put(_ name: MatrixName, _ entry: Entry) {
        elementCount += entry.matrix.count - (entries[name]?.matrix.count ?? 0)
        entries[name] = entry
    }

    /// Stores a computed value with the current versions of its inputs.
    mutating func set(_ name: MatrixName, _ matrix: Matrix, from inputs: [Key], by producer: Stage) {
        clock += 1
        let recorded = inputs.map { Input(key: $0, version: version(of: $0) ?? -1) }
        // 1. Recorded versions are current now, so only a missing or stale input makes it stale.
        let stale = inputs.contains { key in
            guard case let .matrix(input) = key else { return false }
            return entries[input]?.isStale ?? true
        }
        put(name, Entry(matrix: matrix, version: clock, inputs: recorded, producer: producer, isStale: stale))
        for key in inputs where !(dependents[key]?.contains(name) ?? false) { dependents[key, default: []].append(name) }
        markDependentsStale(.matrix(name))
    }

    mutating func remove(_ name: MatrixName) {
        if let old = entries.removeValue(forKey: name) {
            elementCount -= old.matrix.count
            markDependentsStale(.matrix(name))
        }
    }

    mutating func removeAll(where predicate: (MatrixName) -> Bool) {
        for name in entries.keys where predicate(name) { remove(name) }
    }

    /// Marks a setting (an activation or the loss) as changed.
    mutating func touch(_ key: Key) {
        clock += 1
        settings[key] = clock
        markDependentsStale(key)
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
        guard let entry = entries[name], entry.isStale else { return nil }
        let by = entry.producer.map { " since \($0)" } ?? ""
        for input in entry.inputs {
            let now = version(of: input.key)
            if now == nil { return "\(describe(input.key)) is gone" }
            if now != input.version { return "\(describe(input.key)) changed\(by)" }
        }
        for input in entry.inputs {
            if case let .matrix(inner) = input.key, isStale(inner) { return "\(inner) is stale" }
        }
        return nil
    }

    func isStale(_ name: MatrixName) -> Bool { entries[name]?.isStale ?? false }

    /// Whether `name` exists and is current.
    func isCurrent(_ name: MatrixName) -> Bool { entries[name].map { !$0.isStale } ?? false }

    /// Marks every entry computed from `key`, directly or not, as stale.
    private mutating func markDependentsStale(_ key: Key) {
        var changed = [key]
        while let key = changed.popLast() {
            // 2. A stale entry's dependents are stale already: the marking stops there.
            for name in dependents[key] ?? [] {
                guard let entry = entries[name], !entry.isStale, entry.inputs.contains(where: { $0.key == key }) else {
                    continue
                }
                entries[name]?.isStale = true
                changed.append(.matrix(name))
            }
        }
    }

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

    /// forward l → (0, l); cost → (1, 0); backward l → (2, −l); by hand (or anything else) → last.
    private func stageOrder(_ producer: Stage?) -> (Int, Int) {
        switch producer {
        case let .forward(l): return (0, l)
        case .cost: return (1, 0)
        case let .backward(l): return (2, -l)
        case .idle, .step, nil: return (3, 0)
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
