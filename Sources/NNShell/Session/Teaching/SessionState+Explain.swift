import NNCore
import NumpyPrint

/// `explain`: a stage's equations with this session's shapes, and one element
/// worked out with its numbers.
extension SessionState {
    mutating func explain(_ target: ExplainTarget) throws(SessionError) -> [Output] {
        try requireNetwork("explain")
        switch target {
        case let .forward(l):
            try requireLayer(l)
            let (i, j) = largestElement(.layer(.Z, l))
            return try explainForward(l, i, j)
        case let .backward(l):
            try requireLayer(l)
            let (i, j) = largestElement(.layer(.dW, l))
            return try explainBackward(l, row: i, prevRow: j, example: 0)
        case .cost:
            return try explainCost(0, 0)
        case let .name(raw, row, col):
            let name = try resolve(raw)
            let (bi, bj) = largestElement(name)
            let i = row ?? bi, j = col ?? bj
            if let m = store[name], i >= m.rows || j >= m.cols || i < 0 || j < 0 {
                throw .elementOutOfRange(name: name.description, row: i, col: j, shape: m.numpyShape)
            }
            switch name {
            case let .layer(slot, l) where (slot == .Z || slot == .A) && l > 0: return try explainForward(l, i, j)
            case let .layer(.dZ, l): return try explainBackward(l, row: i, prevRow: 0, example: j)
            case let .layer(.dW, l): return try explainBackward(l, row: i, prevRow: j, example: 0)
            case let .layer(.db, l): return try explainBackward(l, row: i, prevRow: 0, example: 0)
            case let .layer(.dA, l) where l < depth: return try explainBackward(l + 1, row: 0, prevRow: i, example: j)
            case .layer(.dA, _), .J: return try explainCost(i, j)
            case let .layer(.W, l), let .layer(.b, l):
                let p = name.description.prefix(1)
                return [.heading("\(name) is a parameter of layer \(l)"),
                        .formula("set by `init` (or by hand); `step α` updates it: \(p)\(l) ← \(p)\(l) − α·d\(p)\(l)"),
                        .formula("it enters forward at Z\(l) = W\(l)·\(MatrixName.layer(.A, l - 1)) + b\(l): type `explain forward \(l)`")]
            case let .layer(slot, l) where slot == .D || slot.isOptimizerState:
                return explainStageValue(slot, l, i, j)
            case .adamCounter where stages.optimizer.usesSquares:
                return explainStageValue(.sdW, 0, 0, 0)
            default:
                return [.text("\(name) is an input or a matrix of your own: no stage computes it")]
            }
        }
    }

