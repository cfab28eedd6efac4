#if canImport(Glibc)
import Glibc
#endif
import NNCore
import NNLanguage

/// What a session holds. A value type: a command works on a copy and the
/// copy replaces the session's state only when the command succeeds.
struct SessionState: Equatable, Sendable {
    /// n[0]…n[L]; empty until `net`.
    var sizes: [Int] = []
    /// g[1]…g[L] at index l − 1.
    var activations: [Activation] = []
    /// The kind of layer l at index l − 1 (dense for every layer `net` builds).
    var kinds: [LayerKind] = []
    /// The loss chosen with `loss`; nil follows the output activation.
    var chosenLoss: Loss?
    /// The generator behind `seed`, `randn`, `rand` and `init`.
    var random = NumpyRandom(seed: 0)
    /// Every matrix, with what it was computed from.
    var store = ValueStore()
    /// Digits of printed matrices (numpy's `precision`).
    var precision = 8
    /// Characters per printed line of a matrix (numpy's `linewidth`).
    var lineWidth = 75
    /// How much the stages print (`set output`).
    var output = OutputMode.full
    /// The slots a running stage leaves out of its printout (`set output brief`); empty between commands.
    var hidden: Set<Slot> = []
    /// The largest matrix a command may make, in elements.
    var maxElements = SessionState.defaultMaxElements
    /// The last stage that ran, for the prompt.
    var stage: Stage = .idle
    /// The costs of the last `train`, by iteration.
    var trainCosts: [Double] = []
    /// The last `step`, for diagnosing a wrong update.
    var lastStep: LastStep?
    /// Regularisation, dropout, optimiser, mini-batches and decay.
    var stages = TrainingStages()
    /// The epoch `minibatch next` is walking, with the full X and Y.
    var miniBatchWalk: MiniBatchWalk?
}

/// Where the session stands.
enum Stage: Equatable, Sendable {
    case idle
    case forward(Int)
    case cost
    case backward(Int)
    case step
}

extension Stage: CustomStringConvertible {
    /// The command that runs the stage: `forward 2`, `cost`, `backward 3`, `step`.
    var description: String {
        switch self {
        case .idle: return "idle"
        case let .forward(l): return "\(CommandSpec.forward.name) \(l)"
        case .cost: return CommandSpec.cost.name
        case let .backward(l): return "\(CommandSpec.backward.name) \(l)"
        case .step: return CommandSpec.step.name
        }
    }
}

// MARK: - The network

extension SessionState {
    /// L, the number of layers (0 before `net`).
    var depth: Int { max(0, sizes.count - 1) }

    var hasNetwork: Bool { sizes.count >= 2 }

    /// The network as `net` would be typed: `net 2 4 3 1`.
    var netText: String {
        hasNetwork ? CommandSpec.net.name + " " + sizes.map(String.init).joined(separator: " ") : "no network"
    }

    /// The loss in force: the chosen one, or the one the output activation implies.
    var loss: Loss {
        chosenLoss ?? activations.last.map { Loss.default(for: $0) } ?? .bce
    }

    func activation(_ l: Int) -> Activation { activations[l - 1] }

    /// What layer l's kind computes: its parameters, forward and backward.
    func rule(_ l: Int) -> any LayerRule { (l <= kinds.count ? kinds[l - 1] : .dense).rule }

