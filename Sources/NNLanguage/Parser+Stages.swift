import NNCore

/// The stages beyond the lecture's loop: `regularize`, `dropout`, `optimizer`, `minibatch`, `decay`.
///
/// ```
/// regularize l2 LAMBDA | off
/// dropout KEEP [layers L…] [seed N] | off
/// optimizer gd | momentum [beta B] | adam [beta1 B1] [beta2 B2] [eps E]
/// minibatch SIZE [seed N] | off | next
/// decay inverse RATE | scheduled RATE [interval K] | off
/// batchnorm L… [eps E] | off [L…] | (bare)
/// ```
extension Parser {
    package static func stageSetting(_ word: String, _ c: inout TokenCursor) throws(ParseError) -> Command {
        switch word {
        case "regularize":
            if c.skipWord("off") { return .regularize(lambda: nil) }
            guard let t = c.peek else { throw c.unexpected(.word) }
            guard c.skipWord("l2") else { throw stageUnknown(c.text(t), .regularizer, ["l2", "off"], c, t) }
            return .regularize(lambda: try real(&c, .lambda) { $0 >= 0 })
        case "dropout":
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
                } else if seed == nil, c.skipWord("seed") {
                    seed = UInt32(truncatingIfNeeded: try LiteralParser.integer(&c, .seed))
                } else {
                    throw stageUnknown(c.text(t), .dropout, ["layers", "seed"], c, t)
                }
            }
            return .dropout(Dropout(keep: keep, layers: layers, seed: seed))
        case "batchnorm":
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
            if let t = c.peek { throw stageUnknown(c.text(t), .batchnorm, ["eps"], c, t) }
            return .batchnorm(.on(layers: layers, epsilon: epsilon))
        case "optimizer":
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
                        throw stageUnknown(c.text(o), .optimizer, ["beta1", "beta2", "eps"], c, o)
                    }
                }
                return .optimizer(.adam(beta1: b1, beta2: b2, epsilon: eps))
            default:
                throw stageUnknown(w, .optimizer, ["gd", "momentum", "adam"], c, t)
            }
        case "minibatch":
            if c.skipWord("off") { return .minibatch(.off) }
            if c.skipWord("next") { return .minibatch(.next) }
            if let t = c.peek, t.kind == .word { throw stageUnknown(c.text(t), .minibatch, ["off", "next"], c, t) }
            let size = try LiteralParser.integer(&c, .batchSize)
            var seed = MiniBatch.defaultSeed
            if c.skipWord("seed") { seed = UInt32(truncatingIfNeeded: try LiteralParser.integer(&c, .seed)) }
            return .minibatch(.on(MiniBatch(size: size, seed: seed)))
        default:   // "decay"
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
                throw stageUnknown(w, .decay, ["inverse", "scheduled", "off"], c, t)
            }
        }
    }

    /// A finite real number that `valid` accepts, else an out-of-range error naming the quantity.
    private static func real(_ c: inout TokenCursor, _ q: ParseError.Quantity,
                             _ valid: (Double) -> Bool) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.quantity(q)) }
        let x = try LiteralParser.real(&c)
        guard x.isFinite, valid(x) else { throw ParseError.outOfRange(c.snippet(t), q, at: c.position(t)) }
        return x
    }

    private static func stageUnknown(_ word: String, _ choice: ParseError.Choice, _ options: [String],
                                     _ c: TokenCursor, _ t: Token) -> ParseError {
        .unknownChoice(ParseError.abbreviate(word), choice,
                       suggestions: Suggestions.closest(to: word, in: options), at: c.position(t))
    }
}

// MARK: - Written back

extension Command {
    /// The line of a stage setting, which parses to the same command.
    package var stageText: String {
        switch self {
        case let .regularize(lambda): return "regularize " + (lambda.map { "l2 \($0)" } ?? "off")
        case let .dropout(d?):
            return "dropout \(d.keep)" + (d.layers.map { " layers " + $0.map(String.init).joined(separator: " ") } ?? "")
                + (d.seed.map { " seed \($0)" } ?? "")
        case .dropout(nil): return "dropout off"
        case .optimizer(.gd): return "optimizer gd"
        case let .optimizer(.momentum(beta)): return "optimizer momentum beta \(beta)"
        case let .optimizer(.adam(b1, b2, eps)): return "optimizer adam beta1 \(b1) beta2 \(b2) eps \(eps)"
        case let .minibatch(.on(batch)): return "minibatch \(batch.size) seed \(batch.seed)"
        case .minibatch(.off): return "minibatch off"
        case .minibatch(.next): return "minibatch next"
        case let .decay(.inverse(rate)?): return "decay inverse \(rate)"
        case let .decay(.scheduled(rate, k)?): return "decay scheduled \(rate) interval \(k)"
        case .decay(nil): return "decay off"
        case let .batchnorm(.on(layers, eps)):
            return "batchnorm " + layers.map(String.init).joined(separator: " ") + (eps.map { " eps \($0)" } ?? "")
        case let .batchnorm(.off(layers)): return "batchnorm off" + layers.map { " \($0)" }.joined()
        case .batchnorm(.show): return "batchnorm"
        default: return description
        }
    }
}
