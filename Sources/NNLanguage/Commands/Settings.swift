import NNCore

/// The stages beyond the lecture's loop, and how nnstep prints: `regularize`, `dropout`,
/// `optimizer`, `minibatch`, `decay`, `set`.
///
/// ```
/// regularize l2 LAMBDA | off
/// dropout KEEP [layers L…] [seed N] | off
/// optimizer gd | momentum [beta B] | adam [beta1 B1] [beta2 B2] [eps E]
/// minibatch SIZE [seed N] | off | next
/// decay inverse RATE | scheduled RATE [interval K] | off
/// set precision N | max-elements N | linewidth N | output brief|full
/// ```
/// The keyword `seed` is the `seed` command's word (`CommandSpec.seed`): it seeds as that command does.

// MARK: - The specs

extension CommandSpec {
    /// `regularize l2 LAMBDA | off`.
    package static let regularize = CommandSpec(
        name: "regularize", usage: "regularize l2 LAMBDA   |   regularize off",
        summary: "L2: J += λ/(2m)·Σ‖W[l]‖² and dW[l] += (λ/m)·W[l] in cost, backward, train, gradcheck",
        details: ["The course's compute_cost_with_regularization and backward_propagation_with_regularization;",
                  "db is unchanged. `cost` and `backward` print the added terms."],
        arguments: Arguments(positions: [[.words(["l2", "off"])]]),
        effect: .buildsState,
        parse: Parser.regularize)

    /// `dropout KEEP [layers L…] [seed N] | off`.
    package static let dropout = CommandSpec(
        name: "dropout", usage: "dropout KEEP [layers L…] [seed N]   |   dropout off",
        summary: "inverted dropout on the hidden layers (never the output): D[l] = rand < KEEP, A[l]·D[l]/KEEP",
        details: ["forward:  D[l] = np.random.rand(n[l], m) < keep_prob;  A[l] = A[l]·D[l] / keep_prob",
                  "backward: dA[l] = dA[l]·D[l] / keep_prob before dZ[l] = dA[l] ⊙ g′(Z[l])",
                  "The masks D1, D2, … can be shown and set (a D[l] set by hand is used as it is).",
                  "With seed N every forward pass seeds first, as the course's forward_propagation_with_dropout.",
                  "predict, accuracy and gradcheck run without dropout."],
        arguments: Arguments(rest: [.words(["off", "layers", seed.name])]),
        effect: .buildsState,
        parse: Parser.dropout)

    /// `optimizer gd | momentum [beta B] | adam [beta1 B1] [beta2 B2] [eps E]`.
    package static let optimizer = CommandSpec(
        name: "optimizer", usage: "optimizer gd   |   optimizer momentum [beta B]   |   optimizer adam [beta1 B1] [beta2 B2] [eps E]",
        summary: "how `step` and `train` update: gradient descent, momentum (β 0.9) or Adam (0.9, 0.999, 1e-8)",
        details: ["momentum: vdW = β·vdW + (1−β)·dW;  W ← W − α·vdW",
                  "adam:     t ← t + 1;  vdW = β1·vdW + (1−β1)·dW;  sdW = β2·sdW + (1−β2)·dW²",
                  "          W ← W − α·(vdW/(1−β1^t)) / (√(sdW/(1−β2^t)) + ε)   (the same for b)",
                  "vdW1, vdb1, …, sdW1, sdb1, … and t can be shown and set; they start at zeros",
                  "(the course's initialize_velocity, initialize_adam), and `net` and `init` reset them."],
        arguments: Arguments(positions: [[.words(["gd", "momentum", "adam"])]],
                             rest: [.words(["beta", "beta1", "beta2", "eps"])]),
        effect: .buildsState,
        parse: Parser.optimizer)