    /// Layer l's parameters from the store, in its kind's order (W[l], b[l] for dense).
    func layerParameters(_ l: Int) throws(SessionError) -> [Matrix] {
        var out: [Matrix] = []
        for p in rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]) {
            guard let slot = Slot(rawValue: p.name) else {
                preconditionFailure("SessionState: the parameter \(p.name) of \(rule(l).name) has no slot")
            }
            out.append(try value(.layer(slot, l)))
        }
        return out
    }

    /// Layer l's forward caches as the store holds them, for its kind's backward step; `z`
    /// stands in for Z[l] where the store has none (a linear layer's backward needs no Z).
    func storedForward(_ l: Int, z fallback: Matrix) throws(SessionError) -> LayerForward {
        var caches: [Matrix] = []
        for name in rule(l).cacheNames {
            guard let slot = Slot(rawValue: name) else {
                preconditionFailure("SessionState: the cache \(name) of \(rule(l).name) has no slot")
            }
            caches.append(try value(.layer(slot, l)))
        }
        return LayerForward(z: store[.layer(.Z, l)] ?? fallback, caches: caches)
    }

    /// Fails unless a network exists.
    func requireNetwork(_ command: String) throws(SessionError) {
        if !hasNetwork {
            throw .missing("the network", fix: "type `net 2 4 3 1` (layer sizes n[0]…n[L]) before `\(command)`")
        }
    }

    /// Throws unless there is a network, naming the command that needs it.
    func requireNetwork(_ command: CommandSpec) throws(SessionError) {
        try requireNetwork(command.name)
    }

    /// Fails unless 1 ≤ l ≤ L (or 0 ≤ l when `allowInput`).
    func requireLayer(_ l: Int, allowInput: Bool = false) throws(SessionError) {
        if l < (allowInput ? 0 : 1) || l > depth {
            throw .noSuchLayer(l, depth: depth, net: netText)
        }
    }

    /// The network's parameters as the core's `Network`.
    /// The session's matrices are shared, not copied beside a network of zeros.
    func coreNetwork() -> Network {
        Network(sizes: sizes, activations: activations, kinds: kinds.count == depth ? kinds : nil,
                parameters: { l, p in
                    guard let slot = Slot(rawValue: p.name) else {
                        preconditionFailure("SessionState: the parameter \(p.name) has no slot")
                    }
                    return store[.layer(slot, l)]
                })
    }
}

// MARK: - Names

extension SessionState {
    /// The name with `L` replaced by this network's depth, checked against it; a kind's name
    /// (`gamma2`) becomes its layer's slot while that layer has it (`SessionState+KindNames.swift`).
    func resolve(_ name: MatrixName) throws(SessionError) -> MatrixName {
        switch name {
        case let .output(slot):
            try requireNetwork(name.description)
            try requireSlot(slot, depth)
            return .layer(slot, depth)
        case let .layer(slot, l):
            if l == 0 && (slot == .A || slot == .dA) { return name }
            try requireNetwork(name.description)
            try requireLayer(l)
            try requireSlot(slot, l)
            return name
        case let .user(word):
            return kindName(word) ?? name
        default:
            return name
        }
    }

    /// The value of `name`, or an error saying which command makes it.
    func value(_ name: MatrixName, current: Bool = true) throws(SessionError) -> Matrix {
        let name = try resolve(name)
        guard let matrix = store[name] else {
            throw .missing(name.description, fix: howToMake(name))
        }
        if current, let reason = store.staleReason(name) {
            guard let root = store.staleRoot(name), root != name, let rootReason = store.staleReason(root) else {
                throw .stale(name.description, reason: reason, fix: howToMake(name))
            }
            // howToMake names the commands from here, recomputing the root on the way.
            throw .stale(name.description, reason: rootReason, fix: howToMake(name))
        }
        return matrix
    }

    /// The commands that compute `name` from the current state, in words: each named
    /// command works now (it does not need a value that is missing or stale).
    func howToMake(_ name: MatrixName) -> String {
        switch name {
        case .layer(.A, 0): return "set it with `X = …` or `dataset xor`"
        case .Y: return "set it with `Y = …` or `dataset xor`"
        case let .layer(.Z, l), let .layer(.A, l):
            if store[.X] == nil { return howToMake(.X) }
            return l == 1 || store.isCurrent(.layer(.A, l - 1)) ? "run `forward \(l)`" : "run `forward all`"
        case .J: return afterForward("`cost`")
        case let .layer(.dA, l) where l == depth: return afterForward("`cost` (it sets dA\(l) = ∂J/∂A\(l))")
        case let .layer(.dA, l): return howToRunBackward(l + 1)
        case let .layer(.dZ, l), let .layer(.dW, l), let .layer(.db, l): return howToRunBackward(l)
        case let .layer(.W, l): return "set it with `W\(l) = …` or type `init`"
        case let .layer(.b, l): return "set it with `b\(l) = …` or type `init`"
        case let .user(n):
            let hint = MatrixName.caseFixed(n).map { " (names are case-sensitive: did you mean \($0)?)" } ?? ""
            return "set it with `\(n) = …`\(hint)"
        default: return "set it with `\(name) = …`"
        }
    }

    /// `run C`, or `run `forward all`, then C` when A[L] is not current.
    private func afterForward(_ command: String) -> String {
        if store.isCurrent(.layer(.A, depth)) { return "run \(command)" }
        if store[.X] == nil { return howToMake(.X) }
        return "run `forward all`, then \(command)"
    }

