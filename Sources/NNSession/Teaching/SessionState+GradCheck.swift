#if canImport(Glibc)
import Glibc
#endif
import NNCore
import NNLanguage

/// `gradcheck [eps E]`: the course's gradient check over every W and b.
extension SessionState {
    /// The course's own check accepts up to this difference (its correct example gives 1.19e-7).
    static let gradcheckAccept = 2e-7
    /// Above this, the gradient is certainly wrong.
    static let gradcheckWrong = 1e-3

    /// Fails when the session's current gradients came through dropout's masks: the check's J has none.
    private func requireGradientsWithoutDropout() throws(SessionError) {
        guard stages.dropout != nil else { return }
        let droppedGradients = (1...depth).contains { l in
            store.isCurrent(.layer(.dW, l)) && store.entry(.layer(.dZ, l))?.inputs.contains { $0.key == .matrix(.layer(.D, l)) } == true
        }
        if droppedGradients {
            throw .unavailable("gradcheck compares J without dropout, but the session's dW and db were computed with "
                               + "dropout masks; type `dropout off`, then `forward all`, `cost`, `backward all` and `gradcheck`")
        }
    }

    mutating func gradcheck(epsilon: Double?, _ context: inout CommandContext) throws(SessionError) -> [Output] {
        try requireNetwork(.gradcheck)
        let eps = epsilon ?? 1e-7
        guard eps.isFinite, eps > 0 else {
            throw .invalidNumber(what: "eps", value: String(eps), expected: "a small positive number such as 1e-7")
        }
        let x = try value(.X), y = try value(.Y)
        guard x.rows == sizes[0], y.rows == sizes[depth], y.cols == x.cols else {
            throw .shapes(stage: CommandSpec.gradcheck.name, detail: "X is \(x.numpyShape) and Y is \(y.numpyShape); "
                          + "they must be (n[0], m) = (\(sizes[0]), m) and (n[\(depth)], m) = (\(sizes[depth]), m)")
        }
        try checkCaches(examples: x.cols)
        try requireGradientsWithoutDropout()
        let net = coreNetwork()
        var out: [Output] = [
            .heading("gradcheck (ε = \(eps))"),
            .formula("gradapprox = (J(θ + ε) − J(θ − ε)) / (2ε) for every element of "
                     + (net.isDense ? "W[1], b[1], …, W[\(depth)], b[\(depth)]"
                        : (1...depth).map { l in
                            rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).map { "\($0.name)\(l)" }.joined(separator: ", ")
                        }.joined(separator: ", "))),
            .formula("difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)"),
        ]
        if stages.dropout != nil {
            out.append(.note("dropout is off for the check: random masks would make J(θ ± ε) differ by more than ε moves it"))
        }
        var grads: [[Matrix]] = []
        let gradientNames = (1...depth).map { l in
            rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).map { MatrixName.layer(Self.slot($0.gradientName), l) }
        }
        let haveAll = gradientNames.allSatisfy { $0.allSatisfy { store.isCurrent($0) } }
        if haveAll {
            for names in gradientNames {
                var layer: [Matrix] = []
                for name in names { layer.append(try value(name)) }
                grads.append(layer)
            }
            for (l, g) in grads.enumerated() where zip(g, net.parameters[l]).contains(where: { !$0.hasSameShape(as: $1) }) {
                let names = gradientNames[l].map(\.description).joined(separator: ", ")
                throw .shapes(stage: CommandSpec.gradcheck.name, detail: "one of \(names) does not have the shape of its parameter")
            }
            out.append(.text(net.isDense ? "checking the session's dW and db"
                             : "checking the session's gradients (" + gradientNames.flatMap { $0 }.map(\.description)
                                 .joined(separator: ", ") + ")"))
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
        let j = loss.cost(net.forwardAll(x), y)
        let check = GradientCheck.run(network: net, x: x, y: y, loss: loss, lambda: stages.lambda,
                                      gradients: grads, epsilon: eps,
                                      shouldStop: context.shouldStop,
                                      progress: context.progress.map { report in
                                          { done, total in report(TrainProgress(iteration: done - 1, total: total, cost: j)) }
                                      })
        out.append(.table(header: ["parameter", "shape", "difference"],
                          rows: check.parts.map { [$0.name, $0.gradient.numpyShape, String($0.difference)] }))
        if check.interrupted {
            out.append(.note("interrupted: only the parameters above were checked"))
            context.stopped = .gradcheck(epsilon: epsilon)
            return out
        }
        out.append(.scalar(name: "difference", value: check.overall))
        let (verdict, failed) = verdict(check, epsilon: eps)
        if failed { context.expectFailed = true }
        out += verdict
        return out
    }

    /// The verdict, and whether it is a FAIL (which makes a replay's exit status 1).
    ///
    /// ```
    /// d  ≤ 2e-7                                   PASS
    /// d' ≤ 2e-7 over the elements off every kink  PASS, naming the elements on a kink
    /// d' within what rounding makes (d' ≤ 3·r)    UNSURE: try a larger ε
    /// ε ≥ 1e-4 and d' ≤ 1e-3                      UNSURE: ε too large, try 1e-7
    /// otherwise                                   FAIL: a mistake in backward propagation
    /// ```
    /// 1. An element straddles a kink when some Z of a relu or leaky_relu layer has
    ///    different signs at θ + ε and at θ − ε: J has no derivative between them, so
    ///    its finite difference is not the gradient, right or wrong.
    /// 2. Rounding: each J carries an error of a few u·max(|J|, 1), u = 2⁻⁵³, so the
    ///    finite difference carries one near u·max(|J|, 1)/ε; when the gradients are
    ///    small (a trained network, J near 0) that alone can pass 2e-7.
    private func verdict(_ check: GradientCheck, epsilon eps: Double) -> ([Output], failed: Bool) {
        let d = check.overall
        let accept = SessionState.gradcheckAccept
        if d <= accept {
            return ([.verdict(passed: true, "backward propagation agrees with the finite differences "
                              + "(the course accepts up to 2e-7)")], false)
        }
        let total = check.parts.reduce(0) { $0 + $1.gradient.count }
        let kinks = check.kinkCount
        let away = check.differenceAwayFromKinks
        let kinkName = activations.contains(.leakyRelu) ? (activations.contains(.relu) ? "relu/leaky_relu" : "leaky_relu") : "relu"
        var kinkText = ""
        if kinks > 0 {
            kinkText = "\(kinks) of \(total) elements straddle \(kinkName)'s kink at 0 (some Z\(kinkPlaces(check)) "
                + "changes sign between θ − ε and θ + ε, where J has no derivative), so their finite differences "
                + "are not the gradient"
        }
        if kinks == total {
            return ([.text("UNSURE every element's finite difference straddles a kink: \(kinkText); "
                           + "this check cannot judge backward propagation here (`init` or other data moves Z off 0)")], false)
        }
        if d.isNaN || away.isNaN {
            return ([.verdict(passed: false, "the difference is nan: J or a gradient is not finite "
                              + "(`show` names the matrix that holds nan or inf)")], true)
        }
        if away <= accept {
            return ([.verdict(passed: true, "backward propagation agrees with the finite differences wherever they are "
                              + "derivatives: \(kinkText); over the other \(total - kinks) the difference is \(away) "
                              + "(the course accepts up to 2e-7)")], false)
        }
        let rounding = check.roundingDifference
        let noteKinks: [Output] = kinks > 0 ? [.note(kinkText + "; they are left out of the verdict")] : []
        if away <= 3 * rounding {
            let larger = Double("1e\(Int((log10(eps) + 2).rounded()))") ?? eps * 100
            return (noteKinks + [.text("UNSURE the difference \(short(away)) is within what rounding in J makes at ε = \(eps) "
                                       + "(up to about \(short(3 * rounding)) here, where the gradients are small), so it "
                                       + "shows no mistake; try `gradcheck eps \(larger)`")], false)
        }
        if eps >= 1e-4 && away <= SessionState.gradcheckWrong {
            return (noteKinks + [.text("UNSURE ε = \(eps) is large: the finite difference's own error grows as ε², "
                                       + "so a difference of \(short(away)), below 1e-3, shows no mistake; try `gradcheck eps 1e-7`")], false)
        }
        let worst = check.worstAwayFromKinks.map {
            "; it differs most at d\($0.name)[\($0.row),\($0.col)]: backward gives \($0.gradient), "
                + "the finite difference \($0.approximation)"
        } ?? ""
        let size = away > SessionState.gradcheckWrong ? "above 1e-3" : "above the course's 2e-7"
        return (noteKinks + [.verdict(passed: false, "there is a mistake in backward propagation: the difference "
                                      + "\(kinks > 0 ? "away from the kinks " : "")is \(short(away)), \(size) and beyond "
                                      + "what rounding makes\(worst)")], true)
    }

    /// Where the kinks are: ` in Z1 and Z2`, from the first elements straddling one.
    private func kinkPlaces(_ check: GradientCheck) -> String {
        let layers = (1...depth).filter { activation($0) == .relu || activation($0) == .leakyRelu }
        if layers.count == 1 { return "\(layers[0])" }
        return "[l]"
    }
}
