import NNCore
import NNLanguage

/// Where `minibatch next` stands in an epoch walked by hand: the full data set it
/// put aside, and the epoch's permutation.
struct MiniBatchWalk: Equatable, Sendable {
    var x: Matrix, y: Matrix
    var epoch: Int
    /// The batch the next `minibatch next` takes.
    var batch: Int
    var permutation: [Int]
}

/// `regularize`, `dropout`, `optimizer`, `minibatch` and `decay`: the stages beyond the lecture's loop.
extension SessionState {
    // MARK: - regularize

    /// `regularize l2 λ` / `regularize off`: J and dW gain (or lose) the L2 terms.
    ///
    /// ```
    /// J = cross-entropy + λ/(2m)·Σl ‖W[l]‖²      dW[l] += (λ/m)·W[l]
    /// ```
    mutating func regularize(_ lambda: Double?) -> [Output] {
        stages.lambda = lambda
        // J, dA[L] and every gradient below it come from the cost, which changed.
        store.touch(.loss)
        guard let lambda else { return [.text("L2 regularisation off: J is the cross-entropy alone")] }
        return [.text("L2 regularisation with λ = \(lambda)"),
                .formula("J = cross-entropy + λ/(2m)·Σl ‖W[l]‖²   (the course's compute_cost_with_regularization)"),
                .formula("dW[l] = 1/m · dZ[l]·A[l−1]ᵀ + (λ/m)·W[l];  db[l] unchanged")]
    }

    // MARK: - dropout

    /// `dropout KEEP [layers L…] [seed N]` / `dropout off`.
    mutating func setDropout(_ dropout: Dropout?) throws(SessionError) -> [Output] {
        if let dropout, hasNetwork {
            for l in dropout.layers ?? [] where l < 1 || l >= depth {
                throw .invalidNumber(what: "dropout on layer", value: String(l),
                                     expected: depth > 1
                                         ? "name hidden layers 1…\(depth - 1); the output layer \(depth) never drops units"
                                         : "this network has no hidden layer, and the output layer never drops units")
            }
        }
        stages.dropout = dropout
        store.removeAll { if case .layer(.D, _) = $0 { return true } else { return false } }
        for l in 1...max(1, depth) where hasNetwork { store.touch(.activation(l)) }
        guard let dropout else { return [.text("dropout off: forward keeps every unit")] }
        let layers = hasNetwork ? (1..<depth).filter { dropout.applies(to: $0, depth: depth) } : (dropout.layers ?? [])
        var out: [Output] = [
            .text("dropout with keep_prob = \(dropout.keep) on "
                  + (layers.isEmpty ? "no layer (the network has no hidden layer)"
                     : "layer" + (layers.count == 1 ? " " : "s ") + layers.map(String.init).joined(separator: ", "))),
            .formula("forward:  D[l] = np.random.rand(n[l], m) < keep_prob;  A[l] = A[l]·D[l] / keep_prob"),
            .formula("backward: dA[l] = dA[l]·D[l] / keep_prob, before dZ[l] = dA[l] ⊙ g′(Z[l])"),
        ]
        if let seed = dropout.seed {
            out.append(.text("every forward pass from layer 1 first runs np.random.seed(\(seed)), as the course's "
                             + "forward_propagation_with_dropout does"))
        }
        out.append(.text("predict, accuracy and gradcheck run without dropout"))
        return out
    }

    // MARK: - optimizer

    /// `optimizer gd|momentum|adam …`: `step` and `train` update with it; its state starts at zeros.
    mutating func setOptimizer(_ optimizer: Optimizer) -> [Output] {
        if stages.optimizer.usesSquares { store.remove(.adamCounter) }
        stages.optimizer = optimizer
        resetOptimizerState()
        var out: [Output] = [.text("optimizer: \(optimizer.summary)")]
        out += optimizer.formulas.map { .formula($0) }
        if optimizer.usesVelocity && hasNetwork {
            out.append(.text("vdW[l], vdb[l]" + (optimizer.usesSquares ? ", sdW[l], sdb[l] and t" : "")
                             + " start at zeros (the course's initialize_"
                             + (optimizer.usesSquares ? "adam" : "velocity") + "); `net` and `init` reset them"))
        }
        return out
    }