    /// `minibatch SIZE [seed N] | off | next`.
    package static let minibatch = CommandSpec(
        name: "minibatch", usage: "minibatch SIZE [seed N]   |   minibatch off   |   minibatch next",
        summary: "`train N LR` runs N epochs of shuffled mini-batches, as the course's optimisation model",
        details: ["Before epoch i (from 0): np.random.seed(N + 1 + i); p = np.random.permutation(m); X, Y = X[:, p], Y[:, p];",
                  "batches of SIZE in order, the last smaller; each: forward, cost, backward, step (N is 10 unless given).",
                  "Prints `Cost after epoch i: J`, J = Σ (each batch's cost summed over its examples) / m.",
                  "`minibatch next` puts the next batch into X and Y to step through an epoch by hand;",
                  "`minibatch off` (or `train`) puts the full X and Y back."],
        arguments: Arguments(positions: [[.words(["off", "next"])]], rest: [.words([seed.name])]),
        effect: .buildsState,
        parse: Parser.minibatch)

    /// `decay inverse RATE | scheduled RATE [interval K] | off`.
    package static let decay = CommandSpec(
        name: "decay", usage: "decay inverse RATE   |   decay scheduled RATE [interval K]   |   decay off",
        summary: "the learning rate after epoch i: α0/(1 + RATE·i), or α0/(1 + RATE·⌊i/K⌋) (K = 1000)",
        details: ["The course's update_lr and schedule_lr_decay. `train` prints the rate when it changes;",
                  "without mini-batches every iteration is an epoch."],
        arguments: Arguments(positions: [[.words(["inverse", "scheduled", "off"])]], rest: [.words(["interval"])]),
        effect: .buildsState,
        parse: Parser.decay)

    /// `batchnorm L… [eps E] | off [L…]`, bare `batchnorm`.
    package static let batchnorm = CommandSpec(
        name: "batchnorm", usage: "batchnorm L… [eps E]   |   batchnorm off [L…]   |   batchnorm",
        summary: "batch normalisation of layers L… (course 2, week 3): γ[l], β[l] in place of b[l]",
        details: ["forward:  Z = W·A_prev,  mu = 1/m·Σ Z,  var = 1/m·Σ (Z − mu)²  (axis 1)",
                  "          Zn = (Z − mu)/√(var + ε),  Zt = gamma·Zn + beta,  A = g(Zt)",
                  "backward: dZt = dA ⊙ g′(Zt),  dgamma = 1/m·Σ dZt⊙Zn,  dbeta = 1/m·Σ dZt",
                  "          dZn = dZt ⊙ gamma,",
                  "          dZ = 1/m·1/√(var + ε)·(m·dZn − Σ dZn − Zn·Σ dZn⊙Zn)",
                  "The 1/m is in dW, dgamma and dbeta, as in dW and db (none in dZt, dZ).",
                  "Layer l's names: gamma<l>, beta<l>, mu<l>, var<l>, Zn<l>, Zt<l>, dZt<l>, …",
                  "(on a dense layer they are your own). γ = 1, β = 0, b[l] removed, W kept.",
                  "ε = 1e-05 unless `eps E`. `batchnorm off` makes layers dense (b = 0).",
                  "predict and accuracy use the μ and σ² of the training batch X.",
                  "`net` builds dense layers."],
        arguments: Arguments(positions: [[.layers, .words(["off"])]], rest: [.layers, .words(["eps"])],
                             after: ["eps": []]),
        effect: .buildsState,
        parse: Parser.batchnorm)

    /// `set precision|max-elements|linewidth|output …`.
    package static let set = CommandSpec(
        name: "set", usage: Setting.allCases.map { "set \($0.rawValue) \($0.argument)" }.joined(separator: "   |   "),
        summary: "numpy's precision= (8) and linewidth= (75), the largest matrix, brief or full output",
        details: ["max-elements bounds every matrix a command makes (randn, zeros, load, …).",
                  "linewidth wraps matrix rows as np.set_printoptions(linewidth=N) does.",
                  "output brief, for a projector: equations with shapes; forward shows A, backward dW and db,",
                  "step one line, bare show the values by state; arrays over 64 elements are summarised",
                  "as np.set_printoptions(threshold=64, edgeitems=3) does. output full: everything."],
        arguments: Arguments(positions: [[.words(Setting.allCases.map(\.rawValue))]],
                             after: ["output": [.words(OutputMode.allCases.map(\.rawValue))]]),
        effect: .changesSetting,
        parse: Parser.setting)
}

