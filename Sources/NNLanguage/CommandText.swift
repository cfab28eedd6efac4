import NNCore

/// A command written back as the line that gives it, for `history` and
/// `save FILE.nnscript`. Parsing the text gives the same command again: every file
/// name and array key goes through `StringLiteral`, which quotes it when it is not plain.
extension Command: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .net(specs):
            return "net " + specs.map { s in s.activation.map { "\(s.units):\($0.name)" } ?? String(s.units) }
                .joined(separator: " ")
        case let .act(l, g): return "act \(l) \(g.name)"
        case let .loss(choice): return "loss \(choice.name)"
        case let .seed(n): return "seed \(n)"
        case let .initialize(scheme, seed): return "init \(scheme.name)" + (seed.map { " seed \($0)" } ?? "")
        case let .dataset(name): return "dataset " + StringLiteral.fileName(name)
        case let .assign(name, expr): return "\(name) = \(expr)"
        case let .assignElement(name, i, j, x): return "\(name)[\(i),\(j)] = \(x)"
        case let .forward(t): return "forward" + t.suffix
        case .cost: return "cost"
        case let .backward(t): return "backward" + t.suffix
        case let .step(alpha): return "step \(alpha)"
        case let .train(n, alpha, every): return "train \(n) \(alpha)" + (every.map { " every \($0)" } ?? "")
        case .regularize, .dropout, .optimizer, .minibatch, .decay, .batchnorm: return stageText
        case let .predict(x): return "predict" + (x.map { " \($0)" } ?? "")
        case let .accuracy(x, y): return "accuracy" + [x, y].compactMap { $0.map { " \($0)" } }.joined()
        case let .show(target): return "show" + target.suffix
        case let .setPrecision(p): return "set precision \(p)"
        case let .setMaxElements(n): return "set max-elements \(n)"
        case let .setLineWidth(n): return "set linewidth \(n)"
        case let .setOutput(mode): return "set output \(mode.rawValue)"
        case let .explain(target): return "explain " + target.text
        case .diagram: return "diagram"
        case let .plot(target): return "plot \(target.rawValue)"
        case let .trace(k): return "trace \(k)"
        case let .export(path): return "export " + StringLiteral.fileName(path)
        case let .gradcheck(eps): return "gradcheck" + (eps.map { " eps \($0)" } ?? "")
        case .undo: return "undo"
        case .redo: return "redo"
        case let .expect(name, expr, atol, rtol):
            return "expect \(name) \(expr)" + (atol.map { " atol \($0)" } ?? "") + (rtol.map { " rtol \($0)" } ?? "")
        case let .save(path, names): return "save " + StringLiteral.fileName(path) + names.map { " \($0)" }.joined()
        case let .load(path, key, target):
            return "load " + StringLiteral.fileName(path) + (key.map { " " + StringLiteral.key($0) } ?? "")
                + (target.map { " as \($0)" } ?? "")
        case let .run(path): return "run " + StringLiteral.fileName(path)
        case .reset: return "reset"
        case .resetDefault: return "reset default"
        case .history: return "history"
        case let .help(topic): return "help" + (topic.map { " \($0)" } ?? "")
        case .clear: return "clear"
        case .quit: return "quit"
        }
    }
}

// MARK: - The command word

extension Command {
    /// The word the command's line starts with (`=` for an assignment), which names its `CommandSpec`.
    package var word: String {
        switch self {
        case .net: return "net"
        case .act: return "act"
        case .loss: return "loss"
        case .seed: return "seed"
        case .initialize: return "init"
        case .dataset: return "dataset"
        case .assign, .assignElement: return "="
        case .forward: return "forward"
        case .cost: return "cost"
        case .backward: return "backward"
        case .step: return "step"
        case .train: return "train"
        case .regularize: return "regularize"
        case .dropout: return "dropout"
        case .optimizer: return "optimizer"
        case .minibatch: return "minibatch"
        case .decay: return "decay"
        case .batchnorm: return "batchnorm"
        case .predict: return "predict"
        case .accuracy: return "accuracy"
        case .show: return "show"
        case .setPrecision, .setMaxElements, .setLineWidth, .setOutput: return "set"
        case .explain: return "explain"
        case .diagram: return "diagram"
        case .plot: return "plot"
        case .trace: return "trace"
        case .export: return "export"
        case .gradcheck: return "gradcheck"
        case .undo: return "undo"
        case .redo: return "redo"
        case .expect: return "expect"
        case .save: return "save"
        case .load: return "load"
        case .run: return "run"
        case .reset, .resetDefault: return "reset"
        case .history: return "history"
        case .help: return "help"
        case .clear: return "clear"
        case .quit: return "quit"
        }
    }

    /// What `CommandSpec.all` says running the command does to the session.
    package var effect: CommandSpec.Effect {
        CommandSpec.named(word)?.effect ?? .leavesState
    }
}

extension ValueExpr: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .literal(m): return m.literalText
        case let .randn(r, c): return "randn \(r) \(c)"
        case let .rand(r, c): return "rand \(r) \(c)"
        case let .zeros(r, c): return "zeros \(r) \(c)"
        case let .ones(r, c): return "ones \(r) \(c)"
        case let .permutation(n): return "permutation \(n)"
        case let .normal(r, c, s): return "normal \(r) \(c)" + (s == 1 ? "" : " scale \(s)")
        case let .name(n, transposed): return "\(n)" + (transposed ? ".T" : "")
        case let .scaled(.literal(m), .multiply, s) where m.rows == 1 && m.cols == 1:
            // `2 * 10` is read as 10 scaled by 2 (a number before `*` is the scale), so a
            // scaled number is written scale first to read back the same.
            return "\(s) * \(m.literalText)"
        case let .scaled(inner, op, s): return "\(inner) \(op.rawValue) \(s)"
        case let .onehot(n, k): return "onehot \(n) \(k)"
        case let .expression(e): return e.description
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
    package var text: String {
        switch self {
        case let .forward(l): return "forward \(l)"
        case let .backward(l): return "backward \(l)"
        case .cost: return "cost"
        case let .name(n, row, col):
            if let row, let col { return "\(n)[\(row),\(col)]" }
            return "\(n)"
        }
    }
}
