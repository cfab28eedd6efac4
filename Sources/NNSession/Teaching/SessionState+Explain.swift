#if canImport(Glibc)
import Glibc
#endif
import NNCore
import NNLanguage
import NumpyPrint

/// `explain`: a stage's equations with this session's shapes, and one element
/// worked out with its numbers.
///
/// 1. explain recomputes the stage from the values it reads (as they are stored, stale
///    or not), so it works the same before and after the stage has run; when the stage's
///    stored output differs from what it recomputes, a note says so.
/// 2. Without an element, it works out the one largest in magnitude of what the stage
///    computes: Z[l] for forward, dW[l] for backward, dA[L] for the cost.
extension SessionState {
    mutating func explain(_ target: ExplainTarget) throws(SessionError) -> [Output] {
        try requireNetwork(.explain)
        switch target {
        case let .forward(l):
            try requireLayer(l)
            if explainsByKind(l) { return try explainKind(l, forward: true, name: nil, nil, nil) }
            return try explainForward(l, nil, nil)
        case let .backward(l):
            try requireLayer(l)
            if explainsByKind(l) { return try explainKind(l, forward: false, name: nil, nil, nil) }
            return try explainBackward(l, .dW, nil, nil)
        case .cost:
            return try explainCost(nil, nil)
        case let .name(raw, row, col):
            let name = try resolve(raw)
            if let m = store[name], let i = row, let j = col, i >= m.rows || j >= m.cols || i < 0 || j < 0 {
                throw .elementOutOfRange(name: name.description, row: i, col: j, shape: m.numpyShape)
            }
            switch name {
            case let .layer(slot, l) where slot.parameter == nil && slot != .D && explainsByKind(slot == .dA ? l + 1 : l):
                let forward = !slot.isGradient
                return try explainKind(slot == .dA ? l + 1 : l, forward: forward, name: name, row, col)
            case let .layer(slot, l) where slot.isParameter && explainsByKind(l):
                return [.heading("\(name) is a parameter of layer \(l) (\(kinds[l - 1].label))"),
                        .formula("set by `batchnorm`, `init` (or by hand); `step α` updates it: "
                                 + "\(name) ← \(name) − α·d\(name)"),
                        .formula("type `explain forward \(l)` for where it enters, `explain backward \(l)` for d\(name)")]
            case let .layer(slot, l) where slot.isGradient && slot.parameter != nil && explainsByKind(l):
                return try explainKind(l, forward: false, name: name, row, col)
            case let .layer(slot, l) where (slot == .Z || slot == .A) && l > 0: return try explainForward(l, row, col, of: slot)
            case let .layer(.dZ, l): return try explainBackward(l, .dZ, row, col)
            case let .layer(.dW, l): return try explainBackward(l, .dW, row, col)
            case let .layer(.db, l): return try explainBackward(l, .db, row, col)
            case let .layer(.dA, l) where l < depth: return try explainBackward(l + 1, .dA, row, col)
            case .layer(.dA, _), .J: return try explainCost(row, col)
            case let .layer(.W, l), let .layer(.b, l):
                let p = name.description.prefix(1)
                return [.heading("\(name) is a parameter of layer \(l)"),
                        .formula("set by `init` (or by hand); `step α` updates it: \(p)\(l) ← \(p)\(l) − α·d\(p)\(l)"),
                        .formula("it enters forward at Z\(l) = W\(l)·\(MatrixName.layer(.A, l - 1)) + b\(l): type `explain forward \(l)`")]
            case let .layer(slot, l) where slot == .D || slot.isOptimizerState:
                return explainStageValue(slot, l, row ?? 0, col ?? 0)
            case .adamCounter where stages.optimizer.usesSquares:
                return explainStageValue(.sdW, 0, 0, 0)
            default:
                return [.text("\(name) is an input or a matrix of your own: no stage computes it")]
            }
        }
    }

