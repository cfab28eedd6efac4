import NNCore
import NNLanguage
import NNDatasets

/// A session as numpy code: one block per command that built it (`save FILE.nnscript`'s),
/// each written when the command ran, from the states before and after it, with what it
/// resolved to (which layer a bare `forward` ran, what `AL` named, the file `load` found),
/// as calls of the course's functions. `export` only joins the blocks: it runs nothing again.
///
/// ```
/// net 2 4 3 1        ↦ layer_dims = [2, 4, 3, 1]; activations = [...]; S.update(initialize_parameters_deep(layer_dims, "zeros"))
/// init he seed 1     ↦ np.random.seed(1); S.update(initialize_parameters_deep(layer_dims, "he"))
/// forward            ↦ S["A1"], (_, S["Z1"]) = linear_activation_forward(S["X"], S["W1"], S["b1"], "relu")
/// backward           ↦ S["dZ3"] = …_backward(S["dA3"], S["Z3"]); S["dA2"], S["dW3"], S["db3"] = linear_backward(…)
/// train 100 0.5      ↦ L_layer_model(S, 100, 0.5, 100)
/// ```
struct PythonExport {
    /// One command and the code that does what it did.
    struct Block: Equatable, Sendable {
        /// The command as it ran, written out (through `CommandText`) only on export.
        var command: Command
        var code: [Line]
        /// The optional functions the code calls.
        var parts: Set<PythonPrelude.Part> = []
    }

    /// A line of a block's code.
    enum Line: Equatable, Sendable {
        case code(String)
        /// `S["X"] = np.array(…)`: a matrix a data set put in the session, written out only when
        /// the session is exported (digits holds 115,000 numbers; a command must stay cheap).
        case matrix(key: String, Matrix, oneLine: Bool)
        /// `np.random.set_state(…)`: the generator as a data set left it, written out likewise.
        case generator(NumpyRandom)
        /// A call, written out on export (see `PythonCall`).
        case call(PythonCall)
        /// One layer's forward or backward, or the cost, written out on export from what the
        /// state said when it ran (the lines of a stepping loop's commands).
        case stage(Stage)
    }

    /// What a stage's lines need of the state it ran in: a few small values, no matrix.
    struct Stage: Equatable, Sendable {
        enum Kind: Equatable, Sendable {
            /// `drawsMask`: dropout applies and the mask is one a forward pass drew (a mask the
            /// learner set is kept), so the script draws it again.
            case forward(drawsMask: Bool)
            case cost
            case backward
        }

        var kind: Kind
        var layer: Int
        var depth: Int
        var activation: Activation?
        var dropout: Dropout?
        var regularized: Bool
        var softmaxShortcut: Bool
        var saturationFallback: Bool
        /// The layer's kind when it keeps caches beside Z (batchnorm), else nil (dense).
        var kindWithCaches: KindWithCaches?

        /// What the script's calls need of a kind with caches: its function names and its matrices.
        struct KindWithCaches: Equatable, Sendable {
            var name: String
            var cacheNames: [String]
            var parameterNames: [String]
            var gradientNames: [String]
            var preActivationName: String
        }

        init(_ kind: Kind, layer: Int, in state: SessionState) {
            self.kind = kind
            self.layer = layer
            depth = state.depth
            activation = state.activations.indices.contains(layer - 1) ? state.activation(layer) : nil
            dropout = state.stages.dropout
            regularized = state.stages.lambda != nil
            softmaxShortcut = state.usesSoftmaxShortcut
            saturationFallback = state.usesSaturationFallback
            if (1...max(1, state.depth)).contains(layer), state.hasNetwork, !state.rule(layer).cacheNames.isEmpty {
                let rule = state.rule(layer)
                let specs = rule.parameters(units: state.sizes[layer], inputs: state.sizes[layer - 1])
                kindWithCaches = KindWithCaches(name: rule.name, cacheNames: rule.cacheNames,
                                                parameterNames: specs.map(\.name), gradientNames: specs.map(\.gradientName),
                                                preActivationName: rule.preActivationName)
            }
        }
    }

    var blocks: [Block] = []
    /// The optional functions the blocks call.
    var parts: Set<PythonPrelude.Part> = []

