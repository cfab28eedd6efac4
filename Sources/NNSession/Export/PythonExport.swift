import NNCore
import NNLanguage
import NNDatasets

/// A session as numpy code: the commands that built it (`save FILE.nnscript`'s), replayed
/// on a fresh state so that each is written with what it resolved to (which layer a bare
/// `forward` ran, what `AL` names), as calls of the course's functions.
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
    struct Block {
        var command: String
        var code: [String]
    }

    var blocks: [Block] = []
    /// The optional functions the blocks call.
    var parts: Set<PythonPrelude.Part> = []

    /// Replays `commands` on an empty state; `resolveInput` finds the files `load` read.
    init(replaying commands: [Command], resolveInput: @escaping (String) -> String) throws(SessionError) {
        var state = SessionState()
        var context = CommandContext(progress: nil, stream: nil, resolveInput: resolveInput)
        for command in commands {
            let before = state
            do {
                _ = try state.execute(command, &context)
            } catch {
                // A file `load` read may have changed or gone since.
                throw .unavailable("export replays the commands that built the session, and `\(command)` "
                                   + "fails now: \(error.message)")
            }
            guard command.buildsState else { continue }
            blocks.append(Block(command: command.description,
                                code: code(command, before: before, after: state, resolveInput: resolveInput)))
        }
    }
}

// MARK: - One command

