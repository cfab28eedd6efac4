import NNLanguage

/// What the caller of `Session.execute` hands a command: the width its output may use, where
/// `train`'s progress and cost lines go as they come, and how to ask whether Ctrl-C asked it
/// to stop. The session never asks the terminal, and keeps none of these between commands.
public struct ExecutionContext {
    /// The columns a line of output may use (the shell's `TerminalWidth`): the diagram,
    /// plots and help fit it.
    public var columns: Int
    /// Called during `train` and `gradcheck` with their progress (a shell on a terminal draws a bar).
    public var progress: ((TrainProgress) -> Void)?
    /// Receives, as they happen, the lines a long command shows before its result
    /// (`train`'s `Cost after iteration i`); nil keeps them in the result.
    public var stream: ((Output) -> Void)?
    /// Polled between the iterations of a long command (`train`, `gradcheck`): true once Ctrl-C
    /// asked it to stop. The process's Ctrl-C flag unless the caller gives its own.
    public var shouldStop: () -> Bool

    public init(columns: Int = 80, progress: ((TrainProgress) -> Void)? = nil, stream: ((Output) -> Void)? = nil,
                shouldStop: @escaping () -> Bool = { Interrupt.consume() }) {
        self.columns = columns
        self.progress = progress
        self.stream = stream
        self.shouldStop = shouldStop
    }
}

/// What a command may use beyond the session's state, and what it reports back:
/// `train`'s progress, where `load` finds a relative file name, whether an `expect` failed,
/// and what ran when Ctrl-C stopped a command.
struct CommandContext {
    /// Called during `train` and `gradcheck` with their progress (set by a shell on a terminal).
    var progress: ((TrainProgress) -> Void)?
    /// Receives, as they happen, the lines a long command shows before its result
    /// (`train`'s `Cost after iteration i`); nil keeps them in the result.
    var stream: ((Output) -> Void)?
    /// A file name as `load` should open it (see `Session.resolveInput`).
    var resolveInput: (String) -> String
    /// The columns a line of output may use (the shell's `TerminalWidth`): the diagram,
    /// plots and help fit it.
    var columns = 80
    /// Polled between the iterations of a long command (`train`, `gradcheck`): true once Ctrl-C
    /// asked it to stop. The process's Ctrl-C flag unless the caller gives its own.
    var shouldStop: () -> Bool = { Interrupt.consume() }
    /// Set when an `expect` fails, or `gradcheck` finds a mistake (a replay then exits with 1).
    var expectFailed = false
    /// Set when Ctrl-C stopped the command short: the command that does what did run
    /// (`train` with the iterations it finished), which the session records instead.
    var stopped: Command?
}

extension CommandContext {
    /// The context of one command: what its caller gave, and where `load` looks for files.
    init(_ given: ExecutionContext, resolveInput: @escaping (String) -> String) {
        self.init(progress: given.progress, stream: given.stream, resolveInput: resolveInput,
                  columns: given.columns, shouldStop: given.shouldStop)
    }
}
