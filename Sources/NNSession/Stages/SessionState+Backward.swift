import NNCore
import NNLanguage

/// `cost`, `backward` and `step`: the backward half of the lecture's diagram.
extension SessionState {
    // MARK: - cost

    /// J and the backward initialisation dA[L].
    ///
    /// ```
    /// bce: J = −1/m·Σ(y·log a + (1−y)·log(1−a))     dA[L] = −y/a + (1−y)/(1−a)
    /// ```
    mutating func cost() throws(SessionError) -> [Output] {
        try requireNetwork(.cost)
        let L = depth
        let al = try value(.layer(.A, L)), y = try value(.Y)
        guard al.hasSameShape(as: y) else {
            throw .shapes(stage: CommandSpec.cost.name, detail: "A\(L) is \(al.numpyShape) but Y is \(y.numpyShape); "
                          + "they need the same shape, n[\(L)]×m")
        }
        var j = loss.cost(al, y)
        let dAL = loss.outputGradient(al, y)
        let inputs: [ValueStore.Key] = [.matrix(.layer(.A, L)), .matrix(.Y), .loss]
        var l2: [Output] = []
        var jInputs = inputs
        if let lambda = stages.lambda {
            var weights: [Matrix] = []
            for l in 1...L { weights.append(try value(.layer(.W, l))) }
            let term = Regularization.l2Cost(weights, lambda: lambda, m: al.cols)
            let norms = weights.map { Regularization.squaredNorm($0) }
            l2 = [.scalar(name: "cross-entropy", value: j),
                  .formula("L2 term = (1/m)·(λ/2)·(" + (1...L).map { "‖W\($0)‖²" }.joined(separator: " + ")
                           + ") = (1/\(al.cols))·(\(lambda)/2)·(" + norms.map { "\($0)" }.joined(separator: " + ") + ")"),
                  .scalar(name: "L2 term", value: term)]
            j = j + term
            jInputs += (1...L).map { .matrix(.layer(.W, $0)) }
        }
        store.set(.J, Matrix(scalar: j), from: jInputs, by: .cost)
        store.set(.layer(.dA, L), dAL, from: inputs, by: .cost)
        stage = .cost
        var out: [Output] = [
            .heading("cost (\(loss.name)" + (stages.lambda.map { " + L2, λ = \($0)" } ?? "") + ")"),
            .formula(loss.formula + (stages.lambda == nil ? "" : " + λ/(2m)·Σl ‖W[l]‖²") + "   m = \(al.cols)"),
        ] + l2 + [
            .scalar(name: "J", value: j),
        ]
        // dA[L] entries that are nan or inf only because AL is exactly 0 or 1 are not a
        // failure where backward does not use them: it takes dZ[L] = AL − Y there.
        let saturated = Propagation.saturatedEntries(dAL)
        let bypassed = !saturated.isEmpty && al.firstNonFinite == nil && (usesSoftmaxShortcut || usesSaturationFallback)
        let costNote = nonFiniteNote(bypassed ? [.J] : [.J, .layer(.dA, L)], inputs: [.layer(.A, L), .Y])
        if usesSoftmaxShortcut {
            let general = (try? value(.Y)).map { !$0.columnsSumToOne } ?? false
            out.append(.note("softmax with cross-entropy: backward uses dZ\(L) = "
                             + (general ? "A\(L)·Σy − Y directly (Y's columns do not sum to 1)" : "A\(L) − Y directly")))
        }
        out.append(.formula("dA\(L) = \(loss.gradientFormula)"))
        out += shown(.layer(.dA, L))
        if bypassed && usesSaturationFallback {
            out.append(.note("dA\(L) is not finite at \(entriesText(saturated)), where A\(L) is exactly 0 or 1 "
                             + "(0/0 or division by 0); backward uses dZ\(L) = A\(L) − Y there, as the course's "
                             + "utilities do, so the gradients stay finite"))
        }
        return out + costNote
    }

    /// Whether the output layer is sigmoid with bce, where dZ[L] = AL − Y stands in for
    /// dA[L] ⊙ σ′(Z[L]) at entries of dA[L] that are not finite.
    var usesSaturationFallback: Bool {
        activations.last.map { Propagation.usesSaturationFallback(output: $0, loss: loss) } ?? false
    }

