import NNCore
import NNLanguage

/// What a few commands do on the state beyond calling their stage: brief output, `expect`'s
/// verdict, the settings of `set` and `reset`. Which command runs what is `Command.level`.
extension SessionState {
    /// Runs a command that built a state again: the default session's script, export's replay.
    /// Every such command runs on the state alone (its `Command.level` is `.state`).
    mutating func execute(_ command: Command, _ context: inout CommandContext) throws(SessionError) -> [Output] {
        guard case let .state(step) = command.level else {
            preconditionFailure("`\(command)` does not run on a state alone, so it builds none")
        }
        return try step.run(&self, &context)
    }

    /// `forward`: under `set output brief` its printout leaves out Z.
    mutating func forwardBriefly(_ target: StageTarget) throws(SessionError) -> [Output] {
        try briefly(hiding: [.Z, .mu, .var, .Zn, .Zt]) { (s) throws(SessionError) in try s.forward(target) }
    }

    /// `backward`: under `set output brief` its printout leaves out dZ and dA.
    mutating func backwardBriefly(_ target: StageTarget) throws(SessionError) -> [Output] {
        try briefly(hiding: [.dZ, .dA, .dZt, .dZn]) { (s) throws(SessionError) in try s.backward(target) }
    }

    /// `step`: under `set output brief`, one line.
    mutating func stepBriefly(_ alpha: Double) throws(SessionError) -> [Output] {
        let out = try briefly(hiding: [.W, .b, .gamma, .beta]) { (s) throws(SessionError) in try s.step(alpha) }
        guard output == .brief else { return out }
        let names = (1...depth).map { l in
            rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).map { "\($0.name)\(l)" }.joined(separator: " ")
        }.joined(separator: " ")
        return out + [.text("updated \(names) (`show params` prints them)")]
    }

    /// `expect`: its verdict, and a failure noted in the context (a replay then exits with 1).
    mutating func expect(_ name: MatrixName, _ expr: Expression, atol: Double?, rtol: Double?,
                         _ context: inout CommandContext) throws(SessionError) -> [Output] {
        let result = try expect(name, expr, atol: atol, rtol: rtol)
        if !result.passed { context.expectFailed = true }
        return result.outputs
    }
}

// MARK: - Brief output

extension SessionState {
    /// Runs a stage; under `set output brief` its printout leaves out the matrices in `slots`
    /// (they stay in the session, for `show`).
    ///
    /// ```
    /// forward: A[l]     backward: dW[l], db[l]     step: one line
    /// ```
    mutating func briefly(hiding slots: Set<Slot>,
                          _ body: (inout SessionState) throws(SessionError) -> [Output]) throws(SessionError) -> [Output] {
        guard output == .brief else { return try body(&self) }
        hidden = slots
        defer { hidden = [] }
        return try body(&self)
    }

    /// `set precision N`: numpy's precision=.
    mutating func setPrecision(_ p: Int) throws(SessionError) -> [Output] {
        guard Setting.precisionDigits.contains(p) else {
            let digits = Setting.precisionDigits
            throw .invalidNumber(what: "precision", value: String(p),
                                 expected: "between \(digits.lowerBound) and \(digits.upperBound) digits")
        }
        precision = p
        return [.text("matrices print with \(p) digits (numpy's precision=\(p))")]
    }

    /// `set max-elements N`: the largest matrix a command may make.
    mutating func setMaxElements(_ n: Int) throws(SessionError) -> [Output] {
        guard n >= 1 else {
            throw .invalidNumber(what: "max-elements", value: String(n), expected: "at least 1")
        }
        guard n <= MemoryLimit.maxElements else {
            throw .invalidNumber(what: "max-elements", value: String(n),
                                 expected: "at most \(MemoryLimit.maxElements), physical memory in doubles")
        }
        maxElements = n
        return [.text("matrices may have at most \(n) elements (\(byteText(n)) bytes)")]
    }

    /// `set linewidth N`: numpy's linewidth=.
    mutating func setLineWidth(_ n: Int) -> [Output] {
        lineWidth = n
        return [.text("matrix lines hold at most \(n) characters (numpy's linewidth=\(n))")]
    }

    /// `set output brief|full`.
    mutating func setOutput(_ mode: OutputMode) -> [Output] {
        output = mode
        return [.text(mode == .brief
            ? "brief output: each equation with its shapes, each matrix once, large ones summarised as numpy does"
            : "full output: every equation and every matrix")]
    }

    /// `reset`: caches and gradients go; the network, its parameters, X, Y and the learner's own stay.
    mutating func reset() -> [Output] {
        store.removeAll { name in
            if case let .layer(slot, l) = name { return !slot.isParameter && !slot.isOptimizerState && !(slot == .A && l == 0) }
            return name == .J
        }
        stage = .idle
        trainCosts = []
        return [.text("caches and gradients forgotten; the network, W, b, X, Y and your own matrices are kept")]
    }
}
