import NNCore

/// A command written back as the line that gives it, for `history` and
/// `save FILE.nnscript`. Parsing the text gives the same command again: every file
/// name and array key goes through `StringLiteral`, which quotes it when it is not plain.
extension Command: CustomStringConvertible {
    public var description: String {
        let word = spec.name
        switch self {
        case let .net(specs):
            return word + " " + specs.map { s in s.activation.map { "\(s.units):\($0.name)" } ?? String(s.units) }
                .joined(separator: " ")
        case let .act(l, g): return "\(word) \(l) \(g.name)"
        case let .loss(choice): return "\(word) \(choice.name)"
        case let .seed(n): return "\(word) \(n)"
        case let .initialize(scheme, seed): return "\(word) \(scheme.name)" + (seed.map { " seed \($0)" } ?? "")
        case let .dataset(name): return word + " " + StringLiteral.fileName(name)
        case let .assign(name, expr): return "\(name) \(word) \(expr.valueDescription)"
        case let .assignElement(name, i, j, x): return "\(name)[\(i),\(j)] \(word) \(x)"
        case let .forward(t): return word + t.suffix
        case .cost: return word
        case let .backward(t): return word + t.suffix
        case let .step(alpha): return "\(word) \(alpha)"
        case let .train(n, alpha, every): return "\(word) \(n) \(alpha)" + (every.map { " every \($0)" } ?? "")
        case let .regularize(lambda): return word + " " + (lambda.map { "l2 \($0)" } ?? "off")
        case let .dropout(d?):
            return "\(word) \(d.keep)" + (d.layers.map { " layers " + $0.map(String.init).joined(separator: " ") } ?? "")
                + (d.seed.map { " seed \($0)" } ?? "")
        case .dropout(nil): return word + " off"
        case let .optimizer(o): return word + " " + o.optionsText
        case let .minibatch(.on(batch)): return "\(word) \(batch.size) seed \(batch.seed)"
        case .minibatch(.off): return word + " off"
        case .minibatch(.next): return word + " next"
        case let .decay(.inverse(rate)?): return "\(word) inverse \(rate)"
        case let .decay(.scheduled(rate, k)?): return "\(word) scheduled \(rate) interval \(k)"
        case .decay(nil): return word + " off"
        case let .batchnorm(.on(layers, eps)):
            return word + " " + layers.map(String.init).joined(separator: " ") + (eps.map { " eps \($0)" } ?? "")
        case let .batchnorm(.off(layers)): return word + " off" + layers.map { " \($0)" }.joined()
        case .batchnorm(.show): return word
        case let .predict(x): return word + (x.map { " \($0)" } ?? "")
        case let .accuracy(x, y): return word + [x, y].compactMap { $0.map { " \($0)" } }.joined()
        case let .show(target): return word + target.suffix
        case let .setPrecision(p): return "\(word) \(Setting.precision.rawValue) \(p)"
        case let .setMaxElements(n): return "\(word) \(Setting.maxElements.rawValue) \(n)"
        case let .setLineWidth(n): return "\(word) \(Setting.lineWidth.rawValue) \(n)"
        case let .setOutput(mode): return "\(word) \(Setting.output.rawValue) \(mode.rawValue)"
        case let .explain(target): return word + " " + target.text
        case .diagram: return word
        case let .plot(target): return "\(word) \(target.rawValue)"
        case let .trace(k): return "\(word) \(k)"
        case let .export(path): return word + " " + StringLiteral.fileName(path)
        case let .gradcheck(eps): return word + (eps.map { " eps \($0)" } ?? "")
        case .undo, .redo, .reset, .history, .clear, .quit: return word
        case let .expect(name, expr, atol, rtol):
            return "\(word) \(name) \(expr.valueDescription)" + (atol.map { " atol \($0)" } ?? "")
                + (rtol.map { " rtol \($0)" } ?? "")
        case let .save(path, names): return word + " " + StringLiteral.fileName(path) + names.map { " \($0)" }.joined()
        case let .load(path, key, target):
            return word + " " + StringLiteral.fileName(path) + (key.map { " " + StringLiteral.key($0) } ?? "")
                + (target.map { " as \($0)" } ?? "")
        case let .run(path): return word + " " + StringLiteral.fileName(path)
        case .resetDefault: return word + " default"
        case let .help(topic): return word + (topic.map { " \($0)" } ?? "")
        }
    }
}

extension Matrix {
    /// `[[1.0, 2.0], [3.0, 4.0]]`, every value in round-trip precision.
    package var literalText: String {
        if rows == 1 && cols == 1 { return String(storage[0]) }
        let body = (0..<rows).map { i in "[" + row(i).map { String($0) }.joined(separator: ", ") + "]" }
        return "[" + body.joined(separator: ", ") + "]"
    }
}

private extension StageTarget {
    package var suffix: String {
        switch self {
        case .next: return ""
        case let .layer(l): return " \(l)"
        case .all: return " all"
        }
    }
}

private extension ShowTarget {
    package var suffix: String {
        switch self {
        case .overview: return ""
        case let .names(names): return names.map { " \($0)" }.joined()
        case let .layer(l): return " layer \(l)"
        case .params: return " params"
        case .grads: return " grads"
        }
    }
}

private extension ExplainTarget {
    /// The stage's part is the word of the command that runs it.
    package var text: String {
        switch self {
        case let .forward(l): return "\(CommandSpec.forward.name) \(l)"
        case let .backward(l): return "\(CommandSpec.backward.name) \(l)"
        case .cost: return CommandSpec.cost.name
        case let .name(n, row, col):
            if let row, let col { return "\(n)[\(row),\(col)]" }
            return "\(n)"
        }
    }
}
