import NNCore

/// Dispatch of the commands that work on the session's state alone.
extension SessionState {
    mutating func execute(_ command: Command, _ context: inout CommandContext) throws(SessionError) -> [Output] {
        switch command {
        case let .net(specs): return try net(specs)
        case let .act(l, g): return try act(l, g)
        case let .loss(choice): return setLoss(choice)
        case let .seed(n): return seed(n)
        case let .initialize(scheme, seed): return try initialize(scheme, seed: seed)
        case let .dataset(name): return try dataset(name)
        case let .assign(name, expr): return try assign(name, expr)
        case let .assignElement(name, row, col, x): return try assignElement(name, row: row, col: col, x)
        case let .forward(target): return try forward(target)
        case .cost: return try cost()
        case let .backward(target): return try backward(target)
        case let .step(alpha): return try step(alpha)
        case let .train(n, alpha, every): return try train(n, alpha, every: every, progress: context.progress, stream: context.stream)
        case let .predict(x): return try predict(x)
        case let .accuracy(x, y): return try accuracy(x, y)
        case let .show(target): return try show(target)
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
        case let .explain(target): return try explain(target)
        case .diagram: return try diagram()
        case .plot(.cost): return try plotCost()
        case .plot(.boundary): return try plotBoundary()
        case let .gradcheck(eps): return try gradcheck(epsilon: eps)
        case let .expect(name, expr, atol, rtol):
            let result = try expect(name, expr, atol: atol, rtol: rtol)
            if !result.passed { context.expectFailed = true }
            return result.outputs
        case let .save(path, names): return try save(path, names: names)
        case let .load(path, key, target): return try load(context.resolveInput(path), key: key, as: target)
        case .reset:
            store.removeAll { name in
                if case let .layer(slot, l) = name { return !slot.isParameter && !(slot == .A && l == 0) }
                return name == .J
            }
            stage = .idle
            trainCosts = []
            return [.text("caches and gradients forgotten; the network, W, b, X, Y and your own matrices are kept")]
        case let .help(topic):
            return Help.text(for: topic)
        case .quit:
            return []
        case let .trace(k): return try trace(k)
        case .history, .undo, .redo, .run, .export:
            throw .unavailable("\(command) works on the session's log, not on one state")
        }
    }
}