    /// `[0,3], [0,7]` and, past six entries, how many more.
    func entriesText(_ entries: [(row: Int, col: Int)]) -> String {
        let shown = entries.prefix(6).map { "[\($0.row),\($0.col)]" }.joined(separator: ", ")
        return entries.count > 6 ? shown + " and \(entries.count - 6) more" : shown
    }

    /// Whether the output layer is softmax with cross-entropy, where dZ[L] = AL − Y.
    var usesSoftmaxShortcut: Bool {
        activations.last.map { Propagation.usesSoftmaxShortcut(output: $0, loss: loss) } ?? false
    }

    // MARK: - backward

    mutating func backward(_ target: StageTarget) throws(SessionError) -> [Output] {
        try requireNetwork(.backward)
        switch target {
        case let .layer(l):
            try requireLayer(l)
            return try backwardLayer(l)
        case .next:
            guard let l = nextBackwardLayer else { throw .backwardComplete }
            return try backwardLayer(l)
        case .all:
            guard let first = nextBackwardLayer else { throw .backwardComplete }
            var out: [Output] = []
            for l in stride(from: first, through: 1, by: -1) { out += try backwardLayer(l) }
            return out
        }
    }

    /// The highest layer whose dZ, dW or db is missing or stale.
    var nextBackwardLayer: Int? {
        guard hasNetwork else { return nil }
        return stride(from: depth, through: 1, by: -1).first { l in
            !([Slot.dZ] + rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).map { Self.slot($0.gradientName) })
                .allSatisfy { store.isCurrent(.layer($0, l)) }
        }
    }

    /// dZ[l], dW[l], db[l] and dA[l−1] from dA[l], Z[l], A[l−1] and W[l].
    ///
    /// ```
    /// dZ[l]   = dA[l] ⊙ g′[l](Z[l])
    /// dW[l]   = 1/m · dZ[l]·A[l−1]ᵀ
    /// db[l]   = 1/m · np.sum(dZ[l], axis=1, keepdims=True)
    /// dA[l−1] = W[l]ᵀ·dZ[l]
    /// ```
    mutating func backwardLayer(_ l: Int) throws(SessionError) -> [Output] {
        var out: [Output] = []
        let producer = Stage.backward(l)
        let g = activation(l)
        if l == depth && store[.layer(.dA, l)] == nil && !usesSoftmaxShortcut {
            out.append(.note("dA\(l) was not set yet: running `cost` first"))
            out += try cost()
        }
        let kind = rule(l)
        guard kind.cacheNames.isEmpty else {
            out.append(.heading("backward layer \(l) (\(g.name), \(kinds[l - 1].label))"))
            return try backwardKindLayer(l, kind, out)
        }
        out.append(.heading("backward layer \(l) (\(g.name))"))
        let from = try backwardUpstream(l, notes: &out)
        let (upstream, dZFrom, dZFormula, dZShape, saturated) = (from.upstream, from.record, from.formula, from.shape,
                                                                 from.saturated)
        let prevName = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prevName), w = try value(.layer(.W, l))
        guard aPrev.cols == dZShape.cols else {
            throw .shapes(stage: "dW\(l) = 1/m · dZ\(l)·\(prevName)ᵀ",
                          detail: "dZ\(l) has \(dZShape.cols) columns (examples) but \(prevName) has \(aPrev.cols)")
        }
        guard w.rows == dZShape.rows, aPrev.rows == w.cols else {
            throw .shapes(stage: "dA\(l - 1) = W\(l)ᵀ·dZ\(l)",
                          detail: "W\(l) is \(w.numpyShape), dZ\(l) is \(dZShape.numpyShape) and \(prevName) is \(aPrev.numpyShape)")
        }
        let dP = Propagation.preActivationGradient(upstream, activation: g)
        let layer = rule(l).backward(dP, try layerParameters(l), aPrev: aPrev, forward: try storedForward(l, z: dP),
                                     needPrevious: true)
        let dZ = layer.dZ
        var grads = (dW: layer.gradients[0], db: layer.gradients[1], dAPrev: layer.dAPrev)
        store.set(.layer(.dZ, l), dZ, from: dZFrom, by: producer)
        out.append(.formula(dZFormula))
        if !saturated.isEmpty {
            out.append(.formula("dZ\(l) = A\(l) − Y at \(entriesText(saturated)), where dA\(l) is not finite "
                                + "(A\(l) exactly 0 or 1): the course's sigmoid + bce gradient"))
        }
        let dZKey = ValueStore.Key.matrix(.layer(.dZ, l))
        var dWFrom: [ValueStore.Key] = [dZKey, .matrix(prevName)]
        var l2: [Output] = []
        if let lambda = stages.lambda {
            let term = Regularization.l2Gradient(w, lambda: lambda, m: dZ.cols)
            grads.dW = grads.dW + term
            dWFrom += [.matrix(.layer(.W, l)), .loss]
            l2 = [.formula("dW\(l) += (λ/m)·W\(l) = (\(lambda)/\(dZ.cols))·W\(l)   (L2)"),
                  .matrix(MatrixOutput(name: "(λ/m)·W\(l)", matrix: term, label: "added to dW\(l)"))]
        }
        store.set(.layer(.dW, l), grads.dW, from: dWFrom, by: producer)
        store.set(.layer(.db, l), grads.db, from: [dZKey], by: producer)
        if let dAPrev = grads.dAPrev {
            store.set(.layer(.dA, l - 1), dAPrev, from: [dZKey, .matrix(.layer(.W, l))], by: producer)
        }
        stage = .backward(l)
        let m = dZ.cols
        let prevT = prevName == .X ? "Xᵀ" : "\(prevName)ᵀ"
        // The transposes' shapes, without transposing.
        let aPrevTShape = "(\(aPrev.cols)×\(aPrev.rows))", wTShape = "(\(w.cols)×\(w.rows))"
        out += [
            .formula("dW\(l) = 1/m · dZ\(l)·\(prevT): 1/\(m) · \(dZ.shapeText)·\(aPrevTShape) → \(grads.dW.shapeText)"),
            .formula("db\(l) = 1/m · np.sum(dZ\(l), axis=1, keepdims=True): 1/\(m) · Σ \(dZ.shapeText) → \(grads.db.shapeText)"),
            .formula("dA\(l - 1) = W\(l)ᵀ·dZ\(l): \(wTShape)·\(dZ.shapeText) → \((grads.dAPrev ?? dZ).shapeText)"),
        ]
        out += shown(.layer(.dZ, l))
        out += l2
        out += shown(.layer(.dW, l))
        out += shown(.layer(.db, l))
        out += shown(.layer(.dA, l - 1), label: l == 1 ? "not needed for the update" : nil)
        let dZInputs: [MatrixName] = l == depth && usesSoftmaxShortcut
            ? [.layer(.A, l), .Y] : saturated.isEmpty ? [.layer(.dA, l), .layer(.Z, l)] : [.layer(.A, l), .Y, .layer(.Z, l)]
        out += nonFiniteNote([.layer(.dZ, l), .layer(.dW, l), .layer(.db, l), .layer(.dA, l - 1)],
                             inputs: dZInputs + [prevName, .layer(.W, l)])
        return out
    }

    /// What layer l's backward step starts from, with the store's record of it and its formula line.
    struct BackwardStart {
        var upstream: Propagation.Upstream
        /// What dZ[l] is computed from, for the store.
        var record: [ValueStore.Key]
        var formula: String
        /// A matrix of dZ[l]'s shape: dA[l], or AL.
        var shape: Matrix
        /// Entries of dA[L] replaced by AL − Y.
        var saturated: [(row: Int, col: Int)]
    }

    /// Layer l's upstream: AL − Y for softmax + ce, dA[l] (masked under dropout) with Z[l], or
    /// sigmoid + bce's fallback where dA[L] is not finite; dropout's lines go to `notes`.
    func backwardUpstream(_ l: Int, pre: Slot = .Z, notes: inout [Output]) throws(SessionError) -> BackwardStart {
        let g = activation(l)
        // 1. dP = dA ⊙ g′(P) at the pre-activation P: Z[l] for dense, Zt[l] for batchnorm.
        let dP = "d\(pre.rawValue)\(l)", zText = "\(pre.rawValue)\(l)"
        let upstream: Propagation.Upstream, dZFrom: [ValueStore.Key], dZFormula: String
        var dropped = false
        let dZShape: Matrix  // dZ[l] takes the shape of dA[l] (or AL)
        var saturated: [(row: Int, col: Int)] = []  // entries of dA[L] replaced by AL − Y
        if l == depth && usesSoftmaxShortcut {
            let al = try value(.layer(.A, l)), y = try value(.Y)
            guard al.hasSameShape(as: y) else {
                throw .shapes(stage: "\(dP) = A\(l) − Y", detail: "A\(l) is \(al.numpyShape) but Y is \(y.numpyShape)")
            }
            upstream = .softmaxCrossEntropy(al: al, y: y)
            dZFrom = [.matrix(.layer(.A, l)), .matrix(.Y), .loss]
            dZFormula = y.columnsSumToOne
                ? "\(dP) = A\(l) − Y: \(al.shapeText) − \(y.shapeText) → \(al.shapeText)   (softmax with cross-entropy)"
                : "\(dP) = A\(l)·Σy − Y: \(al.shapeText) − \(y.shapeText) → \(al.shapeText)   "
                    + "(softmax with cross-entropy; Y's columns do not sum to 1, so A\(l) − Y would not be the gradient)"
            dZShape = al
        } else {
            var dA = try value(.layer(.dA, l))
            if g == .linear {
                upstream = .dA(dA, z: nil)
                dZFrom = [.matrix(.layer(.dA, l)), .activation(l)]
                dZFormula = "\(dP) = dA\(l) ⊙ g′(\(zText)) = dA\(l)   (linear: g′ = 1)"
            } else {
                let z = try value(.layer(pre, l))
                if let dropout = stages.dropout, dropout.applies(to: l, depth: depth) {
                    let d = try value(.layer(.D, l))
                    guard d.hasSameShape(as: dA) else {
                        throw .shapes(stage: "dA\(l)·D\(l) / keep_prob", detail: "dA\(l) is \(dA.numpyShape) but D\(l) is \(d.numpyShape)")
                    }
                    dA = dropout.apply(dA, mask: d)
                    notes.append(.formula("dA\(l) = dA\(l)·D\(l) / \(dropout.keep)   (dropout, before g′)"))
                    notes.append(.matrix(MatrixOutput(name: "dA\(l)·D\(l)/keep_prob", matrix: dA)))
                    dropped = true
                }
                guard dA.hasSameShape(as: z) else {
                    throw .shapes(stage: "\(dP) = dA\(l) ⊙ \(g.name)′(\(zText))",
                                  detail: "dA\(l) is \(dA.numpyShape) but \(zText) is \(z.numpyShape)")
                }
                dZFormula = "\(dP) = dA\(l) ⊙ \(g.name)′(\(zText)): \(dA.shapeText) ⊙ \(z.shapeText) → \(dA.shapeText)"
                saturated = l == depth && usesSaturationFallback ? Propagation.saturatedEntries(dA) : []
                dZFrom = [.matrix(.layer(.dA, l)), .matrix(.layer(pre, l)), .activation(l)]
                    + (saturated.isEmpty ? [] : [.matrix(.layer(.A, l)), .matrix(.Y)])
                    + (dropped ? [.matrix(.layer(.D, l))] : [])
                if saturated.isEmpty {
                    upstream = .dA(dA, z: z)
                } else {
                    let al = try value(.layer(.A, l)), y = try value(.Y)
                    guard al.hasSameShape(as: dA), y.hasSameShape(as: dA) else {
                        throw .shapes(stage: "\(dP) = A\(l) − Y where dA\(l) is not finite",
                                      detail: "dA\(l) is \(dA.numpyShape), A\(l) \(al.numpyShape) and Y \(y.numpyShape)")
                    }
                    upstream = .sigmoidBinaryCrossEntropy(dA: dA, z: z, al: al, y: y)
                }
            }
            dZShape = dA
        }
        return BackwardStart(upstream: upstream, record: dZFrom, formula: dZFormula, shape: dZShape,
                             saturated: saturated)
    }

    // MARK: - step

    /// Gradient descent on every layer.
    ///
    /// ```
    /// W[l] ← W[l] − α·dW[l]
    /// b[l] ← b[l] − α·db[l]
    /// ```
    mutating func step(_ alpha: Double) throws(SessionError) -> [Output] {
        try requireNetwork(.step)
        guard alpha.isFinite else {
            throw .invalidNumber(what: "the learning rate", value: String(alpha), expected: "a finite number such as 0.01")
        }
        var gradients: [[Matrix]] = []
        var problems: [String] = []
        for l in 1...depth {
            var layer: [Matrix] = []
            var shapes: [String] = []
            for p in rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]) {
                let theta = try value(.layer(Self.slot(p.name), l)), d = try value(.layer(Self.slot(p.gradientName), l))
                if !d.hasSameShape(as: theta) { problems.append("") }
                shapes.append("\(p.gradientName)\(l) is \(d.numpyShape) and \(p.name)\(l) is \(theta.numpyShape)")
                layer.append(d)
            }
            if !problems.isEmpty { throw .shapes(stage: CommandSpec.step.name, detail: shapes.joined(separator: "; ")) }
            gradients.append(layer)
        }
        let optimizer = stages.optimizer
        var out: [Output] = [.heading("step (α = \(alpha)" + (optimizer == .gd ? "" : ", \(optimizer.summary)") + ")")]
        out += Self.learningRateNote(alpha)
        var state = try optimizerState()
        var net = coreNetwork()
        optimizer.update(&net, gradients: gradients, state: &state, learningRate: alpha)
        let specs = (1...depth).map { rule($0).parameters(units: sizes[$0], inputs: sizes[$0 - 1]) }
        if optimizer == .gd {
            out.append(.formula("W[l] ← W[l] − α·dW[l],  b[l] ← b[l] − α·db[l]   for l = 1…\(depth)"))
        } else {
            out += optimizer.formulas.map { .formula($0) }
        }
        let others = (1...depth).filter { specs[$0 - 1].map(\.name) != ["W", "b"] }
        if let first = others.first {
            let names = specs[first - 1].dropFirst().map(\.name)
            out.append(.formula("on layer" + (others.count == 1 ? " " : "s ") + others.map(String.init).joined(separator: ", ")
                                + " (no b): " + names.map { "\($0)[l] ← \($0)[l] − α·d\($0)[l]" }.joined(separator: ",  ")
                                + (optimizer == .gd ? "" : "   (with the same \(optimizer.name) update)")))
        }
        if optimizer != .gd {
            if optimizer.usesSquares { out.append(.scalar(name: "t", value: Double(state.t))) }
            storeOptimizerState(state)
            for l in 1...depth {
                for prefix in ["v", "s"] where prefix == "v" || optimizer.usesSquares {
                    for p in specs[l - 1] { out += shown(.layer(Self.stateSlot(prefix, p), l)) }
                }
            }
        }
        var before: [MatrixName: Matrix] = [:]
        for l in 1...depth {
            for p in specs[l - 1] { before[.layer(Self.slot(p.name), l)] = store[.layer(Self.slot(p.name), l)] }
        }
        lastStep = LastStep(alpha: alpha, before: before)
        for l in 1...depth {
            let names = specs[l - 1].map { MatrixName.layer(Self.slot($0.name), l) }
            for (name, m) in zip(names, net.parameters[l - 1]) { store.set(name, m) }
            for name in names { out += shown(name) }
            out += nonFiniteNote(names, inputs: specs[l - 1].map { .layer(Self.slot($0.gradientName), l) }, alpha: alpha)
        }
        stage = .step
        return out
    }
}

extension Loss {
    var gradientFormula: String {
        switch self {
        case .bce: return "−Y/AL + (1−Y)/(1−AL)"
        case .ce: return "−Y/AL"
        case .mse: return "AL − Y"
        }
    }
}

extension Matrix {
    /// Whether every column sums to exactly 1 (one-hot labels), where softmax + ce's
    /// dZ[L] = AL·Σy − Y is AL − Y.
    var columnsSumToOne: Bool {
        (0..<cols).allSatisfy { j in (0..<rows).reduce(0.0) { $0 + self[$1, j] } == 1 }
    }
}