// MARK: - The text

extension Optimizer {
    /// The words after `optimizer` that choose it, every parameter given (`parse` reads them back).
    var optionsText: String {
        switch self {
        case .gd: return "gd"
        case let .momentum(beta): return "momentum beta \(beta)"
        case let .adam(b1, b2, eps): return "adam beta1 \(b1) beta2 \(b2) eps \(eps)"
        }
    }
}

// MARK: - The parses

extension Parser {
    /// `regularize l2 LAMBDA`, `regularize off`.
    fileprivate static func regularize(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.skipWord("off") { return .regularize(lambda: nil) }
        guard let t = c.peek else { throw c.unexpected(.word) }
        guard c.skipWord("l2") else { throw unknown(c.text(t), .regularizer, ["l2", "off"], c, t) }
        return .regularize(lambda: try real(&c, .lambda) { $0 >= 0 })
    }

    /// `dropout KEEP [layers L…] [seed N]`, `dropout off`.
    fileprivate static func dropout(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.skipWord("off") { return .dropout(nil) }
        let keep = try real(&c, .keep) { $0 > 0 && $0 <= 1 }
        var layers: [Int]?
        var seed: UInt32?
        while let t = c.peek {
            if layers == nil, c.skipWord("layers") {
                var list: [Int] = []
                while let n = c.peek, n.kind == .number {
                    list.append(try LiteralParser.integer(&c, .layer))
                    _ = c.skip(",")
                }
                guard !list.isEmpty else { throw c.unexpected(.quantity(.layer)) }
                layers = list
            } else if seed == nil, c.skipWord(CommandSpec.seed.name) {
                seed = UInt32(truncatingIfNeeded: try LiteralParser.integer(&c, .seed))
            } else {
                throw unknown(c.text(t), .dropout, ["layers", CommandSpec.seed.name], c, t)
            }
        }
        return .dropout(Dropout(keep: keep, layers: layers, seed: seed))
    }

    /// `optimizer gd`, `optimizer momentum [beta B]`, `optimizer adam [beta1 B1] [beta2 B2] [eps E]`.
    fileprivate static func optimizer(_ c: inout TokenCursor) throws(ParseError) -> Command {
        guard let t = c.peek else { throw c.unexpected(.word) }
        let w = try c.word(.word)
        switch w {
        case "gd": return .optimizer(.gd)
        case "momentum":
            var beta = Optimizer.defaultBeta
            if c.skipWord("beta") { beta = try real(&c, .beta) { $0 >= 0 && $0 < 1 } }
            return .optimizer(.momentum(beta: beta))
        case "adam":
            var (b1, b2, eps) = (Optimizer.defaultBeta, Optimizer.defaultBeta2, Optimizer.defaultEpsilon)
            while let o = c.peek {
                if c.skipWord("beta1") {
                    b1 = try real(&c, .beta) { $0 >= 0 && $0 < 1 }
                } else if c.skipWord("beta2") {
                    b2 = try real(&c, .beta) { $0 >= 0 && $0 < 1 }
                } else if c.skipWord("eps") || c.skipWord("epsilon") {
                    eps = try real(&c, .adamEpsilon) { $0 > 0 }
                } else {
                    throw unknown(c.text(o), .optimizer, ["beta1", "beta2", "eps"], c, o)
                }
            }
            return .optimizer(.adam(beta1: b1, beta2: b2, epsilon: eps))
        default:
            throw unknown(w, .optimizer, ["gd", "momentum", "adam"], c, t)
        }
    }