    /// The export of `blocks`, in order.
    init(_ blocks: [Block] = []) {
        self.blocks = blocks
        parts = blocks.reduce(into: []) { $0.formUnion($1.parts) }
    }

    /// What `export` writes for `command`, which took the session from `before` to `after`
    /// (nil for a command that builds nothing); `resolveInput` gives the file `load` read.
    ///
    /// 1. The session calls this as each command succeeds, while both states are at hand, so
    ///    the block is what the command resolved to then. It must stay cheap beside the
    ///    command: a stage keeps a few small values, `train` and `step` their call, a data set
    ///    its matrices (shared, not copied), each written out only on export; the other
    ///    commands' lines are short text (an assigned literal's, which export needs anyway).
    static func block(_ command: Command, before: SessionState, after: SessionState,
                      resolveInput: (String) -> String) -> Block? {
        guard command.buildsState else { return nil }
        var writer = PythonExport()
        let code = writer.lines(command, before: before, after: after, resolveInput: resolveInput)
        return Block(command: command, code: code, parts: writer.parts)
    }

    /// The blocks of the default session's set-up (`SessionState.defaultScript`), one per
    /// command, for a session that starts there and for `reset default`.
    static let defaultSetUp: [Block?] = {
        var state = SessionState()
        var context = CommandContext(resolveInput: { $0 })
        return SessionState.defaultScript.map { command in
            let before = state
            do {
                _ = try state.execute(command, &context)
            } catch {
                preconditionFailure("the default session's `\(command)` failed: \(error)")
            }
            return block(command, before: before, after: state, resolveInput: { $0 })
        }
    }()
}

// MARK: - One command

extension PythonExport {
    private mutating func lines(_ command: Command, before: SessionState, after: SessionState,
                                resolveInput: (String) -> String) -> [Line] {
        switch command {
        case let .dataset(dataset):
            return datasetCode(dataset, before: before, after: after)
        case let .step(alpha):
            // `step` and `train` are a stepping loop's commands: their blocks hold the call, not its text.
            let update = before.stages.optimizer != .gd ? "optimizer_update" : "update_parameters"
            let states: [PythonCall.Argument] = Array(repeating: .code("S"), count: update == "update_parameters" ? 2 : 3)
            return [.call(PythonCall(update, arguments: states + [.number(alpha)]))]
        case let .train(n, alpha, every):
            return [.call(PythonCall("L_layer_model", .code("S"), .code(String(n)), .number(alpha),
                                     .code(String(every ?? 100))))]
        case let .forward(target):
            return forwardLayers(target, before).map { l in
                // A mask the learner set is kept; one a forward pass drew is drawn again.
                let drawn = before.store.entry(.layer(.D, l)).map { $0.producer != nil } ?? true
                return .stage(Stage(.forward(drawsMask: drawn), layer: l, in: after))
            }
        case .cost:
            return [.stage(Stage(.cost, layer: after.depth, in: after))]
        case let .backward(target):
            let layers = backwardLayers(target, before)
            var out: [Line] = []
            if let first = layers.first, first == before.depth, before.store[.layer(.dA, first)] == nil,
               !before.usesSoftmaxShortcut {
                out.append(.stage(Stage(.cost, layer: after.depth, in: after)))  // `backward L` runs `cost` first when dA[L] was never set
            }
            return out + layers.map { .stage(Stage(.backward, layer: $0, in: after)) }
        case .net, .act, .loss, .seed, .initialize, .assign, .assignElement, .dropout, .minibatch, .decay, .batchnorm,
             .optimizer, .load, .regularize, .reset, .resetDefault, .setPrecision, .setMaxElements, .setLineWidth,
             .setOutput, .predict, .accuracy, .show, .explain, .diagram, .plot, .trace, .expect, .gradcheck, .save,
             .export, .run, .history, .undo, .redo, .help, .clear, .quit:
            return code(command, before: before, after: after, resolveInput: resolveInput).map(Line.code)
        }
    }

