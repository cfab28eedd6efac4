import NNCore
import NNLanguage

/// `net`, `act`, `loss`, `seed`, `init`: building the network.
extension SessionState {
    /// `net 2 4:relu 3 1`: new layer sizes; parameters, caches and gradients
    /// are replaced (X, Y and the learner's own matrices stay).
    mutating func net(_ specs: [LayerSpec]) throws(SessionError) -> [Output] {
        guard specs.count >= 2 else {
            throw .invalidNumber(what: "net with", value: "\(specs.count) size",
                                 expected: "give n[0]…n[L], at least an input and an output size: `net 2 4 1`")
        }
        for (l, spec) in specs.enumerated() {
            if spec.units <= 0 {
                throw .invalidNumber(what: "n[\(l)] =", value: String(spec.units), expected: "a layer needs at least one unit")
            }
            if l == 0, spec.activation != nil {
                throw .invalidNumber(what: "an activation on", value: "n[0]",
                                     expected: "layer 0 is the input X and has no activation")
            }
        }
        let depth = specs.count - 1
        var acts: [Activation] = []
        for l in 1...depth {
            let g = specs[l].activation ?? (l == depth ? .sigmoid : .relu)
            if g == .softmax && l != depth { throw .softmaxHidden(layer: l, depth: depth) }
            if g == .softmax && specs[l].units == 1 { throw .softmaxOneUnit(layer: l) }
            acts.append(g)
        }
        for l in 1...depth { try checkSize(specs[l].units, specs[l - 1].units) }
        func replaced(_ name: MatrixName) -> Bool {
            if case let .layer(slot, l) = name { return !(slot == .A && l == 0) }
            return name == .J
        }
        try checkParameters(specs.map(\.units), beside: store.entries.reduce(0) { held, entry in
            replaced(entry.key) ? held : held + entry.value.matrix.count
        })

        store.removeAll(where: replaced)
        sizes = specs.map(\.units)
        activations = acts
        kinds = Array(repeating: .dense, count: acts.count)
        chosenLoss = nil
        for l in 1...depth {
            store.touch(.activation(l))
            store.set(.layer(.W, l), Matrix.zeros(sizes[l], sizes[l - 1]))
            store.set(.layer(.b, l), Matrix.zeros(sizes[l], 1))
        }
        store.touch(.loss)
        stage = .idle
        let restored = endWalk()
        resetOptimizerState()
        var out = restored + [layerTable()]
        out.append(.text("W and b are zero: type `init` (or `init he seed 1`) to draw W"))
        if let x = store[.X], x.rows != sizes[0] {
            out.append(.note("X has \(count(x.rows, "row")) but n[0] = \(sizes[0]): set X before `forward`"))
        }
        return out
    }

    /// Fails unless every W[l] of a network of `units`, and the optimiser's zero state beside
    /// them (momentum's and Adam's share one zero matrix per layer), fit the memory budget
    /// together beside `held` elements: each W alone was checked, but a deep net of wide
    /// layers could pass that and still not fit in memory.
    private func checkParameters(_ units: [Int], beside held: Int) throws(SessionError) {
        let copies = stages.optimizer.usesVelocity ? 2 : 1
        var total = 0
        for l in 1..<units.count {
            let sum = total.addingReportingOverflow(units[l] * (units[l - 1] + 1) * copies)   // each W[l] is within max-elements
            total = sum.overflow ? Int.max : sum.partialValue
        }
        if total > MemoryLimit.sessionElements - held {
            throw .parametersOverBudget(elements: total, optimizer: copies > 1 ? stages.optimizer.name : nil,
                                        held: held, budget: MemoryLimit.sessionElements)
        }
    }

