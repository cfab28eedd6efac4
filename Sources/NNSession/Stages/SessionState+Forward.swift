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
        try requireNetwork(.forward)
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
    mutating func forwardDropout(_ l: Int, _ a: inout Matrix, _ aFrom: inout [ValueStore.Key]) throws(SessionError) -> [Output] {
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
