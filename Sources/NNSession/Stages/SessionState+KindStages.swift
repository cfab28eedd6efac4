import NNCore
import NNLanguage

/// `forward L` and `backward L` on a layer whose kind keeps caches between Z[l] and A[l]
/// (batchnorm's mu, var, Zn, Zt, and dZt, dZn backward): the names, the equations and the
/// 1/m come from the kind's `LayerRule`, and each cache is stored with what it came from.
/// A dense layer keeps the lecture's lines with their shapes (`SessionState+Forward.swift`,
/// `+Backward.swift`); dropout, the output's upstream and L2 are shared with it.
extension SessionState {
    /// Forward through a layer whose kind keeps caches between Z[l] and A[l] (batchnorm's μ, σ²,
    /// Zn, Zt), printing the kind's equations: each cache is stored with what it came from.
    mutating func forwardKindLayer(_ l: Int, _ rule: any LayerRule) throws(SessionError) -> [Output] {
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

    /// Backward through a layer whose kind keeps caches (batchnorm): dZt from upstream, then the
    /// kind's rule for its gradient caches, dZ[l], the parameters' gradients with their 1/m and
    /// dA[l−1], printing the kind's equations.
    mutating func backwardKindLayer(_ l: Int, _ rule: any LayerRule, _ notes: [Output]) throws(SessionError) -> [Output] {
        var out = notes
        let producer = Stage.backward(l), g = activation(l)
        let pre = Self.slot(rule.preActivationName), dPSlot = Self.slot("d" + rule.preActivationName)
        precondition(rule.gradientCacheNames.contains(dPSlot.rawValue), "SessionState: \(rule.name) keeps no \(dPSlot)")
        let from = try backwardUpstream(l, pre: pre, notes: &out)
        let prevName = MatrixName.layer(.A, l - 1)
        let aPrev = try value(prevName)
        let specs = rule.parameters(units: sizes[l], inputs: sizes[l - 1])
        let params = try layerParameters(l)
        let w = params[0]
        guard aPrev.cols == from.shape.cols else {
            throw .shapes(stage: "dW\(l) = 1/m · dZ\(l)·\(prevName)ᵀ",
                          detail: "d\(pre)\(l) has \(from.shape.cols) columns (examples) but \(prevName) has \(aPrev.cols)")
        }
        guard w.rows == from.shape.rows, aPrev.rows == w.cols else {
            throw .shapes(stage: "dA\(l - 1) = W\(l)ᵀ·dZ\(l)",
                          detail: "W\(l) is \(w.numpyShape), d\(pre)\(l) is \(from.shape.numpyShape) and \(prevName) is \(aPrev.numpyShape)")
        }
        let dP = Propagation.preActivationGradient(from.upstream, activation: g)
        let forward = try storedForward(l, z: dP)
        // 2. A cache set by hand must have the shape forward gives it (n[l]×1 or n[l]×m): the
        //    shapes of a forward over two columns of zeros, with 2 read as m.
        let shapes = rule.forward(params, aPrev: Matrix.zeros(aPrev.rows, 2)).caches
        for (name, (stored, probe)) in zip(rule.cacheNames, zip(forward.caches, shapes))
        where stored.rows != probe.rows || stored.cols != (probe.cols == 2 ? dP.cols : probe.cols) {
            throw .shapes(stage: "backward \(l)", detail: "\(name)\(l) is \(stored.numpyShape) but forward makes it "
                          + "(\(probe.rows), \(probe.cols == 2 ? "\(dP.cols)" : "\(probe.cols)")); `forward \(l)` computes it again")
        }
        let layer = rule.backward(dP, params, aPrev: aPrev, forward: forward, needPrevious: true)
        let dPKey = ValueStore.Key.matrix(.layer(dPSlot, l))
        let cacheKeys: [ValueStore.Key] = rule.cacheNames.map { .matrix(.layer(Self.slot($0), l)) }
        let ownKeys: [ValueStore.Key] = specs.dropFirst().map { .matrix(.layer(Self.slot($0.name), l)) }
        var names: [MatrixName] = []
        for (name, m) in zip(rule.gradientCacheNames, layer.caches) {
            let slot = Self.slot(name)
            store.set(.layer(slot, l), m, from: slot == dPSlot ? from.record : [dPKey] + ownKeys, by: producer)
            names.append(.layer(slot, l))
        }
        let dZName = MatrixName.layer(.dZ, l), dZKey = ValueStore.Key.matrix(dZName)
        store.set(dZName, layer.dZ, from: [dPKey] + cacheKeys + ownKeys, by: producer)
        names.append(dZName)
        out.append(.formula(from.formula))
        if !from.saturated.isEmpty {
            out.append(.formula("d\(pre)\(l) = A\(l) − Y at \(entriesText(from.saturated)), where dA\(l) is not finite "
                                + "(A\(l) exactly 0 or 1): the course's sigmoid + bce gradient"))
        }
        out += equations(Array(rule.equations.backward.dropFirst()), l).map { .formula($0) }
        for name in names { out += shown(name) }
        var gradients = layer.gradients
        if let lambda = stages.lambda {
            let term = Regularization.l2Gradient(w, lambda: lambda, m: dP.cols)
            gradients[0] = gradients[0] + term
            out += [.formula("dW\(l) += (λ/m)·W\(l) = (\(lambda)/\(dP.cols))·W\(l)   (L2, on W only)"),
                    .matrix(MatrixOutput(name: "(λ/m)·W\(l)", matrix: term, label: "added to dW\(l)"))]
        }
        var gradNames: [MatrixName] = []
        for (k, (p, m)) in zip(specs, gradients).enumerated() {
            let name = MatrixName.layer(Self.slot(p.gradientName), l)
            let inputs: [ValueStore.Key] = k == 0
                ? [dZKey, .matrix(prevName)] + (stages.lambda == nil ? [] : [.matrix(.layer(.W, l)), .loss])
                : [dPKey] + cacheKeys
            store.set(name, m, from: inputs, by: producer)
            gradNames.append(name)
        }
        if let dAPrev = layer.dAPrev {
            store.set(.layer(.dA, l - 1), dAPrev, from: [dZKey, .matrix(.layer(.W, l))], by: producer)
        }
        stage = .backward(l)
        for name in gradNames { out += shown(name) }
        out += shown(.layer(.dA, l - 1), label: l == 1 ? "not needed for the update" : nil)
        out += nonFiniteNote(names + gradNames + [.layer(.dA, l - 1)],
                             inputs: [.layer(.dA, l), .layer(pre, l), prevName] + specs.map { .layer(Self.slot($0.name), l) })
        return out
    }
}