    /// The commands that run backward through layer l from here: `backward l` when its
    /// inputs are current, else `backward all` after whatever forward and cost still need.
    private func howToRunBackward(_ l: Int) -> String {
        let L = depth
        let shortcut = usesSoftmaxShortcut
        let ownInputs = (l == L && shortcut ? store.isCurrent(.layer(.A, L)) && store[.Y] != nil
                         : store.isCurrent(.layer(.dA, l)) && (activation(l) == .linear || store.isCurrent(.layer(.Z, l))))
            && store.isCurrent(.layer(.A, l - 1))
        if ownInputs { return "run `backward \(l)`" }
        let chainReady = shortcut ? store.isCurrent(.layer(.A, L)) && store[.Y] != nil : store.isCurrent(.layer(.dA, L))
        if chainReady { return "run `backward all`" }
        if store[.Y] == nil { return howToMake(.Y) }
        return afterForward(shortcut ? "`backward all`" : "`cost`, then `backward all`")
    }

    /// Names that exist, in the order `show` lists them: X, Y, then layer by layer, J, then the learner's own.
    var visibleNames: [MatrixName] {
        store.names.sorted { order($0) < order($1) }
    }

    private func order(_ name: MatrixName) -> (Int, Int, Int, String) {
        switch name {
        case let .layer(slot, l):
            let rank = Slot.allCases.firstIndex(of: slot) ?? 0
            if l == 0 && slot == .A { return (0, 0, 0, "") }
            return (2, l, rank, "")
        case .Y: return (1, 0, 0, "")
        case .J: return (3, 0, 0, "")
        case .output: return (2, depth, 0, "")
        case let .user(n): return (4, 0, 0, n)
        }
    }

    /// m, the number of examples: the columns of X (or of Y without X).
    var m: Int? { store[.X]?.cols ?? store[.Y]?.cols }
}

// MARK: - Limits

extension SessionState {
    /// A quarter of physical memory, in doubles.
    static let defaultMaxElements = max(1 << 20, MemoryLimit.physicalBytes / 4 / 8)

    /// The most elements one `load` may bring in, all its arrays together: `max-elements`,
    /// and what the session's memory budget has left beside the matrices it holds.
    var loadBudget: Int {
        min(maxElements, max(0, MemoryLimit.sessionElements - store.elementCount))
    }

    /// Fails unless a rows × cols matrix is within the limit, and fits the memory budget beside
    /// the session's matrices and `working` elements of intermediate results still alive.
    func checkSize(_ rows: Int, _ cols: Int, beside working: Int = 0) throws(SessionError) {
        let n = rows.multipliedReportingOverflow(by: cols)
        if rows <= 0 || cols <= 0 {
            throw .invalidNumber(what: "the shape", value: "\(rows)×\(cols)", expected: "sizes must be positive")
        }
        // 32-bit BLAS dimensions bound each side, whatever the limit says.
        if n.overflow || n.partialValue > maxElements || max(rows, cols) > Int(Int32.max) {
            throw .tooLarge(rows: rows, cols: cols, limit: maxElements)
        }
        // Every command, also inside `run`, counts against the session's memory budget.
        let held = store.elementCount
        if n.partialValue > MemoryLimit.sessionElements - held - working {
            if working > 0 {
                throw .overBudgetWorking(rows: rows, cols: cols, held: held, working: working,
                                         budget: MemoryLimit.sessionElements)
            }
            throw .overBudget(rows: rows, cols: cols, held: held, budget: MemoryLimit.sessionElements)
        }
    }

    /// Fails unless m is within the limit for every cache: Z[l] and A[l] are n[l] × m, and
    /// `copies` matrices of that size per layer, all alive at once, fit the memory budget
    /// beside what the session holds (the caches already there are replaced, so they do not count).
    func checkCaches(examples m: Int, copies: Int = 2) throws(SessionError) {
        for n in sizes.dropFirst() { try checkSize(n, m) }
        var total = 0
        for n in sizes.dropFirst() {
            let (layer, overflow) = n.multipliedReportingOverflow(by: m * copies)
            let sum = total.addingReportingOverflow(layer)
            total = overflow || sum.overflow ? Int.max : sum.partialValue
        }
        var held = store.elementCount
        for (name, entry) in store.entries {
            if case let .layer(slot, l) = name, l > 0, slot == .Z || slot == .A { held -= entry.matrix.count }
        }
        if total > MemoryLimit.sessionElements - held {
            throw .cachesOverBudget(examples: m, copies: copies, elements: total, held: held,
                                    budget: MemoryLimit.sessionElements)
        }
    }
}

