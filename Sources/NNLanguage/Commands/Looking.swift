import NNCore

/// Looking at the session: `predict`, `accuracy`, `show`, `explain`, `diagram`, `plot`, `trace`.
///
/// ```
/// predict [X]     accuracy [X Y]     show [NAME…|layer L|params|grads]     diagram
/// explain forward L | backward L | cost | NAME[i,j]     plot cost|boundary     trace K
/// ```
/// `explain`'s stages are the words of the commands that run them (`CommandSpec.forward`, …).

// MARK: - The specs

extension CommandSpec {
    /// `predict [X]`.
    package static let predict = CommandSpec(
        name: "predict", usage: "predict [X]", summary: "AL > 0.5 (argmax for softmax) for X or another matrix",
        arguments: Arguments(positions: [[.matrices]]),
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .predict(c.atEnd ? nil : try MatrixName.read(&c)) })

    /// `accuracy [X Y]`.
    package static let accuracy = CommandSpec(
        name: "accuracy", usage: "accuracy [X Y]", summary: "the fraction predicted right, and the count",
        details: ["Y may be labels (1×m) or one-hot (K×m)."],
        arguments: Arguments(positions: [[.matrices], [.matrices]]),
        effect: .leavesState,
        parse: Parser.accuracy)

    /// `show`, `show NAME…`, `show layer L`, `show params`, `show grads`.
    package static let show = CommandSpec(
        name: "show", usage: "show   |   show NAME…   |   show layer L   |   show params   |   show grads",
        summary: "the network and stage, or matrices printed exactly as numpy's print(array)",
        details: ["Bare `show` lists every value with its shape and whether it is stale, and why."],
        arguments: Arguments(rest: [.matrices, .words(["layer", "params", "grads"])], after: ["layer": [.layers]]),
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .show(try Parser.showTarget(&c)) })

    /// `explain forward L`, `explain backward L`, `explain cost`, `explain NAME[i,j]`.
    package static let explain = CommandSpec(
        name: "explain", usage: "explain forward L   |   explain backward L   |   explain cost   |   explain NAME[i,j]",
        summary: "a stage's equations with this network's shapes, and one element worked out",
        details: ["Without [i,j] the element largest in magnitude is worked out: of Z[L] for forward,",
                  "dW[L] for backward, dA[L] for the cost, or of NAME. A stored value that differs from",
                  "the one worked out gets a note."],
        arguments: Arguments(positions: [[.words([forward.name, backward.name, cost.name]), .matrices],
                                         [.layersAfter([forward.name, backward.name])]]),
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .explain(try Parser.explainTarget(&c)) })

    /// `diagram`.
    package static let diagram = CommandSpec(
        name: "diagram", usage: "diagram",
        summary: "the lecture's forward/backward chart: ✓ current, ~ stale, · not computed",
        effect: .leavesState,
        parse: { _ in .diagram })

    /// `plot cost|boundary`.
    package static let plot = CommandSpec(
        name: "plot", usage: PlotTarget.allCases.map { "plot \($0.rawValue)" }.joined(separator: "   |   "),
        summary: "the cost of the last `train`, or the decision regions of a 2-input network",
        arguments: Arguments(positions: [[.words(PlotTarget.allCases.map(\.rawValue))]]),
        effect: .leavesState,
        parse: Parser.plot)

    /// `trace K`.
    package static let trace = CommandSpec(
        name: "trace", usage: "trace K",
        summary: "example K (column K, from 0) through forward and backward, one element of each stage worked out",
        details: ["Prints Z[l][:,K], A[l][:,K], dA[l][:,K] and dZ[l][:,K] of every layer, as the session holds them.",
                  "dW[l] = 1/m · Σₖ dZ[l][:,k]·A[l−1][:,k]ᵀ: example K's share is 1/m · dZ[l][:,K]·A[l−1][:,K]ᵀ,",
                  "shown beside dW[l] with the fraction of dW[l] it makes up.  Run `forward all`, `cost`, `backward all` first."],
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .trace(example: try LiteralParser.integer(&c, .columnIndex)) })
}

// MARK: - The parses

extension Parser {
    /// `accuracy`, `accuracy X Y`.
    fileprivate static func accuracy(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.atEnd { return .accuracy(x: nil, y: nil) }
        let x = try MatrixName.read(&c)
        return .accuracy(x: x, y: try MatrixName.read(&c))
    }

    /// `show`, `show NAME…`, `show layer L`, `show params`, `show grads`.
    fileprivate static func showTarget(_ c: inout TokenCursor) throws(ParseError) -> ShowTarget {
        if c.atEnd { return .overview }
        if c.skipWord("layer") { return .layer(try LiteralParser.integer(&c, .layer)) }
        if c.skipWord("params") { return .params }
        if c.skipWord("grads") { return .grads }
        var names: [MatrixName] = []
        while !c.atEnd {
            names.append(try MatrixName.read(&c))
            _ = c.skip(",")
        }
        return .names(names)
    }

    /// `explain forward L`, `explain backward L`, `explain cost`, `explain NAME[i,j]`.
    fileprivate static func explainTarget(_ c: inout TokenCursor) throws(ParseError) -> ExplainTarget {
        guard let t = c.peek else { throw c.unexpected(.word) }
        if c.skipWord(CommandSpec.forward.name) { return .forward(try LiteralParser.integer(&c, .layer)) }
        if c.skipWord(CommandSpec.backward.name) { return .backward(try LiteralParser.integer(&c, .layer)) }
        if c.skipWord(CommandSpec.cost.name) { return .cost }
        guard t.kind == .word else { throw unknown(c.text(t), .explain, [], c, t) }
        let name = try MatrixName.read(&c)
        guard let (i, j) = try elementIndex(&c) else { return .name(name, row: nil, col: nil) }
        return .name(name, row: i, col: j)
    }

    /// `plot cost`, `plot boundary`.
    fileprivate static func plot(_ c: inout TokenCursor) throws(ParseError) -> Command {
        guard let t = c.peek else { throw c.unexpected(.plotTarget) }
        let w = try c.word(.plotTarget)
        guard let target = PlotTarget(rawValue: w) else { throw unknown(w, .plot, PlotTarget.allCases.map(\.rawValue), c, t) }
        return .plot(target)
    }
}