    /// The element to work out: the one asked for, or the largest in magnitude of `m` (2.).
    private func element(_ m: Matrix, _ row: Int?, _ col: Int?, _ name: String) throws(SessionError) -> (Int, Int) {
        if let i = row, let j = col {
            guard i >= 0, j >= 0, i < m.rows, j < m.cols else {
                throw .elementOutOfRange(name: name, row: i, col: j, shape: m.numpyShape)
            }
            return (i, j)
        }
        guard m.count > 0 else { return (0, 0) }
        var best = 0
        for k in 1..<m.count where Swift.abs(m.storage[k]) > Swift.abs(m.storage[best]) { best = k }
        return (best / m.cols, best % m.cols)
    }

    /// A note when the stored `name` differs at [i, j] from the `recomputed` value (1.).
    private func storedDiffers(_ name: MatrixName, _ recomputed: Matrix, _ i: Int, _ j: Int, from inputs: String) -> [Output] {
        guard let stored = store[name] else { return [] }
        let at = recomputed.count == 1 ? "" : "[\(i),\(j)]"
        guard stored.hasSameShape(as: recomputed) else {
            return [.note("the stored \(name) is \(stored.numpyShape), not the \(recomputed.numpyShape) the formula gives "
                          + "from \(inputs); \(howToMake(name)) to compute it again")]
        }
        let s = stored[i, j], r = recomputed[i, j]
        if s == r || Swift.abs(s - r) <= 1e-12 * Swift.max(1, Swift.abs(r)) { return [] }
        return [.note("the stored \(name)\(at) is \(short(s)), not the \(short(r)) the formula gives from \(inputs) "
                      + "(\(name) was set by hand or is stale); \(howToMake(name)) to compute it again")]
    }

