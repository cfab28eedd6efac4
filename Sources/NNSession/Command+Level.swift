import NNCore
import NNLanguage

/// Where a command runs, and how: `Command.level` is the one switch that routes every command.
///
/// ```
/// shell   run, clear, quit               the shell that reads the lines (NNShell's Shell)
/// log     history, undo, redo,           the session's record of what ran: Session.execute(LogCommand)
///         save FILE.nnscript, export
/// state   every other command            the state alone, on a copy kept if it succeeds:
///                                        Session.execute(StateCommand, in:)
/// ```
/// Each level's executor takes only its own commands, so none holds an arm it never reaches, and
/// a new case of `Command` does not build until it has its level here.
public enum Level {
    case shell(ShellCommand)
    case log(LogCommand)
    case state(StateCommand)
}

/// A command the shell that reads the lines runs itself.
public enum ShellCommand: Equatable, Sendable {
    /// `run FILE`: the script's lines, run as lines of this shell.
    case run(path: String)
    /// `clear`: a clean screen.
    case clear
    /// `quit` or `exit`.
    case quit
}

/// A command that works on the session's record of what ran, not on one state.
public struct LogCommand {
    /// The command as parsed (what `history` lists).
    public let command: Command
    let action: Action

    enum Action {
        case history
        case undo
        case redo
        case saveScript(path: String, names: [MatrixName])
        case export(path: String)
    }
}

/// A command that works on the session's state alone: how it runs on a state.
public struct StateCommand {
    /// The command as parsed (what `history`, `undo` and a saved script record).
    public let command: Command
    let run: (inout SessionState, inout CommandContext) throws(SessionError) -> [Output]
}

// MARK: - The routing

extension Command {
    /// The level the command runs at, with what it does there.
    public var level: Level {
        switch self {
        case let .run(path): return .shell(.run(path: path))
        case .clear: return .shell(.clear)
        case .quit: return .shell(.quit)

        case .history: return log(.history)
        case .undo: return log(.undo)
        case .redo: return log(.redo)
        case let .save(path, names) where path.hasSuffix(".nnscript"): return log(.saveScript(path: path, names: names))
        case let .export(path): return log(.export(path: path))

        case let .net(specs): return state { (s, _) throws(SessionError) in try s.net(specs) }
        case let .act(l, g): return state { (s, _) throws(SessionError) in try s.act(l, g) }
        case let .loss(choice): return state { s, _ in s.setLoss(choice) }
        case let .seed(n): return state { s, _ in s.seed(n) }
        case let .initialize(scheme, seed):
            return state { (s, _) throws(SessionError) in try s.initialize(scheme, seed: seed) }
        case let .dataset(name):
            return state { (s, context) throws(SessionError) in try s.dataset(name, resolveInput: context.resolveInput) }
        case let .assign(name, expr): return state { (s, _) throws(SessionError) in try s.assign(name, expr) }
        case let .assignElement(name, row, col, x):
            return state { (s, _) throws(SessionError) in try s.assignElement(name, row: row, col: col, x) }
        case let .forward(target): return state { (s, _) throws(SessionError) in try s.forwardBriefly(target) }
        case .cost: return state { (s, _) throws(SessionError) in try s.cost() }
        case let .backward(target): return state { (s, _) throws(SessionError) in try s.backwardBriefly(target) }
        case let .step(alpha): return state { (s, _) throws(SessionError) in try s.stepBriefly(alpha) }
        case let .train(n, alpha, every):
            return state { (s, context) throws(SessionError) in try s.train(n, alpha, every: every, &context) }
        case let .regularize(lambda): return state { s, _ in s.regularize(lambda) }
        case let .dropout(d): return state { (s, _) throws(SessionError) in try s.setDropout(d) }
        case let .optimizer(o): return state { s, _ in s.setOptimizer(o) }
        case let .minibatch(m): return state { (s, _) throws(SessionError) in try s.minibatch(m) }
        case let .decay(d): return state { s, _ in s.setDecay(d) }
        case let .batchnorm(change): return state { (s, _) throws(SessionError) in try s.batchnorm(change) }
        case let .predict(x): return state { (s, _) throws(SessionError) in try s.predict(x) }
        case let .accuracy(x, y): return state { (s, _) throws(SessionError) in try s.accuracy(x, y) }
        case let .show(target):
            return state { (s, context) throws(SessionError) in try s.show(target, columns: context.columns) }
        case let .setPrecision(p): return state { (s, _) throws(SessionError) in try s.setPrecision(p) }
        case let .setMaxElements(n): return state { (s, _) throws(SessionError) in try s.setMaxElements(n) }
        case let .setLineWidth(n): return state { s, _ in s.setLineWidth(n) }
        case let .setOutput(mode): return state { s, _ in s.setOutput(mode) }
        case let .explain(target): return state { (s, _) throws(SessionError) in try s.explain(target) }
        case .diagram: return state { (s, context) throws(SessionError) in try s.diagram(columns: context.columns) }
        case .plot(.cost): return state { (s, context) throws(SessionError) in try s.plotCost(columns: context.columns) }
        case .plot(.boundary):
            return state { (s, context) throws(SessionError) in try s.plotBoundary(columns: context.columns) }
        case let .trace(k): return state { (s, _) throws(SessionError) in try s.trace(k) }
        case let .expect(name, expr, atol, rtol):
            return state { (s, context) throws(SessionError) in try s.expect(name, expr, atol: atol, rtol: rtol, &context) }
        case let .gradcheck(eps):
            return state { (s, context) throws(SessionError) in try s.gradcheck(epsilon: eps, &context) }
        case let .save(path, names): return state { (s, _) throws(SessionError) in try s.save(path, names: names) }
        case let .load(path, key, target):
            return state { (s, context) throws(SessionError) in try s.load(context.resolveInput(path), key: key, as: target) }
        case .reset: return state { s, _ in s.reset() }
        case .resetDefault: return state { s, _ in s.resetToDefault() }
        case let .help(topic): return state { _, context in Help.text(for: topic, columns: context.columns) }
        }
    }

    private func log(_ action: LogCommand.Action) -> Level {
        .log(LogCommand(command: self, action: action))
    }

    private func state(_ run: @escaping (inout SessionState, inout CommandContext) throws(SessionError) -> [Output]) -> Level {
        .state(StateCommand(command: self, run: run))
    }
}
