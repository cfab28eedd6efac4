import NNCore
import NNLanguage

/// Dispatch of the commands that work on the session's state alone.
extension SessionState {
    mutating func execute(_ command: Command, _ context: inout CommandContext) throws(SessionError) -> [Output] {
        switch command {
        case let .net(specs): return try net(specs)
        case let .act(l, g): return try act(l, g)
        case let .loss(choice): return setLoss(choice)
        case let .seed(n): return seed(n)
        case let .initialize(scheme, seed): return try initialize(scheme, seed: seed)
        case let .dataset(name): return try dataset(name, resolveInput: context.resolveInput)
        case let .assign(name, expr): return try assign(name, expr)
        case let .assignElement(name, row, col, x): return try assignElement(name, row: row, col: col, x)
        case let .forward(target): return try briefly(hiding: [.Z, .mu, .var, .Zn, .Zt]) { (s) throws(SessionError) in try s.forward(target) }
        case .cost: return try cost()
        case let .backward(target):
            return try briefly(hiding: [.dZ, .dA, .dZt, .dZn]) { (s) throws(SessionError) in try s.backward(target) }
        case let .step(alpha):
            let out = try briefly(hiding: [.W, .b, .gamma, .beta]) { (s) throws(SessionError) in try s.step(alpha) }
            guard output == .brief else { return out }
            let names = (1...depth).map { l in
                rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).map { "\($0.name)\(l)" }.joined(separator: " ")
            }.joined(separator: " ")
            return out + [.text("updated \(names) (`show params` prints them)")]
        case let .train(n, alpha, every): return try train(n, alpha, every: every, &context)
        case let .regularize(lambda): return regularize(lambda)
        case let .dropout(d): return try setDropout(d)
        case let .optimizer(o): return setOptimizer(o)
        case let .minibatch(m): return try minibatch(m)
        case let .decay(d): return setDecay(d)
        case let .batchnorm(change): return try batchnorm(change)
        case let .predict(x): return try predict(x)
        case let .accuracy(x, y): return try accuracy(x, y)
        case let .show(target): return try show(target, columns: context.columns)
        case .setPrecision, .setMaxElements, .setLineWidth, .setOutput: return try set(command)
        case let .explain(target): return try explain(target)
        case .diagram: return try diagram(columns: context.columns)
        case .plot(.cost): return try plotCost(columns: context.columns)
        case .plot(.boundary): return try plotBoundary(columns: context.columns)
        case let .gradcheck(eps): return try gradcheck(epsilon: eps, &context)
        case let .expect(name, expr, atol, rtol):
            let result = try expect(name, expr, atol: atol, rtol: rtol)
            if !result.passed { context.expectFailed = true }
            return result.outputs
        case let .save(path, names): return try save(path, names: names)
        case let .load(path, key, target): return try load(context.resolveInput(path), key: key, as: target)
        case .reset: return reset()
        case .resetDefault: return resetToDefault()
        case let .help(topic):
            return Help.text(for: topic, columns: context.columns)
        case .quit, .clear:
            return []
        case let .trace(k): return try trace(k)
        case .history, .undo, .redo, .run, .export:
            throw .unavailable("\(command) works on the session's log, not on one state")
        }
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

    /// `set precision|max-elements|linewidth|output …`.
    private mutating func set(_ command: Command) throws(SessionError) -> [Output] {
        switch command {
        case let .setPrecision(p):
            guard Setting.precisionDigits.contains(p) else {
                let digits = Setting.precisionDigits
                throw .invalidNumber(what: "precision", value: String(p),
                                     expected: "between \(digits.lowerBound) and \(digits.upperBound) digits")
            }
            precision = p
            return [.text("matrices print with \(p) digits (numpy's precision=\(p))")]
        case let .setMaxElements(n):
            guard n >= 1 else {
                throw .invalidNumber(what: "max-elements", value: String(n), expected: "at least 1")
            }
            guard n <= MemoryLimit.maxElements else {
                throw .invalidNumber(what: "max-elements", value: String(n),
                                     expected: "at most \(MemoryLimit.maxElements), physical memory in doubles")
            }
            maxElements = n
            return [.text("matrices may have at most \(n) elements (\(byteText(n)) bytes)")]
        case let .setLineWidth(n):
            lineWidth = n
            return [.text("matrix lines hold at most \(n) characters (numpy's linewidth=\(n))")]
        case let .setOutput(mode):
            output = mode
            return [.text(mode == .brief
                ? "brief output: each equation with its shapes, each matrix once, large ones summarised as numpy does"
                : "full output: every equation and every matrix")]
        default:
            preconditionFailure("SessionState.set: \(command) is not a setting")
        }
    }

    /// `reset`: caches and gradients go; the network, its parameters, X, Y and the learner's own stay.
    private mutating func reset() -> [Output] {
        store.removeAll { name in
            if case let .layer(slot, l) = name { return !slot.isParameter && !slot.isOptimizerState && !(slot == .A && l == 0) }
            return name == .J
        }
        stage = .idle
        trainCosts = []
        return [.text("caches and gradients forgotten; the network, W, b, X, Y and your own matrices are kept")]
    }
}