    private func explainForward(_ l: Int, _ i: Int, _ j: Int) throws(SessionError) -> [Output] {
        let w = try value(.layer(.W, l), current: false), b = try value(.layer(.b, l), current: false)
        let prev = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prev, current: false)
        guard w.cols == aPrev.rows, i < w.rows, j < aPrev.cols else {
            throw .shapes(stage: "explain forward \(l)", detail: "W\(l) is \(w.numpyShape) and \(prev) is \(aPrev.numpyShape)")
        }
        let g = activation(l)
        let terms = (0..<w.cols).map { k in (w[i, k], aPrev[k, j]) }
        var z = 0.0
        for (x, y) in terms { z += x * y }
        z += b[i, 0]
        let a = g.forward(Matrix(scalar: z))[0, 0]
        return [
            .heading("explain forward \(l) (\(g.name))"),
            .formula("Z[\(l)] = W[\(l)]·A[\(l - 1)] + b[\(l)]: \(w.shapeText)·\(aPrev.shapeText) + \(b.shapeText) → (\(w.rows)×\(aPrev.cols))"),
            .formula("A[\(l)] = \(g.name)(Z[\(l)])"),
            .formula("Z\(l)[\(i),\(j)] = Σₖ W\(l)[\(i),k]·\(prev)[k,\(j)] + b\(l)[\(i),0] = "
                     + "(\(products(terms))) + \(short(b[i, 0])) = \(short(z))"),
            .formula("A\(l)[\(i),\(j)] = \(g.name)(\(short(z))) = \(short(a))"),
        ] + dropoutForwardNote(l, i, j, a)
    }

    /// Works out dZ[l][row, example], dW[l][row, prevRow], db[l][row, 0] and dA[l−1][prevRow, example].
    private func explainBackward(_ l: Int, row i: Int, prevRow j: Int, example e: Int) throws(SessionError) -> [Output] {
        let g = activation(l)
        var out: [Output] = [
            .heading("explain backward \(l) (\(g.name))"),
            .formula("dZ[\(l)] = dA[\(l)] ⊙ g′(Z[\(l)])"),
            .formula("dW[\(l)] = 1/m · dZ[\(l)]·A[\(l - 1)]ᵀ"),
            .formula("db[\(l)] = 1/m · np.sum(dZ[\(l)], axis=1, keepdims=True)"),
            .formula("dA[\(l - 1)] = W[\(l)]ᵀ·dZ[\(l)]"),
        ]
        guard let dZ = store[.layer(.dZ, l)] else {
            out.append(.text("run `backward \(l)` to see these with numbers"))
            return out
        }
        let prev = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prev, current: false), w = try value(.layer(.W, l), current: false)
        let m = dZ.cols
        let r = min(i, dZ.rows - 1), c = min(j, aPrev.rows - 1), k0 = min(e, m - 1)
        if var dA = store[.layer(.dA, l)], let z = store[.layer(.Z, l)], dA.hasSameShape(as: z), dZ.hasSameShape(as: z),
           !usesSoftmaxShortcut || l < depth {
            var used = "dA\(l)"
            if let dropout = stages.dropout, dropout.applies(to: l, depth: depth),
               let mask = store[.layer(.D, l)], mask.hasSameShape(as: dA) {
                dA = dropout.apply(dA, mask: mask)
                used = "(dA\(l)·D\(l)/\(dropout.keep))"
            }
            let d = g.derivative(Matrix(scalar: z[r, k0]))[0, 0]
            out.append(.formula("dZ\(l)[\(r),\(k0)] = \(used)[\(r),\(k0)]·\(g.name)′(Z\(l)[\(r),\(k0)]) = "
                                + "\(short(dA[r, k0]))·\(short(d)) = \(short(dZ[r, k0]))"))
        }
        if l == depth, usesSaturationFallback, let dA = store[.layer(.dA, l)], dA.hasSameShape(as: dZ),
           !dA[r, k0].isFinite, let al = store[.layer(.A, l)], let y = store[.Y],
           al.hasSameShape(as: dZ), y.hasSameShape(as: dZ) {
            out.append(.formula("dA\(l)[\(r),\(k0)] is \(nonFiniteText(dA[r, k0])) because A\(l)[\(r),\(k0)] is exactly "
                                + "\(short(al[r, k0])), so backward takes the course's dZ\(l)[\(r),\(k0)] = A\(l)[\(r),\(k0)] − Y[\(r),\(k0)] = "
                                + "\(short(al[r, k0])) − \(short(y[r, k0])) = \(short(dZ[r, k0]))"))
        }
        let dwTerms = (0..<m).map { k in (dZ[r, k], aPrev[c, k]) }
        var s = 0.0
        for (x, y) in dwTerms { s += x * y }
        out.append(.formula("dW\(l)[\(r),\(c)] = 1/m · Σₖ dZ\(l)[\(r),k]·\(prev)[\(c),k] = 1/\(m) · (\(products(dwTerms))) = \(short(s / Double(m)))"))
        let row = (0..<m).map { dZ[r, $0] }
        out.append(.formula("db\(l)[\(r),0] = 1/m · Σₖ dZ\(l)[\(r),k] = 1/\(m) · (\(sums(row))) = \(short(row.reduce(0, +) / Double(m)))"))
        let daTerms = (0..<w.rows).map { k in (w[k, c], dZ[k, k0]) }
        var t = 0.0
        for (x, y) in daTerms { t += x * y }
        out.append(.formula("dA\(l - 1)[\(c),\(k0)] = Σᵢ W\(l)[i,\(c)]·dZ\(l)[i,\(k0)] = \(products(daTerms)) = \(short(t))"))
        return out + stagesBackwardNote(l, row: r, prevRow: c, example: k0, w: w, m: m)
    }

    private func explainCost(_ i: Int, _ j: Int) throws(SessionError) -> [Output] {
        let L = depth
        var out: [Output] = [.heading("explain cost (\(loss.name))"), .formula(loss.formula),
                             .formula("dA[\(L)] = \(loss.gradientFormula)   (no 1/m here: it lives in dW and db)")]
        guard let al = store[.layer(.A, L)], let y = store[.Y], al.hasSameShape(as: y) else {
            out.append(.text("run `forward all` (and set Y) to see these with numbers"))
            return out
        }
        let r = min(i, al.rows - 1), c = min(j, al.cols - 1)
        let a = al[r, c], yv = y[r, c]
        let perExample = loss.cost(Matrix(scalar: a), Matrix(scalar: yv))
        out.append(.formula("example \(c): y = \(short(yv)), a = \(short(a)), loss = \(short(perExample))"))
        out.append(.formula("J = 1/m · Σ over \(al.cols) examples = \(short(loss.cost(al, y)))"))
        let d = loss.outputGradient(Matrix(scalar: a), Matrix(scalar: yv))[0, 0]
        out.append(.formula("dA\(L)[\(r),\(c)] = \(loss.gradientFormula) at y = \(short(yv)), a = \(short(a)) = \(short(d))"))
        return out + l2CostNote(m: al.cols)
    }

    /// Where `name` is largest in magnitude (the element most worth working out), or [0, 0].
    private func largestElement(_ name: MatrixName) -> (Int, Int) {
        guard let m = store[name], m.count > 0 else { return (0, 0) }
        var best = 0
        for k in 1..<m.count where Swift.abs(m.storage[k]) > Swift.abs(m.storage[best]) { best = k }
        return (best / m.cols, best % m.cols)
    }

    /// `0.12·0.5 + 0.3·0.1 + …` with at most four terms shown.
    func products(_ terms: [(Double, Double)]) -> String {
        let shown = terms.prefix(4).map { "\(short($0.0))·\(short($0.1))" }.joined(separator: " + ")
        return terms.count > 4 ? shown + " + …" : shown
    }

    private func sums(_ values: [Double]) -> String {
        let shown = values.prefix(4).map(short).joined(separator: " + ")
        return values.count > 4 ? shown + " + …" : shown
    }
}

/// A number for worked examples: four decimals, or scientific for tiny and huge values.
func short(_ x: Double) -> String {
    if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if x == 0 || (Swift.abs(x) >= 1e-3 && Swift.abs(x) < 1e16) {
        return FloatFormat(digits: 4, trim: .pointAndZeros).positional(x)
    }
    return FloatFormat(digits: 3, trim: .pointAndZeros).scientific(x)
}
