import NNCore
import NNLanguage

/// `forward`: one layer of forward propagation at a time.
///
/// ```
/// Z[l] = W[l]·A[l−1] + b[l]
/// A[l] = g[l](Z[l])            A[0] = X
/// ```
extension SessionState {
    mutating func forward(_ target: StageTarget) throws(SessionError) -> [Output] {
        try requireNetwork("forward")
        switch target {
        case let .layer(l):
            try requireLayer(l)
            return try forwardLayer(l)
        case .next:
            guard let l = nextForwardLayer else { throw .forwardComplete(depth: depth) }
            return try forwardLayer(l)
        case .all:
            guard let first = nextForwardLayer else { throw .forwardComplete(depth: depth) }
            var out: [Output] = []
            for l in first...depth { out += try forwardLayer(l) }
            return out
        }
    }

    /// The first layer whose Z or A is missing or stale.
    var nextForwardLayer: Int? {
        (1...max(1, depth)).first { l in
            hasNetwork && !(store.isCurrent(.layer(.Z, l)) && store.isCurrent(.layer(.A, l)))
        }
    }

    /// Computes Z[l] and A[l] from W[l], b[l] and A[l−1] (and, for a kind with caches such as
    /// batchnorm, its caches between them: μ, σ², Zn and Zt).
    mutating func forwardLayer(_ l: Int) throws(SessionError) -> [Output] {
        let rule = rule(l)
        guard rule.cacheNames.isEmpty else { return try forwardKindLayer(l, rule) }
        let w = try value(.layer(.W, l)), b = try value(.layer(.b, l))
        let prevName = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prevName)
        let producer = Stage.forward(l)
        let formula = "Z\(l) = W\(l)·\(prevName) + b\(l)"
        guard w.cols == aPrev.rows else {
            throw .shapes(stage: formula, detail: "W\(l) is \(w.numpyShape) but \(prevName) has \(count(aPrev.rows, "row")); "
                          + "W[\(l)] is n[\(l)]×n[\(l - 1)], so \(prevName) needs n[\(l - 1)] = \(w.cols) rows")
        }
        guard b.rows == w.rows, b.cols == 1 else {
            throw .shapes(stage: formula, detail: "b\(l) is \(b.numpyShape) but must be (\(w.rows), 1)")
        }
        try checkSize(w.rows, aPrev.cols)
        let g = activation(l)
        let step = rule.forward(try layerParameters(l), aPrev: aPrev)
        let z = step.z
        var a = g.forward(step.preActivation)
        var out: [Output] = []
        var aFrom: [ValueStore.Key] = [.matrix(.layer(.Z, l)), .activation(l)]
        out += try forwardDropout(l, &a, &aFrom)
        store.set(.layer(.Z, l), z, from: [.matrix(.layer(.W, l)), .matrix(.layer(.b, l)), .matrix(prevName)],
                  by: producer)
        store.set(.layer(.A, l), a, from: aFrom, by: producer)
        stage = .forward(l)
        out = [
            .heading("forward layer \(l) (\(g.name))"),
            .formula("\(formula): \(w.shapeText)·\(aPrev.shapeText) + \(b.shapeText) → \(z.shapeText)"),
            .formula("A\(l) = \(g.name)(Z\(l))" + (l == depth ? "   (ŷ = AL)" : "")),
        ] + out
        out += shown(.layer(.Z, l))
        if store[.layer(.D, l)] != nil && aFrom.count == 3 { out += shown(.layer(.D, l)) }
        out += shown(.layer(.A, l))
        out += nonFiniteNote([.layer(.Z, l), .layer(.A, l)], inputs: [.layer(.W, l), .layer(.b, l), prevName])
        return out
    }

    /// Dropout at layer l after g: seeds at layer 1 when asked, draws (or takes) D[l] and scales A[l].
    private mutating func forwardDropout(_ l: Int, _ a: inout Matrix, _ aFrom: inout [ValueStore.Key]) throws(SessionError) -> [Output] {
        var out: [Output] = []
        if l == 1, let seed = stages.dropout?.seed {
            random.seed(seed)
            out.append(.formula("np.random.seed(\(seed))   (dropout seeds every forward pass at layer 1)"))
        }
        if let dropout = stages.dropout, dropout.applies(to: l, depth: depth) {
            out += try dropoutMask(l, dropout, rows: a.rows, cols: a.cols)
            a = dropout.apply(a, mask: store[.layer(.D, l)] ?? Matrix.zeros(a.rows, a.cols))
            aFrom.append(.matrix(.layer(.D, l)))
        }
        return out
    }

    /// Forward through a layer whose kind keeps caches between Z[l] and A[l] (batchnorm's μ, σ²,
    /// Zn, Zt), printing the kind's equations: each cache is stored with what it came from.
    private mutating func forwardKindLayer(_ l: Int, _ rule: any LayerRule) throws(SessionError) -> [Output] {
        let specs = rule.parameters(units: sizes[l], inputs: sizes[l - 1])
        let params = try layerParameters(l)
        let prevName = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prevName)
        let producer = Stage.forward(l)
        for (p, m) in zip(specs, params) where m.rows != p.rows || (p.start != .drawn && m.cols != p.cols) {
            throw .shapes(stage: "forward \(l)", detail: "\(p.name)\(l) is \(m.numpyShape) but must be (\(p.rows), \(p.cols))")
        }
        guard params[0].cols == aPrev.rows else {
            throw .shapes(stage: "Z\(l) = W\(l)·\(prevName)",
                          detail: "W\(l) is \(params[0].numpyShape) but \(prevName) has \(count(aPrev.rows, "row")); "
                          + "W[\(l)] is n[\(l)]×n[\(l - 1)], so \(prevName) needs n[\(l - 1)] = \(params[0].cols) rows")
        }
        try checkSize(sizes[l], aPrev.cols)
        try checkCaches(examples: aPrev.cols, copies: 2 + rule.cacheNames.count)
        let g = activation(l)
        let step = rule.forward(params, aPrev: aPrev)
        var a = g.forward(step.preActivation)
        var aFrom: [ValueStore.Key] = [.matrix(.layer(Self.slot(rule.preActivationName), l)), .activation(l)]
        let dropout = try forwardDropout(l, &a, &aFrom)
        let zName = MatrixName.layer(.Z, l)
        store.set(zName, step.z, from: [.matrix(.layer(.W, l)), .matrix(prevName)], by: producer)
        // 1. Every cache comes from Z[l] and the kind's settings (ε, kept with the activation's key);
        //    the pre-activation (Zt) also from the kind's own parameters (γ, β).
        let own: [ValueStore.Key] = specs.dropFirst().map { .matrix(.layer(Self.slot($0.name), l)) }
        var names: [MatrixName] = [zName]
        for (name, m) in zip(rule.cacheNames, step.caches) {
            let cacheFrom: [ValueStore.Key] = [.matrix(zName), .activation(l)] + (name == rule.preActivationName ? own : [])
            store.set(.layer(Self.slot(name), l), m, from: cacheFrom, by: producer)
            names.append(.layer(Self.slot(name), l))
        }
        store.set(.layer(.A, l), a, from: aFrom, by: producer)
        stage = .forward(l)
        var out: [Output] = [.heading("forward layer \(l) (\(g.name), \(kinds[l - 1].label))")]
        out += equations(rule.equations.forward, l).map { .formula($0) }
        out[out.count - 1] = .formula(equations([rule.equations.forward.last ?? ""], l)[0] + (l == depth ? "   (ŷ = AL)" : ""))
        out += dropout
        for name in names { out += shown(name) }
        if store[.layer(.D, l)] != nil && aFrom.count == 3 { out += shown(.layer(.D, l)) }
        out += shown(.layer(.A, l))
        out += nonFiniteNote(names + [.layer(.A, l)], inputs: specs.map { .layer(Self.slot($0.name), l) } + [prevName])
        return out
    }

    /// The slot a kind's name stands for.
    static func slot(_ name: String) -> Slot {
        guard let slot = Slot(rawValue: name) else { preconditionFailure("SessionState: the name \(name) has no slot") }
        return slot
    }

    /// A kind's equations for layer l: `Z[l] = W[l]·A[l−1]` → `Z2 = W2·A1`, `g[l]` → the activation's name.
    func equations(_ lines: [String], _ l: Int) -> [String] {
        let g = activation(l).name
        let prev = MatrixName.layer(.A, l - 1).description
        return lines.map { line in
            line.replacing("A[l−1]ᵀ", with: prev + "ᵀ").replacing("A[l−1]", with: prev)
                .replacing("g′[l]", with: g + "′").replacing("g[l]", with: g)
                .replacing("[l−1]", with: String(l - 1)).replacing("[l]", with: String(l))
        }
    }

    /// D[l] for dropout at layer l: drawn, or the one set by hand.
    ///
    /// ```
    /// D[l] = np.random.rand(n[l], m) < keep_prob
    /// A[l] = A[l]·D[l] / keep_prob
    /// ```
    private mutating func dropoutMask(_ l: Int, _ dropout: Dropout, rows: Int, cols: Int) throws(SessionError) -> [Output] {
        let name = MatrixName.layer(.D, l)
        var out: [Output] = []
        if let mine = store.entry(name), mine.producer == nil {
            guard mine.matrix.rows == rows, mine.matrix.cols == cols else {
                throw .shapes(stage: "A\(l) = A\(l)·D\(l) / keep_prob",
                              detail: "D\(l) is \(mine.matrix.numpyShape) but A\(l) is (\(rows), \(cols)); "
                                  + "`dropout \(dropout.keep)` forgets it, so forward draws D\(l) again")
            }
            out.append(.formula("A\(l) = A\(l)·D\(l) / \(dropout.keep)   (D\(l) as you set it; dropout keep_prob = \(dropout.keep))"))
            return out
        }
        let mask = dropout.mask(rows, cols, random: &random)
        store.set(name, mask, from: [], by: .forward(l))
        out.append(.formula("D\(l) = np.random.rand(\(rows), \(cols)) < \(dropout.keep);  A\(l) = A\(l)·D\(l) / \(dropout.keep)"))
        return out
    }

    /// A matrix as a stage prints it, marking it as seen.
    mutating func shown(_ name: MatrixName, label: String? = nil) -> [Output] {
        guard let m = store[name] else { return [] }
        // Left out, and so still unseen: a later `show` marks it changed as it should.
        if case let .layer(slot, _) = name, hidden.contains(slot) { return [] }
        let changed = store.changedSinceShown(name)
        store.markShown(name)
        return [.matrix(MatrixOutput(name: name.description, matrix: m,
                                     staleReason: store.staleReason(name), changed: changed, label: label))]
    }
}
