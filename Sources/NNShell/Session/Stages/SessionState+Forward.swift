import NNCore

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

    /// Computes Z[l] and A[l] from W[l], b[l] and A[l−1].
    mutating func forwardLayer(_ l: Int) throws(SessionError) -> [Output] {
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
        let z = Propagation.linearForward(w: w, aPrev: aPrev, b: b)
        let a = g.forward(z)
        store.set(.layer(.Z, l), z, from: [.matrix(.layer(.W, l)), .matrix(.layer(.b, l)), .matrix(prevName)],
                  by: producer)
        store.set(.layer(.A, l), a, from: [.matrix(.layer(.Z, l)), .activation(l)], by: producer)
        stage = .forward(l)
        var out: [Output] = [
            .heading("forward layer \(l) (\(g.name))"),
            .formula("\(formula): \(w.shapeText)·\(aPrev.shapeText) + \(b.shapeText) → \(z.shapeText)"),
            .formula("A\(l) = \(g.name)(Z\(l))" + (l == depth ? "   (ŷ = AL)" : "")),
        ]
        out += shown(.layer(.Z, l))
        out += shown(.layer(.A, l))
        out += nonFiniteNote([.layer(.Z, l), .layer(.A, l)], inputs: [.layer(.W, l), .layer(.b, l), prevName])
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