    /// The optimiser's state back at zeros (or gone, for gd), as `net` and `init` leave it.
    ///
    /// A vdW[l] or sdW[l] that is already zeros of W[l]'s shape (after `net`, before `init`) is
    /// kept and shared rather than made again, so `init` with momentum or Adam does not hold two
    /// zero states beside the old and the new W.
    mutating func resetOptimizerState() {
        let zeros: [Int: Matrix] = hasNetwork ? (1...depth).reduce(into: [:]) { found, l in
            for slot in [Slot.vdW, .sdW] {
                if let m = store[.layer(slot, l)], m.rows == sizes[l], m.cols == sizes[l - 1],
                   m.storage.allSatisfy({ $0.bitPattern == 0 }) {
                    found[l] = m
                }
            }
        } : [:]
        store.removeAll { name in
            if case let .layer(slot, _) = name { return slot.isOptimizerState }
            return false
        }
        let optimizer = stages.optimizer
        // gd keeps no state: nothing of W's size is made for it
        guard hasNetwork, optimizer.usesVelocity || optimizer.usesSquares else { return }
        for l in 1...depth {
            let params = rule(l).parameters(units: sizes[l], inputs: sizes[l - 1])
            let zero = params.map { p in p.name == "W" ? zeros[l] ?? Matrix.zeros(p.rows, p.cols) : Matrix.zeros(p.rows, p.cols) }
            for prefix in ["v", "s"] where prefix == "v" ? optimizer.usesVelocity : optimizer.usesSquares {
                for (k, p) in params.enumerated() { store.set(.layer(Self.stateSlot(prefix, p), l), zero[k]) }
            }
        }
        if optimizer.usesSquares { store.set(.adamCounter, Matrix(scalar: 0)) }
    }

    /// vdθ or sdθ of parameter θ: `vdW`, `sdgamma`.
    static func stateSlot(_ prefix: String, _ p: LayerParameter) -> Slot {
        guard let slot = Slot(rawValue: prefix + p.gradientName) else {
            preconditionFailure("SessionState: the optimiser state \(prefix + p.gradientName) has no slot")
        }
        return slot
    }

