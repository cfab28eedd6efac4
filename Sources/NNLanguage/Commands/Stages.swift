import NNCore

/// The lecture's loop, a stage at a time or all at once: `forward`, `cost`, `backward`, `step`,
/// `train`.
///
/// ```
/// forward [L|all]     cost     backward [L|all]     step LR     train N LR [every K]
/// ```

// MARK: - The specs

extension CommandSpec {
    /// `forward`, `forward L`, `forward all`.
    package static let forward = CommandSpec(
        name: "forward", usage: "forward   |   forward L   |   forward all",
        summary: "Z[l] = W[l]·A[l−1] + b[l],  A[l] = g[l](Z[l]): the next layer, layer L, or the rest",
        details: ["The next layer is the first whose Z or A is missing or stale (layer 1 after any change)."],
        arguments: Arguments(positions: [[.layers, .words(["all"])]]),
        effect: .buildsState,
        parse: { (c) throws(ParseError) in .forward(try Parser.stageTarget(&c)) })

    /// `cost`.
    package static let cost = CommandSpec(
        name: "cost", usage: "cost", summary: "J and the backward initialisation dA[L]",
        details: ["bce: dA[L] = −Y/AL + (1−Y)/(1−AL).  With softmax and ce, backward uses dZ[L] = AL·Σy − Y (AL − Y for one-hot Y)."],
        effect: .buildsState,
        parse: { _ in .cost })

    /// `backward`, `backward L`, `backward all`.
    package static let backward = CommandSpec(
        name: "backward", usage: "backward   |   backward L   |   backward all",
        summary: "dZ, dW, db and dA[l−1] of the next layer down, of layer L, or of the rest",
        details: ["dZ[l] = dA[l] ⊙ g′[l](Z[l])",
                  "dW[l] = 1/m · dZ[l]·A[l−1]ᵀ",
                  "db[l] = 1/m · np.sum(dZ[l], axis=1, keepdims=True)",
                  "dA[l−1] = W[l]ᵀ·dZ[l]   (dA0 is not needed for the update)",
                  "When dA[L] was never set, `backward L` runs `cost` first.",
                  "sigmoid + bce: where AL is exactly 0 or 1, dA[L] is 0/0 or ±inf;",
                  "there dZ[L] = AL − Y, the course's gradient, and backward names those entries."],
        arguments: Arguments(positions: [[.layers, .words(["all"])]]),
        effect: .buildsState,
        parse: { (c) throws(ParseError) in .backward(try Parser.stageTarget(&c)) })

    /// `step LR`.
    package static let step = CommandSpec(
        name: "step", usage: "step LR", summary: "W[l] ← W[l] − LR·dW[l],  b[l] ← b[l] − LR·db[l]",
        details: ["Needs current dW and db for every layer (`backward all`)."],
        effect: .buildsState,
        parse: { (c) throws(ParseError) in .step(learningRate: try Parser.learningRate(&c)) })

    /// `train N LR [every K]`.
    package static let train = CommandSpec(
        name: "train", usage: "train N LR [every K]",
        summary: "N iterations of forward, cost, backward, step; prints the cost every K (100)",
        details: ["Prints `Cost after iteration i: J` for i = 0, K, 2K, … and the last, each as it is computed.",
                  "Ctrl-C stops after the current iteration; the parameters stay consistent.",
                  "A nan cost, or an inf one whose gradients are not finite, stops it before that step;",
                  "an inf cost from an output exactly 0 or 1 steps on, since dZ[L] = AL − Y is finite.",
                  "Caches and gradients are cleared afterwards (they belonged to the old parameters).",
                  "When m < n[0] and the run is long enough to pay, layer 1 is carried through",
                  "G = XᵀX (m×m): Z1 ← Z1 − (α/m)·dZ1·G, and W1 = W1(0) − (α/m)·(Σ dZ1)·Xᵀ at the end.",
                  "It is the same algebra, so only the rounding differs (costs agree with numpy to ~1e-15)."],
        arguments: Arguments(positions: [[], [], [.words(["every"])]]),
        effect: .buildsState,
        parse: Parser.train)
}

// MARK: - The parses

extension Parser {
    /// `train N LR [every K]`.
    fileprivate static func train(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let n = try LiteralParser.integer(&c, .iterations)
        let lr = try learningRate(&c)
        var every: Int?
        if c.skipWord("every") { every = try LiteralParser.integer(&c, .interval) }
        return .train(iterations: n, learningRate: lr, every: every)
    }

    /// The layers of `forward` and `backward`: the next one, `L`, or `all`.
    fileprivate static func stageTarget(_ c: inout TokenCursor) throws(ParseError) -> StageTarget {
        if c.atEnd { return .next }
        if c.skipWord("all") { return .all }
        guard let t = c.peek, t.kind == .number else { throw c.unexpected(.stageTarget) }
        return .layer(try LiteralParser.integer(&c, .layer))
    }

    /// The LR of `step` and `train`: any finite number.
    fileprivate static func learningRate(_ c: inout TokenCursor) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.quantity(.learningRate)) }
        let lr = try LiteralParser.real(&c)
        guard lr.isFinite else { throw ParseError.outOfRange(c.snippet(t), .learningRate, at: c.position(t)) }
        return lr
    }
}