    /// The table `net` prints: layer, units, activation, shapes of W and b; with a column
    /// for the kind, and each layer's own parameters, once a layer is not dense.
    func layerTable() -> Output {
        if (1...depth).contains(where: { !rule($0).parameters(units: 1, inputs: 1).contains { $0.name == "b" } }) {
            var rows = [["0", String(sizes[0]), "input X", "", "", ""]]
            for l in 1...depth {
                let params = rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).dropFirst()
                rows.append([String(l), String(sizes[l]), activation(l).name, l <= kinds.count ? kinds[l - 1].label : "dense",
                             "(\(sizes[l]), \(sizes[l - 1]))",
                             params.map { "\($0.name) (\($0.rows), \($0.cols))" }.joined(separator: ", ")])
            }
            return .table(header: ["layer", "units", "activation", "kind", "W shape", "other parameters"], rows: rows)
        }
        var rows = [["0", String(sizes[0]), "input X", "", ""]]
        for l in 1...depth {
            rows.append([String(l), String(sizes[l]), activation(l).name,
                         "(\(sizes[l]), \(sizes[l - 1]))", "(\(sizes[l]), 1)"])
        }
        return .table(header: ["layer", "units", "activation", "W shape", "b shape"], rows: rows)
    }

    /// `act L NAME`
    mutating func act(_ l: Int, _ g: Activation) throws(SessionError) -> [Output] {
        try requireNetwork(.act)
        try requireLayer(l)
        if g == .softmax && l != depth { throw .softmaxHidden(layer: l, depth: depth) }
        if g == .softmax && sizes[l] == 1 { throw .softmaxOneUnit(layer: l) }
        activations[l - 1] = g
        store.touch(.activation(l))
        if l == depth { store.touch(.loss) }
        var out: [Output] = [.text("layer \(l) now uses \(g.name)")]
        if l == depth && chosenLoss == nil {
            out.append(.text("the loss follows the output activation: \(loss.name)"))
        }
        return out
    }

    /// `loss bce|ce|mse`
    mutating func setLoss(_ choice: Loss) -> [Output] {
        chosenLoss = choice
        store.touch(.loss)
        return [.text("loss: \(choice.name) (\(choice.formula))")]
    }

    /// `seed N`, as `np.random.seed(N)`.
    mutating func seed(_ n: UInt32) -> [Output] {
        random.seed(n)
        return [.text("np.random.seed(\(n))")]
    }

    /// `init SCHEME [seed N]`: W[l] drawn for l = 1…L in order, b[l] = 0.
    mutating func initialize(_ scheme: InitScheme, seed: UInt32?) throws(SessionError) -> [Output] {
        try requireNetwork(.initialize)
        var out: [Output] = []
        if let seed { out += self.seed(seed) }
        // Drawn one parameter at a time into the store, in the order `Network.initialize` draws
        // them: no network of zeros beside the session's, so the peak is the old W and the new.
        for l in 1...depth {
            for p in rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]) {
                guard let slot = Slot(rawValue: p.name) else {
                    preconditionFailure("SessionState: the parameter \(p.name) of \(rule(l).name) has no slot")
                }
                store.set(.layer(slot, l), Network.initialParameter(p, scheme, random: &random))
            }
        }
        stage = .idle
        resetOptimizerState()
        out.append(.text("W[l] = \(scheme.formula), b[l] = zeros, for l = 1…\(depth)"))
        let normalised = (1...depth).filter { !rule($0).cacheNames.isEmpty }
        if !normalised.isEmpty {
            out.append(.text("on the batch-normalised layer" + (normalised.count == 1 ? " " : "s ")
                             + normalised.map(String.init).joined(separator: ", ") + ": gamma[l] = ones, beta[l] = zeros (no b[l])"))
        }
        if stages.optimizer.usesVelocity {
            out.append(.text("the \(stages.optimizer.name) state (vdW, vdb" + (stages.optimizer.usesSquares ? ", sdW, sdb, t" : "")
                             + ") is back at zeros"))
        }
        return out
    }
}

// MARK: - Wording of schemes and losses

extension InitScheme {
    var formula: String {
        switch self {
        case .small: return "randn(n[l], n[l−1]) * 0.01"
        case .xavier: return "randn(n[l], n[l−1]) / √n[l−1]"
        case .he: return "randn(n[l], n[l−1]) * √(2/n[l−1])"
        case .zeros: return "zeros(n[l], n[l−1])"
        }
    }
}

extension Loss {
    var formula: String {
        switch self {
        case .bce: return "J = −1/m·Σ(y·log a + (1−y)·log(1−a))"
        case .ce: return "J = −1/m·Σ y·log a"
        case .mse: return "J = 1/(2m)·Σ(a−y)²"
        }
    }
}