extension PythonExport {
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
        case let .dataset(dataset):
            return datasetCode(dataset, before: before, after: after)
        case let .assign(target, expr):
            let resolved = (try? after.resolve(target)) ?? target
            return ["S[\(Self.quote(resolved))] = as_matrix(\(NumpyText.value(expr, name: name)))"]
        case let .assignElement(target, i, j, x):
            return ["S[\(Self.quote((try? after.resolve(target)) ?? target))][\(i), \(j)] = \(NumpyText.number(x))"]
        case let .forward(target):
            return forwardLayers(target, before).flatMap { forwardCode($0, before: before, after: after) }
        case .cost:
            return costCode(after)
        case let .backward(target):
            let layers = backwardLayers(target, before)
            var out: [String] = []
            if let first = layers.first, first == before.depth, before.store[.layer(.dA, first)] == nil,
               !before.usesSoftmaxShortcut {
                out += costCode(after)  // `backward L` runs `cost` first when dA[L] was never set
            }
            return out + layers.flatMap { backwardCode($0, after) }
        case let .step(alpha):
            if before.stages.optimizer != .gd {
                return ["optimizer_update(S, S, S, \(NumpyText.number(alpha)))"]
            }
            return ["update_parameters(S, S, \(NumpyText.number(alpha)))"]
        case let .dropout(dropout):
            guard let dropout else { return ["set_dropout(S, None)"] }
            parts.insert(.dropout)
            let layers = dropout.layers.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "None"
            return ["set_dropout(S, {\"keep\": \(NumpyText.number(dropout.keep)), \"layers\": \(layers), "
                    + "\"seed\": \(dropout.seed.map(String.init) ?? "None")})"]
        case let .minibatch(command):
            switch command {
            case .off:
                return ["end_walk(S)", "minibatch = None"]
            case .next:
                return ["minibatch_next(S)"]
            case let .on(batch):
                parts.insert(.minibatch)
                return ["end_walk(S)", "minibatch = {\"size\": \(batch.size), \"seed\": \(batch.seed)}"]
            }
        case let .decay(decay):
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
        case let .optimizer(optimizer):
            return ["set_optimizer(S, " + optimizerText(optimizer) + ")"]
        case let .train(n, alpha, every):
            return ["L_layer_model(S, \(n), \(NumpyText.number(alpha)), \(every ?? 100))"]
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
            var args = [PythonString.literal(resolveInput(path))]
            if let key { args.append(PythonString.literal(key)) }
            if let target { args.append("as_name=" + PythonString.literal(target.description)) }
            return ["load_into(S, " + args.joined(separator: ", ") + ")"]
        case let .regularize(lambda):
            if lambda != nil { parts.insert(.l2) }
            return ["lambd = " + (lambda.map(NumpyText.number) ?? "None")]
        case .reset:
            return ["forget_caches(S)"]
        case .resetDefault:
            return defaultCode(resolveInput: resolveInput)
        default:
            return ["pass  # nothing to compute"]
        }
    }

    /// `dataset NAME`: the arrays it set (X, Y and the test split), then numpy's generator
    /// put where nnstep's stands, since moons, circles and flower draw from it.
    private mutating func datasetCode(_ dataset: String, before: SessionState, after: SessionState) -> [String] {
        var out: [String] = []
        if dataset == "flower" {
            parts.insert(.flower)
            out.append("S[\"X\"], S[\"Y\"] = (np.array(v) for v in load_planar_dataset())")
        } else {
            for name in [MatrixName.X, .Y, SessionState.xTestName, SessionState.yTestName] {
                guard let m = after.store[name], before.store[name] != m || name == .X || name == .Y else { continue }
                out.append("S[\(Self.quote(name))] = " + NumpyText.matrix(m, oneLine: m.count <= 64))
            }
        }
        if after.random != before.random {
            out.append(Self.generatorState(after.random))
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

    /// `reset default`: a fresh session, then the commands that build the default one.
    private mutating func defaultCode(resolveInput: (String) -> String) -> [String] {
        var out = ["S.clear()", "lambd = None", "optimizer = {\"name\": \"gd\"}", "dropout = None", "minibatch = None", "walk = None",
                   "decay = None", Self.start]
        var state = SessionState()
        var context = CommandContext(resolveInput: { $0 })
        for command in SessionState.defaultScript {
            let before = state
            do {
                _ = try state.execute(command, &context)
            } catch {
                preconditionFailure("the default session's `\(command)` failed: \(error)")
            }
            out += code(command, before: before, after: state, resolveInput: resolveInput)
        }
        return out
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
        "S[\(quote((try? state.resolve(name)) ?? name))]"
    }

    static func quote(_ name: MatrixName) -> String { PythonString.literal(name.description) }

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

    private func forwardCode(_ l: Int, before: SessionState, after state: SessionState) -> [String] {
        let (a, z) = (Self.quote(.layer(.A, l)), Self.quote(.layer(.Z, l)))
        var out = ["S[\(a)], (_, S[\(z)]) = linear_activation_forward(\(Self.key(.layer(.A, l - 1), in: state)), "
                   + "S[\"W\(l)\"], S[\"b\(l)\"], \"\(state.activation(l).name)\")"]
        let rule = state.rule(l)
        if !rule.cacheNames.isEmpty {
            // A kind with caches: its forward function (batchnorm_forward), then g on its pre-activation.
            let outputs = (["Z"] + rule.cacheNames).map { "S[\"\($0)\(l)\"]" }.joined(separator: ", ")
            let params = rule.parameters(units: state.sizes[l], inputs: state.sizes[l - 1]).map { "S[\"\($0.name)\(l)\"]" }
            out = ["\(outputs) = \(rule.name)_forward(\(Self.key(.layer(.A, l - 1), in: state)), "
                   + params.joined(separator: ", ") + ", kinds[\(l)])",
                   "S[\(a)], _ = FORWARD[\"\(state.activation(l).name)\"](S[\"\(rule.preActivationName)\(l)\"])"]
        }
        guard let dropout = state.stages.dropout else { return out }
        if l == 1, let seed = dropout.seed {
            out.append("np.random.seed(\(seed))  # dropout seeds every forward pass at layer 1")
        }
        guard dropout.applies(to: l, depth: state.depth) else { return out }
        let d = Self.quote(.layer(.D, l)), keep = NumpyText.number(dropout.keep)
        // A mask the learner set is kept; one a forward pass drew is drawn again.
        if before.store.entry(.layer(.D, l)).map({ $0.producer != nil }) ?? true {
            out.append("S[\(d)] = (np.random.rand(*S[\(a)].shape) < \(keep)).astype(float)")
        }
        out.append("S[\(a)] = S[\(a)] * S[\(d)] / \(keep)")
        return out
    }

    private func costCode(_ state: SessionState) -> [String] {
        let L = state.depth
        let cost = state.stages.lambda == nil
            ? "compute_cost(S[\"A\(L)\"], S[\"Y\"], loss)"
            : "compute_cost_with_regularization(S[\"A\(L)\"], S[\"Y\"], S, lambd, loss)"
        return ["S[\"J\"] = np.array([[\(cost)]])",
                "S[\"dA\(L)\"] = cost_gradient(S[\"A\(L)\"], S[\"Y\"], loss)"]
    }

    private func backwardCode(_ l: Int, _ state: SessionState) -> [String] {
        let g = state.activation(l)
        let rule = state.rule(l)
        if !rule.cacheNames.isEmpty { return backwardKindCode(l, state, rule) }
        let dZ: String
        if l == state.depth && state.usesSoftmaxShortcut {
            dZ = "softmax_ce_backward(S[\"A\(l)\"], S[\"Y\"])"
        } else if l == state.depth && state.usesSaturationFallback {
            dZ = "sigmoid_bce_backward(S[\"dA\(l)\"], S[\"Z\(l)\"], S.get(\"A\(l)\"), S.get(\"Y\"))"
        } else if g == .linear {
            dZ = "S[\"dA\(l)\"].copy()"
        } else if let dropout = state.stages.dropout, dropout.applies(to: l, depth: state.depth) {
            dZ = "\(g.name)_backward(S[\"dA\(l)\"] * S[\"D\(l)\"] / \(NumpyText.number(dropout.keep)), S[\"Z\(l)\"])"
        } else {
            dZ = "\(g.name)_backward(S[\"dA\(l)\"], S[\"Z\(l)\"])"
        }
        let prev = Self.key(.layer(.A, l - 1), in: state)
        var out = ["S[\"dZ\(l)\"] = " + dZ,
                   "S[\(Self.quote(.layer(.dA, l - 1)))], S[\"dW\(l)\"], S[\"db\(l)\"] = "
                   + "linear_backward(S[\"dZ\(l)\"], (\(prev), S[\"W\(l)\"], S[\"b\(l)\"]))"]
        if state.stages.lambda != nil {
            out.append("S[\"dW\(l)\"] = S[\"dW\(l)\"] + (lambd / S[\"dZ\(l)\"].shape[1]) * S[\"W\(l)\"]  # L2")
        }
        return out
    }
}

// MARK: - A kind with caches

extension PythonExport {
    /// dZt from upstream as a dense layer's dZ (with Zt for Z), then the kind's backward function
    /// (batchnorm_backward) for dZn, dZ, dW, dgamma, dbeta and dA[l−1], and L2 on dW.
    private func backwardKindCode(_ l: Int, _ state: SessionState, _ rule: any LayerRule) -> [String] {
        let g = state.activation(l)
        let p = rule.preActivationName, dP = "d" + rule.preActivationName
        let upstream: String
        if l == state.depth && state.usesSoftmaxShortcut {
            upstream = "softmax_ce_backward(S[\"A\(l)\"], S[\"Y\"])"
        } else if l == state.depth && state.usesSaturationFallback {
            upstream = "sigmoid_bce_backward(S[\"dA\(l)\"], S[\"\(p)\(l)\"], S.get(\"A\(l)\"), S.get(\"Y\"))"
        } else if g == .linear {
            upstream = "S[\"dA\(l)\"].copy()"
        } else if let dropout = state.stages.dropout, dropout.applies(to: l, depth: state.depth) {
            upstream = "\(g.name)_backward(S[\"dA\(l)\"] * S[\"D\(l)\"] / \(NumpyText.number(dropout.keep)), S[\"\(p)\(l)\"])"
        } else {
            upstream = "\(g.name)_backward(S[\"dA\(l)\"], S[\"\(p)\(l)\"])"
        }
        let prev = Self.key(.layer(.A, l - 1), in: state)
        let specs = rule.parameters(units: state.sizes[l], inputs: state.sizes[l - 1])
        let outputs = ["S[\"dZn\(l)\"]", "S[\"dZ\(l)\"]"] + specs.map { "S[\"\($0.gradientName)\(l)\"]" }
            + ["S[\(Self.quote(.layer(.dA, l - 1)))]"]
        var out = ["S[\"\(dP)\(l)\"] = " + upstream,
                   outputs.joined(separator: ", ") + " = \(rule.name)_backward(S[\"\(dP)\(l)\"], S[\"W\(l)\"], "
                   + "S[\"gamma\(l)\"], \(prev), S[\"Zn\(l)\"], S[\"var\(l)\"], kinds[\(l)])"]
        if state.stages.lambda != nil {
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
        ([PythonString.literal("nn> " + command)] + code).joined(separator: "\n")
    }
}