    private func explainForward(_ l: Int, _ row: Int?, _ col: Int?, of slot: Slot = .Z) throws(SessionError) -> [Output] {
        let w = try value(.layer(.W, l), current: false), b = try value(.layer(.b, l), current: false)
        let prev = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prev, current: false)
        guard w.cols == aPrev.rows, b.rows == w.rows else {
            throw .shapes(stage: "explain forward \(l)", detail: "W\(l) is \(w.numpyShape), \(prev) is \(aPrev.numpyShape) "
                          + "and b\(l) is \(b.numpyShape)")
        }
        let g = activation(l)
        let zAll = Propagation.linearForward(w: w, aPrev: aPrev, b: b)
        let aAll = g.forward(zAll)
        let (i, j) = try element(slot == .A ? aAll : zAll, row, col, "\(slot)\(l)")
        let terms = (0..<w.cols).map { k in (w[i, k], aPrev[k, j]) }
        let z = zAll[i, j], a = aAll[i, j]
        var out: [Output] = [
            .heading("explain forward \(l) (\(g.name))"),
            .formula("Z[\(l)] = W[\(l)]·A[\(l - 1)] + b[\(l)]: \(w.shapeText)·\(aPrev.shapeText) + \(b.shapeText) → (\(w.rows)×\(aPrev.cols))"),
            .formula(g == .softmax ? "A[\(l)] = softmax(Z[\(l)]), column by column: A[i,j] = exp(Z[i,j] − max) / Σₖ exp(Z[k,j] − max)"
                     : "A[\(l)] = \(g.name)(Z[\(l)])"),
            .formula("Z\(l)[\(i),\(j)] = Σₖ W\(l)[\(i),k]·\(prev)[k,\(j)] + b\(l)[\(i),0] = "
                     + "(\(products(terms))) + \(short(b[i, 0])) = \(short(z))"),
        ]
        if g == .softmax {
            let column = (0..<zAll.rows).map { zAll[$0, j] }
            let top = column.max() ?? 0
            let exps = column.map { exp($0 - top) }
            let total = exps.reduce(0, +)
            out.append(.formula("A\(l)[\(i),\(j)] = exp(Z\(l)[\(i),\(j)] − max) / Σₖ exp(Z\(l)[k,\(j)] − max), max = \(short(top)): "
                                + "exp(\(short(z - top))) / (\(sums(exps))) = \(short(exps[i]))/\(short(total)) = \(short(a))"))
        } else {
            out.append(.formula("A\(l)[\(i),\(j)] = \(g.name)(\(short(z))) = \(short(a))"))
        }
        out += dropoutForwardNote(l, i, j, a)
        let inputs = "the current W\(l), \(prev) and b\(l)"
        out += storedDiffers(.layer(.Z, l), zAll, i, j, from: inputs)
        if storedDiffers(.layer(.Z, l), zAll, i, j, from: inputs).isEmpty {
            out += storedDiffers(.layer(.A, l), aAll, i, j, from: inputs)
        }
        return out
    }

    /// Works out dZ[l][r, k], dW[l][r, c], db[l][r, 0] and dA[l−1][c, k], at the element
    /// of `slot` asked for (or its largest).
    private func explainBackward(_ l: Int, _ slot: Slot, _ row: Int?, _ col: Int?) throws(SessionError) -> [Output] {
        let g = activation(l), L = depth
        let shortcut = l == L && usesSoftmaxShortcut
        let general = shortcut && !((store[.Y])?.columnsSumToOne ?? true)
        let dZRule = dZRuleText(l, shortcut: shortcut, general: general)
        var out: [Output] = [
            .heading("explain backward \(l) (\(g.name))"),
            .formula(dZRule),
            .formula("dW[\(l)] = 1/m · dZ[\(l)]·A[\(l - 1)]ᵀ"),
            .formula("db[\(l)] = 1/m · np.sum(dZ[\(l)], axis=1, keepdims=True)"),
            .formula("dA[\(l - 1)] = W[\(l)]ᵀ·dZ[\(l)]"),
        ]
        // What dZ[l] comes from, read as stored (1.).
        let upstream: Propagation.Upstream
        var dA: Matrix?, z: Matrix?, al: Matrix?, y: Matrix?
        var used = "dA\(l)"  // dA[l], or dA[l]·D[l]/keep under dropout
        if shortcut {
            guard let a = store[.layer(.A, l)], let labels = store[.Y], a.hasSameShape(as: labels) else {
                out.append(.text("\(howToMake(.layer(.dZ, l)).capitalizedFirst) to see these with numbers"))
                return out
            }
            (al, y) = (a, labels)
            upstream = .softmaxCrossEntropy(al: a, y: labels)
        } else {
            guard let d = store[.layer(.dA, l)], g == .linear || store[.layer(.Z, l)]?.hasSameShape(as: d) == true else {
                out.append(.text("\(howToMake(.layer(.dZ, l)).capitalizedFirst) to see these with numbers"))
                return out
            }
            z = g == .linear ? nil : store[.layer(.Z, l)]
            if g == .softmax { al = store[.layer(.A, l)] ?? z.map(g.forward) }
            var masked = d
            if let dropout = stages.dropout, dropout.applies(to: l, depth: L),
               let mask = store[.layer(.D, l)], mask.hasSameShape(as: d) {
                masked = dropout.apply(d, mask: mask)
                used = "(dA\(l)·D\(l)/\(dropout.keep))"
            }
            dA = masked
            if l == L, usesSaturationFallback, let zz = z, let a = store[.layer(.A, l)], let labels = store[.Y],
               a.hasSameShape(as: d), labels.hasSameShape(as: d) {
                (al, y) = (a, labels)
                upstream = Propagation.outputUpstream(output: g, loss: loss, al: a, y: labels, z: zz, dA: masked)
            } else {
                upstream = .dA(masked, z: z)
            }
        }
        let prev = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prev, current: false), w = try value(.layer(.W, l), current: false)
        let m = shortcut ? (al?.cols ?? 0) : (dA?.cols ?? 0)
        guard aPrev.cols == m, w.rows == (shortcut ? al?.rows : dA?.rows), aPrev.rows == w.cols else {
            throw .shapes(stage: "explain backward \(l)", detail: "W\(l) is \(w.numpyShape) and \(prev) is \(aPrev.numpyShape)")
        }
        let grads = Propagation.layerBackward(upstream, activation: g, aPrev: aPrev, w: w)
        let dZ = grads.dZ
        // The element of `slot` asked for (or its largest), and the indices it fixes.
        var r = 0, c = 0, k0 = 0
        switch slot {
        case .dZ: (r, k0) = try element(dZ, row, col, "dZ\(l)")
        case .db: (r, _) = try element(grads.db, row, col, "db\(l)")
        case .dA:
            if let dAPrev = grads.dAPrev { (c, k0) = try element(dAPrev, row, col, "dA\(l - 1)") }
        default: (r, c) = try element(grads.dW, row, col, "dW\(l)")
        }
        if slot == .dA {
            r = (0..<dZ.rows).max { Swift.abs(dZ[$0, k0]) < Swift.abs(dZ[$1, k0]) } ?? 0
        } else if slot != .dZ {
            k0 = (0..<m).max { Swift.abs(dZ[r, $0]) < Swift.abs(dZ[r, $1]) } ?? 0
        }
        out += dZElementLine(l, r, k0, dZ: dZ, shortcut: shortcut, general: general,
                             al: al, y: y, dA: dA, z: z, used: used)
        let dwTerms = (0..<m).map { k in (dZ[r, k], aPrev[c, k]) }
        out.append(.formula("dW\(l)[\(r),\(c)] = 1/m · Σₖ dZ\(l)[\(r),k]·\(prev)[\(c),k] = 1/\(m) · (\(products(dwTerms))) = \(short(grads.dW[r, c]))"))
        let dzRow = (0..<m).map { dZ[r, $0] }
        out.append(.formula("db\(l)[\(r),0] = 1/m · Σₖ dZ\(l)[\(r),k] = 1/\(m) · (\(sums(dzRow))) = \(short(grads.db[r, 0]))"))
        if let dAPrev = grads.dAPrev {
            let daTerms = (0..<w.rows).map { i in (w[i, c], dZ[i, k0]) }
            out.append(.formula("dA\(l - 1)[\(c),\(k0)] = Σᵢ W\(l)[i,\(c)]·dZ\(l)[i,\(k0)] = \(products(daTerms)) = \(short(dAPrev[c, k0]))"))
        }
        let differs = storedBackwardDiffers(l, r, c, k0, dZ: dZ, grads: grads, w: w, m: m, shortcut: shortcut)
        return out + stagesBackwardNote(l, row: r, prevRow: c, example: k0, w: w, m: m) + differs
    }

    /// Notes where the stored dZ[l], dW[l], db[l] or dA[l−1] differs from what explain worked out.
    private func storedBackwardDiffers(_ l: Int, _ r: Int, _ c: Int, _ k0: Int, dZ: Matrix,
                                       grads: (dZ: Matrix, dW: Matrix, db: Matrix, dAPrev: Matrix?),
                                       w: Matrix, m: Int, shortcut: Bool) -> [Output] {
        let g = activation(l), prev = MatrixName.layer(.A, l - 1)
        let from = shortcut ? "A\(l), Y" : (g == .linear ? "dA\(l)" : "dA\(l), Z\(l)")
        var differs = storedDiffers(.layer(.dZ, l), dZ, r, k0, from: "the current \(from)")
        // With L2 the stored dW[l] also holds (λ/m)·W[l]; stagesBackwardNote works that term out.
        let dW = stages.lambda.map { grads.dW + Regularization.l2Gradient(w, lambda: $0, m: m) } ?? grads.dW
        if differs.isEmpty {
            differs = storedDiffers(.layer(.dW, l), dW, r, c, from: "the current dZ\(l), \(prev)")
                + storedDiffers(.layer(.db, l), grads.db, r, 0, from: "the current dZ\(l)")
            if let dAPrev = grads.dAPrev { differs += storedDiffers(.layer(.dA, l - 1), dAPrev, c, k0, from: "the current W\(l), dZ\(l)") }
        }
        return differs
    }

    /// The rule dZ[l] follows, as `explain backward` states it.
    private func dZRuleText(_ l: Int, shortcut: Bool, general: Bool) -> String {
        let g = activation(l), L = depth
        return shortcut
            ? (general ? "dZ[\(l)] = A[\(l)]·Σᵢ Y[i] − Y   (softmax with cross-entropy; Y's columns do not sum to 1)"
                       : "dZ[\(l)] = A[\(l)] − Y   (softmax with cross-entropy)")
            : g == .softmax ? "dZ[\(l)] = A[\(l)] ⊙ (dA[\(l)] − Σᵢ dA[\(l)][i] ⊙ A[\(l)][i])   (softmax's Jacobian, column by column)"
            : g == .linear ? "dZ[\(l)] = dA[\(l)]   (linear: g′ = 1)"
            : l == L && usesSaturationFallback && store[.layer(.dA, l)].map({ !Propagation.saturatedEntries($0).isEmpty }) == true
            ? "dZ[\(l)] = dA[\(l)] ⊙ \(g.name)′(Z[\(l)]), and AL − Y where dA[\(l)] is not finite (AL exactly 0 or 1)"
            : "dZ[\(l)] = dA[\(l)] ⊙ \(g.name)′(Z[\(l)])"
    }

    /// dZ[l][r, k0] worked out by the rule backward used: AL − Y (or AL·Σy − Y), softmax's
    /// Jacobian, linear's dA, the AL − Y fallback where dA[L] is not finite, or dA ⊙ g′(Z).
    private func dZElementLine(_ l: Int, _ r: Int, _ k0: Int, dZ: Matrix, shortcut: Bool, general: Bool,
                               al: Matrix?, y: Matrix?, dA: Matrix?, z: Matrix?, used: String) -> [Output] {
        let g = activation(l)
        var lines: [Output] = []
        let at = "[\(r),\(k0)]"
        if shortcut, let a = al, let labels = y {
            if general {
                let s = (0..<labels.rows).reduce(0.0) { $0 + labels[$1, k0] }
                lines.append(.formula("dZ\(l)\(at) = A\(l)\(at)·Σᵢ Y[i,\(k0)] − Y\(at) = \(short(a[r, k0]))·\(short(s)) − \(short(labels[r, k0])) = \(short(dZ[r, k0]))"))
            } else {
                lines.append(.formula("dZ\(l)\(at) = A\(l)\(at) − Y\(at) = \(short(a[r, k0])) − \(short(labels[r, k0])) = \(short(dZ[r, k0]))"))
            }
        } else if let d = dA {
            if g == .softmax, let a = al {
                let inner = (0..<d.rows).reduce(0.0) { $0 + d[$1, k0] * a[$1, k0] }
                lines.append(.formula("dZ\(l)\(at) = A\(l)\(at)·(dA\(l)\(at) − Σᵢ dA\(l)[i,\(k0)]·A\(l)[i,\(k0)]) = "
                                    + "\(short(a[r, k0]))·(\(short(d[r, k0])) − \(short(inner))) = \(short(dZ[r, k0]))"))
            } else if g == .linear {
                lines.append(.formula("dZ\(l)\(at) = dA\(l)\(at) = \(short(dZ[r, k0]))"))
            } else if !d[r, k0].isFinite, let a = al, let labels = y {
                lines.append(.formula("dA\(l)\(at) is \(nonFiniteText(d[r, k0])) because A\(l)\(at) is exactly "
                                    + "\(short(a[r, k0])), so backward takes the course's dZ\(l)\(at) = A\(l)\(at) − Y\(at) = "
                                    + "\(short(a[r, k0])) − \(short(labels[r, k0])) = \(short(dZ[r, k0]))"))
            } else if let zz = z {
                let dg = g.derivative(Matrix(scalar: zz[r, k0]))[0, 0]
                lines.append(.formula("dZ\(l)\(at) = \(used)\(at)·\(g.name)′(Z\(l)\(at)) = \(short(d[r, k0]))·\(g.name)′(\(short(zz[r, k0]))) = "
                                    + "\(short(d[r, k0]))·\(short(dg)) = \(short(dZ[r, k0]))"))
            }
        }
        return lines
    }

    private func explainCost(_ row: Int?, _ col: Int?) throws(SessionError) -> [Output] {
        let L = depth
        var out: [Output] = [.heading("explain cost (\(loss.name))"), .formula(loss.formula),
                             .formula("dA[\(L)] = \(loss.gradientFormula)   (no 1/m here: it lives in dW and db)")]
        guard let al = store[.layer(.A, L)], let y = store[.Y], al.hasSameShape(as: y) else {
            out.append(.text("\(howToMake(.J).capitalizedFirst) to see these with numbers"))
            return out
        }
        let dAL = loss.outputGradient(al, y)
        let (r, c) = try element(dAL, row, col, "dA\(L)")
        let a = al[r, c], yv = y[r, c]
        let column = Matrix(rows: al.rows, cols: 1, storage: (0..<al.rows).map { al[$0, c] })
        let labels = Matrix(rows: y.rows, cols: 1, storage: (0..<y.rows).map { y[$0, c] })
        let j = loss.cost(al, y)
        out.append(.formula("example \(c): loss = \(short(loss.cost(column, labels)))"
                            + (al.rows == 1 ? " at y = \(short(yv)), a = \(short(a))" : " (summed over its \(al.rows) outputs)")))
        out.append(.formula("J = 1/m · Σ over \(al.cols) examples = \(short(j))"))
        out.append(.formula("dA\(L)[\(r),\(c)] = \(loss.gradientFormula) at y = \(short(yv)), a = \(short(a)) = \(short(dAL[r, c]))"))
        if usesSoftmaxShortcut {
            out.append(.note("backward does not use dA\(L): with softmax and cross-entropy it starts from dZ\(L) directly "
                             + "(`explain backward \(L)`)"))
        }
        let inputs = "the current A\(L) and Y"
        let l2 = l2CostNote(m: al.cols)
        let weights = (1...L).compactMap { store[.layer(.W, $0)] }
        let jFull = stages.lambda.map { lambda in weights.count == L ? j + Regularization.l2Cost(weights, lambda: lambda, m: al.cols) : j } ?? j
        return out + l2 + storedDiffers(.J, Matrix(scalar: jFull), 0, 0, from: inputs) + storedDiffers(.layer(.dA, L), dAL, r, c, from: inputs)
    }

    /// `0.12·0.5 + 0.3·0.1 + …` with at most four terms shown.
    private func products(_ terms: [(Double, Double)]) -> String {
        let shown = terms.prefix(4).map { "\(short($0.0))·\(short($0.1))" }.joined(separator: " + ")
        return terms.count > 4 ? shown + " + …" : shown
    }

    private func sums(_ values: [Double]) -> String {
        let shown = values.prefix(4).map(short).joined(separator: " + ")
        return values.count > 4 ? shown + " + …" : shown
    }
}

extension String {
    /// The sentence-initial form: `run …` → `Run …`.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// A number for worked examples: four decimals, or scientific for tiny and huge values.
package func short(_ x: Double) -> String {
    if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if x == 0 || (Swift.abs(x) >= 1e-3 && Swift.abs(x) < 1e16) {
        return FloatFormat(digits: 4, trim: .pointAndZeros).positional(x)
    }
    return FloatFormat(digits: 3, trim: .pointAndZeros).scientific(x)
}