    private mutating func code(_ command: Command, before: SessionState, after: SessionState,
                               resolveInput: (String) -> String) -> [String] {
        let name = { (n: MatrixName) -> String in Self.key(n, in: before) }
        switch command {
        case .net:
            return ["layer_dims = \(after.sizes)",
                    "activations = [" + after.activations.map { "\"\($0.name)\"" }.joined(separator: ", ") + "]",
                    "loss = \"\(after.loss.name)\"",
                    "forget_caches(S, keep_parameters=False)",
                    "S.update(initialize_parameters_deep(layer_dims, \"zeros\"))",
                    "reset_optimizer_state(S)", "end_walk(S)"]
        case let .act(l, g):
            return ["activations[\(l - 1)] = \"\(g.name)\"", "loss = \"\(after.loss.name)\""]
        case let .loss(choice):
            return ["loss = \"\(choice.name)\""]
        case let .seed(n):
            return ["np.random.seed(\(n))"]
        case let .initialize(scheme, seed):
            return (seed.map { ["np.random.seed(\($0))"] } ?? [])
                + ["S.update(initialize_parameters_deep(layer_dims, \"\(scheme.name)\"))", "reset_optimizer_state(S)"]
        case let .assign(target, expr):
            let resolved = (try? after.resolve(target)) ?? target
            return [Self.key(resolved) + " = as_matrix(\(NumpyText.value(expr, name: name)))"]
        case let .assignElement(target, i, j, x):
            return [Self.key(target, in: after) + "[\(i), \(j)] = \(NumpyText.number(x))"]
        case let .dropout(dropout):
            guard let dropout else { return ["set_dropout(S, None)"] }
            parts.insert(.dropout)
            let layers = dropout.layers.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "None"
            return ["set_dropout(S, {\"keep\": \(NumpyText.number(dropout.keep)), \"layers\": \(layers), "
                    + "\"seed\": \(dropout.seed.map(String.init) ?? "None")})"]
        case let .minibatch(command):
            return minibatchCode(command)
        case let .decay(decay):
            return decayCode(decay)
        case let .optimizer(optimizer):
            return ["set_optimizer(S, " + optimizerText(optimizer) + ")"]
        case let .batchnorm(change):
            switch change {
            case .show:
                return ["pass  # nothing to compute"]
            case let .on(layers, epsilon):
                parts.insert(.batchnorm)
                return ["set_batchnorm(S, \(layers), \(NumpyText.number(epsilon ?? LayerKind.defaultEpsilon)))"]
            case let .off(layers):
                parts.insert(.batchnorm)
                return ["batchnorm_off(S, \(layers))"]
            }
        case let .load(path, key, target):
            parts.insert(.files)
            var call = PythonCall("load_into", .code("S"), .string(resolveInput(path)))
            if let key { call.arguments.append(.string(key)) }
            if let target { call.keywords.append(.init(name: "as_name", value: .string(target.description))) }
            return [call.text]
        case let .regularize(lambda):
            if lambda != nil { parts.insert(.l2) }
            return ["lambd = " + (lambda.map(NumpyText.number) ?? "None")]
        case .reset:
            return ["forget_caches(S)"]
        case .resetDefault:
            return defaultCode()
        case .setPrecision, .setMaxElements, .setLineWidth, .setOutput, .predict, .accuracy, .show, .explain,
             .diagram, .plot, .trace, .expect, .gradcheck, .save, .export, .run, .history, .undo, .redo, .help,
             .clear, .quit:
            return ["pass  # nothing to compute"]
        case .dataset, .forward, .cost, .backward, .step, .train:
            preconditionFailure("PythonExport.code: `\(command)` has lines of its own (see `lines`)")
        }
    }

    /// `minibatch …`: the walk ended, and the batches the next `train` draws.
    private mutating func minibatchCode(_ command: MiniBatchCommand) -> [String] {
        switch command {
        case .off:
            return ["end_walk(S)", "minibatch = None"]
        case .next:
            return ["minibatch_next(S)"]
        case let .on(batch):
            parts.insert(.minibatch)
            return ["end_walk(S)", "minibatch = {\"size\": \(batch.size), \"seed\": \(batch.seed)}"]
        }
    }

    /// `decay …`: the rule the course's `update_lr` or `schedule_lr_decay` follows.
    private mutating func decayCode(_ decay: LearningRateDecay?) -> [String] {
        switch decay {
        case nil:
            return ["decay = None"]
        case let .inverse(rate)?:
            parts.insert(.minibatch)
            return ["decay = {\"kind\": \"inverse\", \"rate\": \(NumpyText.number(rate))}"]
        case let .scheduled(rate, interval)?:
            parts.insert(.minibatch)
            return ["decay = {\"kind\": \"scheduled\", \"rate\": \(NumpyText.number(rate)), \"interval\": \(interval)}"]
        }
    }

