import NNCore
import NNLanguage

/// What `explain` adds for the stages beyond the lecture: dropout's masks, the L2 terms,
/// and the optimiser's state.
extension SessionState {
    /// A[l][i, j] after dropout: g(Z)·D/keep_prob.
    func dropoutForwardNote(_ l: Int, _ i: Int, _ j: Int, _ a: Double) -> [Output] {
        guard let d = stages.dropout, d.applies(to: l, depth: depth) else { return [] }
        var out: [Output] = [.formula("dropout: A[\(l)] = A[\(l)]·D[\(l)] / \(d.keep),  D[\(l)] = np.random.rand(n[\(l)], m) < \(d.keep)")]
        if let mask = store[.layer(.D, l)], i < mask.rows, j < mask.cols {
            out.append(.formula("A\(l)[\(i),\(j)] = \(short(a))·D\(l)[\(i),\(j)] / \(d.keep) = \(short(a))·\(short(mask[i, j])) / \(d.keep) = "
                                + short((a * mask[i, j]) / d.keep)))
        }
        return out
    }

    /// dropout's dA[l]·D[l]/keep_prob and L2's (λ/m)·W[l] in layer l's backward step.
    func stagesBackwardNote(_ l: Int, row r: Int, prevRow c: Int, example e: Int, w: Matrix, m: Int) -> [Output] {
        var out: [Output] = []
        if let d = stages.dropout, d.applies(to: l, depth: depth) {
            out.append(.formula("dropout: dZ[\(l)] uses dA[\(l)]·D[\(l)] / \(d.keep) in place of dA[\(l)] (the same units are dropped)"))
        }
        if let lambda = stages.lambda, r < w.rows, c < w.cols {
            let term = (lambda / Double(m)) * w[r, c]
            out.append(.formula("L2: dW\(l)[\(r),\(c)] also gains (λ/m)·W\(l)[\(r),\(c)] = (\(lambda)/\(m))·\(short(w[r, c])) = \(short(term))"))
            if let dW = store[.layer(.dW, l)], r < dW.rows, c < dW.cols {
                out.append(.formula("dW\(l)[\(r),\(c)] = \(short(dW[r, c] - term)) + \(short(term)) = \(short(dW[r, c]))"))
            }
        }
        return out
    }

    /// The L2 term of J, worked out.
    func l2CostNote(m: Int) -> [Output] {
        guard let lambda = stages.lambda, hasNetwork else { return [] }
        let weights = (1...depth).compactMap { store[.layer(.W, $0)] }
        guard weights.count == depth else { return [] }
        let norms = weights.map { Regularization.squaredNorm($0) }
        let term = Regularization.l2Cost(weights, lambda: lambda, m: m)
        return [.formula("L2: J += (1/m)·(λ/2)·Σl ‖W[l]‖² = (1/\(m))·(\(lambda)/2)·(" + norms.map(short).joined(separator: " + ")
                         + ") = \(short(term))")]
    }

    /// D[l], vdW[l], vdb[l], sdW[l], sdb[l] and t: which stage makes them and how.
    func explainStageValue(_ slot: Slot, _ l: Int, _ i: Int, _ j: Int) -> [Output] {
        let p = slot.parameter?.rawValue ?? "W"
        switch slot {
        case .D:
            var out: [Output] = [.heading("D\(l) is dropout's mask for layer \(l)"),
                                 .formula("D[\(l)] = np.random.rand(n[\(l)], m) < keep_prob   (1 keeps a unit, 0 drops it)"),
                                 .formula("forward: A[\(l)] = A[\(l)]·D[\(l)] / keep_prob;  backward: dA[\(l)] = dA[\(l)]·D[\(l)] / keep_prob")]
            if let d = store[.layer(.D, l)], i < d.rows, j < d.cols {
                let kept = d.storage.filter { $0 != 0 }.count
                out.append(.formula("D\(l)[\(i),\(j)] = \(short(d[i, j])): unit \(i) of example \(j) is "
                                    + (d[i, j] != 0 ? "kept" : "dropped") + "; \(kept) of \(d.count) units kept"))
            }
            return out
        case .vdW, .vdb, .vdgamma, .vdbeta:
            var out: [Output] = [.heading("\(slot.rawValue)\(l) is the velocity of \(p)\(l) (momentum, and Adam's first moment)"),
                                 .formula("\(slot.rawValue)\(l) = β·\(slot.rawValue)\(l) + (1−β)·d\(p)\(l)   at every `step`, from zeros")]
            if case .adam = stages.optimizer {
                out.append(.formula("adam: v̂ = \(slot.rawValue)\(l) / (1 − β1^t), then \(p)\(l) ← \(p)\(l) − α·v̂ / (√ŝ + ε)"))
            } else {
                out.append(.formula("momentum: \(p)\(l) ← \(p)\(l) − α·\(slot.rawValue)\(l)"))
            }
            return out
        default:
            let name = l == 0 ? "t" : "\(slot.rawValue)\(l)"
            return [.heading(l == 0 ? "t counts Adam's steps" : "\(name) is Adam's second moment of d\(p)\(l)"),
                     .formula("t ← t + 1 at every `step`;  sd\(p)[l] = β2·sd\(p)[l] + (1−β2)·d\(p)[l]²;  ŝ = sd\(p)[l] / (1 − β2^t)"),
                     .formula("\(p)[l] ← \(p)[l] − α·v̂ / (√ŝ + ε): parameters with large gradients take smaller steps")]
        }
    }
}