    /// The optimiser's state as the session holds it (missing matrices are zeros).
    func optimizerState() throws(SessionError) -> OptimizerState {
        var state = OptimizerState(zerosFor: coreNetwork())
        guard stages.optimizer.usesVelocity else { return state }
        for l in 1...depth {
            for (k, p) in rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).enumerated() {
                for squares in [false, true] {
                    let slot = Self.stateSlot(squares ? "s" : "v", p)
                    let shape = squares ? state.s[l - 1][k] : state.v[l - 1][k]
                    guard let m = store[.layer(slot, l)] else { continue }
                    guard m.hasSameShape(as: shape) else {
                        throw .shapes(stage: "step (\(stages.optimizer.name))",
                                      detail: "\(slot.rawValue)\(l) is \(m.numpyShape) but must be \(shape.numpyShape); "
                                          + "`optimizer \(stages.optimizer.name)` sets it back to zeros")
                    }
                    if squares { state.s[l - 1][k] = m } else { state.v[l - 1][k] = m }
                }
            }
        }
        if stages.optimizer.usesSquares, let t = store[.adamCounter] {
            guard t.count == 1, let n = Int(exactly: t.storage[0]), n >= 0 else {
                throw .invalidNumber(what: "Adam's counter t =", value: t.count == 1 ? String(t.storage[0]) : t.numpyShape,
                                     expected: "a whole number ≥ 0 (1×1), the steps taken so far: `t = 0` starts again")
            }
            state.t = n
        }
        return state
    }

    /// Writes the optimiser's state into vdW[l] … and t.
    mutating func storeOptimizerState(_ state: OptimizerState) {
        guard stages.optimizer.usesVelocity else { return }
        for l in 1...depth {
            let params = rule(l).parameters(units: sizes[l], inputs: sizes[l - 1])
            for (k, p) in params.enumerated() { store.set(.layer(Self.stateSlot("v", p), l), state.v[l - 1][k]) }
            guard stages.optimizer.usesSquares else { continue }
            for (k, p) in params.enumerated() { store.set(.layer(Self.stateSlot("s", p), l), state.s[l - 1][k]) }
        }
        if stages.optimizer.usesSquares { store.set(.adamCounter, Matrix(scalar: Double(state.t))) }
    }

    // MARK: - decay

    /// `decay inverse RATE`, `decay scheduled RATE [interval K]`, `decay off`.
    mutating func setDecay(_ decay: LearningRateDecay?) -> [Output] {
        stages.decay = decay
        guard let decay else { return [.text("learning-rate decay off: train keeps α")] }
        return [.text("learning-rate decay: \(decay.name)"), .formula("after epoch i: " + decay.formula),
                .text("`train` prints the rate when it changes")]
    }

    /// The settings `show` lists.
    var stageSummary: [String] {
        var lines: [String] = []
        lines.append("regularisation: " + (stages.lambda.map { "L2, λ = \($0)" } ?? "off"))
        if let d = stages.dropout {
            let layers = hasNetwork ? (1..<max(1, depth)).filter { d.applies(to: $0, depth: depth) } : []
            lines.append("dropout: keep_prob = \(d.keep) on layers " + layers.map(String.init).joined(separator: ", ")
                         + (d.seed.map { ", seed \($0) before each forward pass" } ?? ""))
        } else {
            lines.append("dropout: off")
        }
        var optimizer = "optimizer: \(stages.optimizer.summary)"
        if stages.optimizer.usesSquares, let t = store[.adamCounter], t.count == 1 { optimizer += ", t = \(Int(t.storage[0]))" }
        lines.append(optimizer)
        if let batch = stages.miniBatch {
            var text = "mini-batches: \(batch.size) examples, epoch i seeded with \(batch.seed) + 1 + i"
            if let walk = miniBatchWalk {
                text += "; walking epoch \(walk.epoch), next batch \(walk.batch + 1) of \(batch.batchCount(walk.x.cols))"
            }
            lines.append(text)
        } else {
            lines.append("mini-batches: off (full batch)")
        }
        lines.append("decay: " + (stages.decay.map { "\($0.name), α = \($0.formula)" } ?? "off"))
        return lines
    }
}

extension MatrixName {
    /// Adam's step counter `t` (1×1), a name of the learner's own namespace.
    static let adamCounter = MatrixName.user("t")
}

// MARK: - Wording

extension Optimizer {
    var summary: String {
        switch self {
        case .gd: return "gd (W ← W − α·dW)"
        case let .momentum(beta): return "momentum, β = \(beta)"
        case let .adam(b1, b2, eps): return "adam, β1 = \(b1), β2 = \(b2), ε = \(eps)"
        }
    }

    var formulas: [String] {
        switch self {
        case .gd: return ["W[l] ← W[l] − α·dW[l],  b[l] ← b[l] − α·db[l]"]
        case .momentum:
            return ["vdW[l] = β·vdW[l] + (1−β)·dW[l];  W[l] ← W[l] − α·vdW[l]   (the same for b)"]
        case .adam:
            return ["t ← t + 1",
                    "vdW[l] = β1·vdW[l] + (1−β1)·dW[l];   v̂ = vdW[l] / (1 − β1^t)",
                    "sdW[l] = β2·sdW[l] + (1−β2)·dW[l]²;  ŝ = sdW[l] / (1 − β2^t)",
                    "W[l] ← W[l] − α·v̂ / (√ŝ + ε)   (the same for b)"]
        }
    }
}

extension LearningRateDecay {
    var formula: String {
        switch self {
        case let .inverse(rate): return "α0 / (1 + \(rate)·i)   (the course's update_lr)"
        case let .scheduled(rate, k): return "α0 / (1 + \(rate)·⌊i / \(k)⌋)   (the course's schedule_lr_decay)"
        }
    }
}