    /// `dataset NAME`: the arrays it set (X, Y and the test split), then numpy's generator
    /// put where nnstep's stands, since moons, circles and flower draw from it.
    private mutating func datasetCode(_ dataset: String, before: SessionState, after: SessionState) -> [Line] {
        var out: [Line] = []
        if dataset == "flower" {
            parts.insert(.flower)
            out.append(.code("S[\"X\"], S[\"Y\"] = (np.array(v) for v in load_planar_dataset())"))
        } else {
            for name in [MatrixName.X, .Y, SessionState.xTestName, SessionState.yTestName] {
                guard let m = after.store[name], before.store[name] != m || name == .X || name == .Y else { continue }
                out.append(.matrix(key: Self.key(name), m, oneLine: m.count <= 64))
            }
        }
        if after.random != before.random {
            out.append(.generator(after.random))
        }
        return out
    }

    /// `np.random.set_state(…)` with nnstep's generator: the 624 words, the position and the
    /// cached second normal, so the script's next draws are nnstep's.
    static func generatorState(_ random: NumpyRandom) -> String {
        let state = random.legacyState
        let words = state.key.map(String.init).joined(separator: ", ")
        return "np.random.set_state((\"MT19937\", np.array([\(words)], dtype=np.uint32), \(state.position), "
            + "\(state.cachedGaussian == nil ? 0 : 1), \(NumpyText.number(state.cachedGaussian ?? 0))))"
    }

    /// `reset default`: a fresh session, then the code of the commands that build the default one.
    private mutating func defaultCode() -> [String] {
        let setUp = Self.defaultSetUp.compactMap { $0 }
        for block in setUp { parts.formUnion(block.parts) }
        return ["S.clear()", "lambd = None", "optimizer = {\"name\": \"gd\"}", "dropout = None", "minibatch = None", "walk = None",
                "decay = None", Self.start] + setUp.flatMap(\.code).map(\.text)
    }

    /// The optimiser as the script's `optimizer` dict.
    private mutating func optimizerText(_ optimizer: Optimizer) -> String {
        switch optimizer {
        case .gd:
            return "{\"name\": \"gd\"}"
        case let .momentum(beta):
            parts.insert(.optimizers)
            return "{\"name\": \"momentum\", \"beta\": \(NumpyText.number(beta))}"
        case let .adam(beta1, beta2, epsilon):
            parts.insert(.optimizers)
            return "{\"name\": \"adam\", \"beta1\": \(NumpyText.number(beta1)), \"beta2\": \(NumpyText.number(beta2)), "
                + "\"epsilon\": \(NumpyText.number(epsilon))}"
        }
    }

    /// What every export runs before the first command.
    static let start = "np.random.seed(0)  # nnstep's generator starts as np.random.seed(0)"

    /// `S["W1"]`: the key of a matrix, with `L` resolved in `state`.
    static func key(_ name: MatrixName, in state: SessionState) -> String {
        key((try? state.resolve(name)) ?? name)
    }

    /// `S["W1"]`: the key of a matrix (see `PythonCall.key`).
    static func key(_ name: MatrixName) -> String { PythonCall.key(name.description) }

    private func forwardLayers(_ target: StageTarget, _ state: SessionState) -> [Int] {
        switch target {
        case let .layer(l): return [l]
        case .next: return state.nextForwardLayer.map { [$0] } ?? []
        case .all: return state.nextForwardLayer.map { Array($0...state.depth) } ?? []
        }
    }

    private func backwardLayers(_ target: StageTarget, _ state: SessionState) -> [Int] {
        switch target {
        case let .layer(l): return [l]
        case .next: return state.nextBackwardLayer.map { [$0] } ?? []
        case .all: return state.nextBackwardLayer.map { Array(stride(from: $0, through: 1, by: -1)) } ?? []
        }
    }

