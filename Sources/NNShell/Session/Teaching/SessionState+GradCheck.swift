import NNCore

/// `gradcheck [eps E]`: the course's gradient check over every W and b.
extension SessionState {
    /// The course's own check accepts up to this difference (its correct example gives 1.19e-7).
    static let gradcheckAccept = 2e-7
    /// Above this, the gradient is certainly wrong.
    static let gradcheckWrong = 1e-3

    mutating func gradcheck(epsilon: Double?) throws(SessionError) -> [Output] {
        try requireNetwork("gradcheck")
        let eps = epsilon ?? 1e-7
        guard eps.isFinite, eps > 0 else {
            throw .invalidNumber(what: "eps", value: String(eps), expected: "a small positive number such as 1e-7")
        }
        let x = try value(.X), y = try value(.Y)
        guard x.rows == sizes[0], y.rows == sizes[depth], y.cols == x.cols else {
            throw .shapes(stage: "gradcheck", detail: "X is \(x.numpyShape) and Y is \(y.numpyShape); "
                          + "they must be (n[0], m) = (\(sizes[0]), m) and (n[\(depth)], m) = (\(sizes[depth]), m)")
        }
        try checkCaches(examples: x.cols)
        if stages.dropout != nil {
            let droppedGradients = (1...depth).contains { l in
                store.isCurrent(.layer(.dW, l)) && store.entry(.layer(.dZ, l))?.inputs.contains { $0.key == .matrix(.layer(.D, l)) } == true
            }
            if droppedGradients {
                throw .unavailable("gradcheck compares J without dropout, but the session's dW and db were computed with "
                                   + "dropout masks; type `dropout off`, then `forward all`, `cost`, `backward all` and `gradcheck`")
            }
        }
        let net = coreNetwork()
        var out: [Output] = [
            .heading("gradcheck (ε = \(eps))"),
            .formula("gradapprox = (J(θ + ε) − J(θ − ε)) / (2ε) for every element of W[1], b[1], …, W[\(depth)], b[\(depth)]"),
            .formula("difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)"),
        ]
        if stages.dropout != nil {
            out.append(.note("dropout is off for the check: random masks would make J(θ ± ε) differ by more than ε moves it"))
        }
        var grads: [(dW: Matrix, db: Matrix)] = []
        let haveAll = (1...depth).allSatisfy { l in
            store.isCurrent(.layer(.dW, l)) && store.isCurrent(.layer(.db, l))
        }
        if haveAll {
            for l in 1...depth {
                grads.append((try value(.layer(.dW, l)), try value(.layer(.db, l))))
            }
            for (l, g) in grads.enumerated() where !g.dW.hasSameShape(as: net.W(l + 1)) || !g.db.hasSameShape(as: net.b(l + 1)) {
                throw .shapes(stage: "gradcheck", detail: "dW\(l + 1) or db\(l + 1) does not have the shape of W\(l + 1), b\(l + 1)")
            }
            out.append(.text("checking the session's dW and db"))
        } else if stages.lambda != nil {
            var unused = random
            grads = net.stagedGradients(x: x, y: y, loss: loss, stages: TrainingStages(lambda: stages.lambda),
                                        random: &unused).grads
            out.append(.text("dW and db are not all current: computed by forward, cost and backward with L2 "
                             + "(the session's values are unchanged)"))
        } else {
            grads = net.gradients(x: x, y: y, loss: loss).grads
            out.append(.text("dW and db are not all current: computed by forward, cost and backward "
                             + "(the session's values are unchanged)"))
        }
        if let lambda = stages.lambda {
            out.append(.text("J includes the L2 term λ/(2m)·Σ‖W[l]‖² with λ = \(lambda), and dW[l] its (λ/m)·W[l]"))
        }
        let check = GradientCheck.run(network: net, x: x, y: y, loss: loss, lambda: stages.lambda,
                                      gradients: grads, epsilon: eps,
                                      shouldStop: { Interrupt.consume() })
        out.append(.table(header: ["parameter", "shape", "difference"],
                          rows: check.parts.map { [$0.name, $0.gradient.numpyShape, String($0.difference)] }))
        if check.interrupted {
            out.append(.note("interrupted: only the parameters above were checked"))
            return out
        }
        out.append(.scalar(name: "difference", value: check.overall))
        out.append(verdict(check))
        if check.overall > SessionState.gradcheckAccept, let kinks = kinkNote(net, x, eps) {
            out.append(.note(kinks))
        }
        return out
    }

    /// relu and leaky_relu have a kink at 0; where some Z[l] lies within ε of
    /// it, the two-sided difference straddles the kink and is not the derivative.
    private func kinkNote(_ net: Network, _ x: Matrix, _ eps: Double) -> String? {
        var a = x
        var found: [String] = []
        for l in 1...depth {
            let z = Propagation.linearForward(w: net.W(l), aPrev: a, b: net.b(l))
            let g = activation(l)
            if g == .relu || g == .leakyRelu {
                let near = z.storage.filter { Swift.abs($0) <= 2 * eps }.count
                if near > 0 { found.append("Z\(l) has \(near) element\(near == 1 ? "" : "s") at the kink") }
            }
            a = g.forward(z)
        }
        guard !found.isEmpty else { return nil }
        return found.joined(separator: ", ") + ": \(activations.contains(.leakyRelu) ? "relu/leaky_relu" : "relu") "
            + "is not differentiable at 0, so the finite difference there is not the derivative "
            + "(with b = 0, an input column of zeros puts every Z of that example at 0; try `init` with other data)"
    }

    private func verdict(_ check: GradientCheck) -> Output {
        let d = check.overall
        let worst = check.worst.map {
            "; it differs most at d\($0.name)[\($0.row),\($0.col)]: backward gives \($0.gradient), "
                + "the finite difference \($0.approximation)"
        } ?? ""
        if d <= SessionState.gradcheckAccept {
            return .verdict(passed: true, "backward propagation agrees with the finite differences "
                            + "(the course accepts up to 2e-7)")
        }
        if d > SessionState.gradcheckWrong || d.isNaN {
            return .verdict(passed: false, "there is a mistake in backward propagation (difference above 1e-3)\(worst)")
        }
        return .verdict(passed: false, "doubtful: above the course's 2e-7 but below 1e-3; a relu input near 0 "
                        + "or too large an ε can do this\(worst)")
    }
}