    /// `minibatch SIZE [seed N]`, `minibatch off`, `minibatch next`.
    fileprivate static func minibatch(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.skipWord("off") { return .minibatch(.off) }
        if c.skipWord("next") { return .minibatch(.next) }
        if let t = c.peek, t.kind == .word { throw unknown(c.text(t), .minibatch, ["off", "next"], c, t) }
        let size = try LiteralParser.integer(&c, .batchSize)
        var seed = MiniBatch.defaultSeed
        if c.skipWord(CommandSpec.seed.name) { seed = UInt32(truncatingIfNeeded: try LiteralParser.integer(&c, .seed)) }
        return .minibatch(.on(MiniBatch(size: size, seed: seed)))
    }

    /// `decay inverse RATE`, `decay scheduled RATE [interval K]`, `decay off`.
    fileprivate static func decay(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.skipWord("off") { return .decay(nil) }
        guard let t = c.peek else { throw c.unexpected(.word) }
        let w = try c.word(.word)
        switch w {
        case "inverse": return .decay(.inverse(rate: try real(&c, .decayRate) { $0 >= 0 }))
        case "scheduled":
            let rate = try real(&c, .decayRate) { $0 >= 0 }
            var k = LearningRateDecay.defaultInterval
            if c.skipWord("interval") { k = try LiteralParser.integer(&c, .decayInterval) }
            return .decay(.scheduled(rate: rate, interval: k))
        default:
            throw unknown(w, .decay, ["inverse", "scheduled", "off"], c, t)
        }
    }

    /// `batchnorm L… [eps E]`, `batchnorm off [L…]`, bare `batchnorm`.
    fileprivate static func batchnorm(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.atEnd { return .batchnorm(.show) }
        let off = c.skipWord("off")
        var layers: [Int] = []
        while let n = c.peek, n.kind == .number {
            layers.append(try LiteralParser.integer(&c, .layer))
            _ = c.skip(",")
        }
        if off {
            guard c.atEnd, let t = c.peek else { return .batchnorm(.off(layers: layers)) }
            throw c.unexpected(t, .quantity(.layer))
        }
        guard !layers.isEmpty else { throw c.unexpected(.quantity(.layer)) }
        var epsilon: Double?
        if c.skipWord("eps") || c.skipWord("epsilon") { epsilon = try real(&c, .batchNormEpsilon) { $0 > 0 } }
        if let t = c.peek { throw unknown(c.text(t), .batchnorm, ["eps"], c, t) }
        return .batchnorm(.on(layers: layers, epsilon: epsilon))
    }

    /// `set precision N`, `set max-elements N`, `set linewidth N`, `set output brief|full`.
    fileprivate static func setting(_ c: inout TokenCursor) throws(ParseError) -> Command {
        guard let t = c.peek else { throw c.unexpected(.setting) }
        let w = try c.word(.setting)
        if w == "max" || w == "max_elements" {
            if w == "max" && !(c.skip("-") && c.skipWord("elements")) {
                throw unknown(w, .setting, settings, c, t)
            }
            return .setMaxElements(try LiteralParser.integer(&c, .maxElements))
        } else if w == Setting.lineWidth.rawValue {
            return .setLineWidth(try LiteralParser.integer(&c, .lineWidth))
        } else if w == Setting.output.rawValue {
            guard let m = c.peek else { throw c.unexpected(.outputMode) }
            let mode = try c.word(.outputMode)
            guard let chosen = OutputMode(rawValue: mode) else {
                throw unknown(mode, .outputMode, OutputMode.allCases.map(\.rawValue), c, m)
            }
            return .setOutput(chosen)
        } else {
            guard w == Setting.precision.rawValue else { throw unknown(w, .setting, settings, c, t) }
            return .setPrecision(try LiteralParser.integer(&c, .precision))
        }
    }

    private static let settings = Setting.allCases.map(\.rawValue)

    /// A finite real number that `valid` accepts, else an out-of-range error naming the quantity.
    private static func real(_ c: inout TokenCursor, _ q: ParseError.Quantity,
                             _ valid: (Double) -> Bool) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.quantity(q)) }
        let x = try LiteralParser.real(&c)
        guard x.isFinite, valid(x) else { throw ParseError.outOfRange(c.snippet(t), q, at: c.position(t)) }
        return x
    }
}