    fileprivate static func forwardCode(_ stage: Stage, drawsMask: Bool) -> [String] {
        let l = stage.layer
        let (a, z) = (key(.layer(.A, l)), key(.layer(.Z, l)))
        var out = ["\(a), (_, \(z)) = linear_activation_forward(\(key(.layer(.A, l - 1))), "
                   + "S[\"W\(l)\"], S[\"b\(l)\"], \"\(stage.activation?.name ?? "")\")"]
        if let kind = stage.kindWithCaches {
            // A kind with caches: its forward function (batchnorm_forward), then g on its pre-activation.
            let outputs = (["Z"] + kind.cacheNames).map { "S[\"\($0)\(l)\"]" }.joined(separator: ", ")
            let params = kind.parameterNames.map { "S[\"\($0)\(l)\"]" }
            out = ["\(outputs) = \(kind.name)_forward(\(key(.layer(.A, l - 1))), " + params.joined(separator: ", ")
                   + ", kinds[\(l)])",
                   "\(a), _ = FORWARD[\"\(stage.activation?.name ?? "")\"](S[\"\(kind.preActivationName)\(l)\"])"]
        }
        guard let dropout = stage.dropout else { return out }
        if l == 1, let seed = dropout.seed {
            out.append("np.random.seed(\(seed))  # dropout seeds every forward pass at layer 1")
        }
        guard dropout.applies(to: l, depth: stage.depth) else { return out }
        let d = key(.layer(.D, l)), keep = NumpyText.number(dropout.keep)
        if drawsMask {
            out.append("\(d) = (np.random.rand(*\(a).shape) < \(keep)).astype(float)")
        }
        out.append("\(a) = \(a) * \(d) / \(keep)")
        return out
    }

    fileprivate static func costCode(_ stage: Stage) -> [String] {
        let L = stage.depth
        let cost = !stage.regularized
            ? "compute_cost(S[\"A\(L)\"], S[\"Y\"], loss)"
            : "compute_cost_with_regularization(S[\"A\(L)\"], S[\"Y\"], S, lambd, loss)"
        return ["S[\"J\"] = np.array([[\(cost)]])",
                "S[\"dA\(L)\"] = cost_gradient(S[\"A\(L)\"], S[\"Y\"], loss)"]
    }

    fileprivate static func backwardCode(_ stage: Stage) -> [String] {
        let l = stage.layer
        let g = stage.activation ?? .linear
        if let kind = stage.kindWithCaches { return backwardKindCode(stage, kind) }
        let dZ: String
        if l == stage.depth && stage.softmaxShortcut {
            dZ = "softmax_ce_backward(S[\"A\(l)\"], S[\"Y\"])"
        } else if l == stage.depth && stage.saturationFallback {
            dZ = "sigmoid_bce_backward(S[\"dA\(l)\"], S[\"Z\(l)\"], S.get(\"A\(l)\"), S.get(\"Y\"))"
        } else if g == .linear {
            dZ = "S[\"dA\(l)\"].copy()"
        } else if let dropout = stage.dropout, dropout.applies(to: l, depth: stage.depth) {
            dZ = "\(g.name)_backward(S[\"dA\(l)\"] * S[\"D\(l)\"] / \(NumpyText.number(dropout.keep)), S[\"Z\(l)\"])"
        } else {
            dZ = "\(g.name)_backward(S[\"dA\(l)\"], S[\"Z\(l)\"])"
        }
        let prev = key(.layer(.A, l - 1))
        var out = ["S[\"dZ\(l)\"] = " + dZ,
                   key(.layer(.dA, l - 1)) + ", S[\"dW\(l)\"], S[\"db\(l)\"] = "
                   + "linear_backward(S[\"dZ\(l)\"], (\(prev), S[\"W\(l)\"], S[\"b\(l)\"]))"]
        if stage.regularized {
            out.append("S[\"dW\(l)\"] = S[\"dW\(l)\"] + (lambd / S[\"dZ\(l)\"].shape[1]) * S[\"W\(l)\"]  # L2")
        }
        return out
    }
}

extension PythonExport.Stage {
    /// The stage's lines as the script writes them.
    var text: String {
        let lines: [String]
        switch kind {
        case let .forward(drawsMask): lines = PythonExport.forwardCode(self, drawsMask: drawsMask)
        case .cost: lines = PythonExport.costCode(self)
        case .backward: lines = PythonExport.backwardCode(self)
        }
        return lines.joined(separator: "\n")
    }
}

// MARK: - A kind with caches

extension PythonExport {
    /// dZt from upstream as a dense layer's dZ (with Zt for Z), then the kind's backward function
    /// (batchnorm_backward) for dZn, dZ, dW, dgamma, dbeta and dA[l−1], and L2 on dW.
    fileprivate static func backwardKindCode(_ stage: Stage, _ kind: Stage.KindWithCaches) -> [String] {
        let l = stage.layer
        let g = stage.activation ?? .linear
        let p = kind.preActivationName, dP = "d" + kind.preActivationName
        let upstream: String
        if l == stage.depth && stage.softmaxShortcut {
            upstream = "softmax_ce_backward(S[\"A\(l)\"], S[\"Y\"])"
        } else if l == stage.depth && stage.saturationFallback {
            upstream = "sigmoid_bce_backward(S[\"dA\(l)\"], S[\"\(p)\(l)\"], S.get(\"A\(l)\"), S.get(\"Y\"))"
        } else if g == .linear {
            upstream = "S[\"dA\(l)\"].copy()"
        } else if let dropout = stage.dropout, dropout.applies(to: l, depth: stage.depth) {
            upstream = "\(g.name)_backward(S[\"dA\(l)\"] * S[\"D\(l)\"] / \(NumpyText.number(dropout.keep)), S[\"\(p)\(l)\"])"
        } else {
            upstream = "\(g.name)_backward(S[\"dA\(l)\"], S[\"\(p)\(l)\"])"
        }
        let outputs = ["S[\"dZn\(l)\"]", "S[\"dZ\(l)\"]"] + kind.gradientNames.map { "S[\"\($0)\(l)\"]" }
            + [key(.layer(.dA, l - 1))]
        var out = ["S[\"\(dP)\(l)\"] = " + upstream,
                   outputs.joined(separator: ", ") + " = \(kind.name)_backward(S[\"\(dP)\(l)\"], S[\"W\(l)\"], "
                   + "S[\"gamma\(l)\"], \(key(.layer(.A, l - 1))), S[\"Zn\(l)\"], S[\"var\(l)\"], kinds[\(l)])"]
        if stage.regularized {
            out.append("S[\"dW\(l)\"] = S[\"dW\(l)\"] + (lambd / S[\"dZ\(l)\"].shape[1]) * S[\"W\(l)\"]  # L2")
        }
        return out
    }
}

// MARK: - Files

extension PythonExport {
    /// The whole script: functions, one block per command, and the save of every matrix.
    var script: String {
        var out = "# nnstep session as numpy code: the course's functions, then one block per command.\n"
            + "# Run `python3 THIS.py OUT.npz` to save every matrix under nnstep's names, as `save OUT.npz` does.\n"
            + "# Needs numpy only" + (parts.contains(.files) ? " (and h5py to read .h5 files)" : "") + ".\n"
        out += PythonPrelude.text(parts)
        out += "# ---- the session ----\n\n" + Self.start + "\n\n"
        for block in blocks {
            out += block.text + "\n\n"
        }
        out += "if len(sys.argv) > 1:\n    save_session(S, sys.argv[1])\n"
        return out
    }
}

extension PythonExport.Block {
    /// The block as the script writes it: the command as a string, then its code.
    ///
    /// ```
    /// "nn> load \"data.npz\""
    /// load_into(S, "/home/me/data.npz")
    /// ```
    /// 1. The command is a string statement, not a `# nn>` comment: its text holds paths and
    ///    names from files, and a `\r` in a comment ends it and runs what follows (see
    ///    `PythonString`). A string statement does nothing when the script runs.
    var text: String {
        ([PythonString.literal("nn> " + command.description)] + code.map(\.text)).joined(separator: "\n")
    }
}

extension PythonExport.Line {
    /// The line as the script writes it.
    var text: String {
        switch self {
        case let .code(line): return line
        case let .matrix(key, m, oneLine): return key + " = " + NumpyText.matrix(m, oneLine: oneLine)
        case let .generator(random): return PythonExport.generatorState(random)
        case let .call(call): return call.text
        case let .stage(stage): return stage.text
        }
    }
}
