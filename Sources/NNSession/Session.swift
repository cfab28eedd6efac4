#if canImport(Glibc)
import Glibc
#endif
import NNCore
import NNLanguage
import NNDatasets
import NNFiles

/// A live network: its architecture, every matrix it holds, and the random
/// generator. Commands run against a copy and replace the state only when
/// they succeed, so a command that fails changes nothing.
public final class Session {
    /// Everything a command may change (a value type: copying it is a snapshot).
    var state: SessionState
    /// Commands that ran successfully, in order, as they ran (for `history`).
    private(set) var log: [RecordedCommand] = []
    /// The commands that built the current state, as they ran, each with its export block
    /// (for `save FILE.nnscript` and `export`); `undo` takes them back.
    private(set) var built: [BuiltCommand] = []
    /// Whether any `expect` has failed since the session started.
    public private(set) var expectFailed = false
    /// States before each command that changed them, newest last (for `undo`).
    private var undoStack = SnapshotStack(depth: Session.undoDepth, elementLimit: Session.undoElements)
    /// States undone, newest last (for `redo`).
    private var redoStack = SnapshotStack(depth: Session.undoDepth, elementLimit: Session.undoElements)
    /// Scripts being run (canonical paths), innermost last, to catch a script
    /// that runs itself and to find files beside the running script.
    package var runStack: [String] = []
    /// Folders `load` and `run` also search for a relative file name (`--data DIR`).
    public var dataDirectories: [String] = []
    /// The file each `load` path opened, as found then (for `save FILE.nnscript`).
    private(set) var loadPaths: [String: String] = [:]

    /// An empty session: no network until `net`.
    public init(empty: Void = ()) {
        state = SessionState()
    }

    /// The built-in default session: the lecture's three-layer binary
    /// classifier (relu, relu, sigmoid) on the four XOR points at ±1
    /// (see `SessionState.lectureDefault`).
    public convenience init() {
        self.init(empty: ())
        // The set-up is where the learner starts: not a command to list or undo
        // (a saved script still repeats it, so it replays on an empty session too).
        state = SessionState.lectureDefault
        built = zip(SessionState.defaultScript, PythonExport.defaultSetUp).map {
            BuiltCommand(ran: RecordedCommand(command: $0), export: $1)
        }
    }
}

// MARK: - Running commands

extension Session {
    /// Runs a command on the state: the outputs to print, or an error with the state untouched.
    ///
    /// It runs on a copy of the state, kept if it succeeds; `undo` keeps the state before it
    /// when it changed the state. `context` is what the caller gives this one command (see
    /// `Command.level` for which commands run here).
    public func execute(_ command: StateCommand,
                        in given: ExecutionContext = ExecutionContext()) throws(SessionError) -> [Output] {
        var next = state
        var context = CommandContext(given, resolveInput: resolveInput)
        if case let .load(path, _, _) = command.command { loadPaths[path] = resolveInput(path) }
        if case let .dataset(name) = command.command, let file = BuiltinDataset.fileName(of: name) {
            loadPaths[file] = resolveInput(file)
        }
        let outputs = try command.run(&next, &context)
        if context.expectFailed { expectFailed = true }
        // What ran, when Ctrl-C stopped it short, is what history and a saved script repeat.
        let ran = RecordedCommand(command: context.stopped ?? command.command, stopped: context.stopped != nil)
        if command.command.isUndoable {
            undoStack.push(snapshot(ran.command))
            redoStack.removeAll()
            built.append(BuiltCommand(ran: ran, export: PythonExport.block(ran.command, before: state, after: next,
                                                                           resolveInput: resolveInput)))
        }
        state = next
        record(ran)
        return outputs
    }

    /// Runs a command on the session's log: `history`, `undo`, `redo`, `save FILE.nnscript`
    /// and `export`.
    public func execute(_ command: LogCommand) throws(SessionError) -> [Output] {
        let outputs: [Output]
        switch command.action {
        case .history: outputs = historyOutputs()
        case .undo: outputs = try undo()
        case .redo: outputs = try redo()
        case let .saveScript(path, names): outputs = try saveScript(path, names: names)
        case let .export(path): outputs = try export(path)
        }
        record(RecordedCommand(command: command.command))
        return outputs
    }

    /// Adds a command that ran to `history` (the shell's `run` comes here after its script,
    /// marked stopped when Ctrl-C skipped the rest of it).
    package func record(_ ran: RecordedCommand) {
        if ran.command.isRecorded { log.append(ran) }
    }

    /// Where the session stands, for the prompt: `fwd 2/3`, `bwd 3`, `cost`, or empty.
    public var stageLabel: String { state.promptLabel }

    /// Every matrix name the session holds now, for completion.
    public var matrixNames: [String] { state.visibleNames.map(\.description) }

    /// The digits a matrix prints with (`set precision N`).
    public var precision: Int { state.precision }

    /// The characters a line of a matrix may hold (`set linewidth N`, numpy's `linewidth=`).
    public var lineWidth: Int { state.lineWidth }

    /// How much the stages print (`set output brief|full`).
    public var output: OutputMode { state.output }

    private func historyOutputs() -> [Output] {
        if log.isEmpty { return [.text("(no commands yet)")] }
        return log.enumerated().map { .text("\(String($0.offset + 1).leftPadded(to: 4))  \($0.element)") }
    }

    /// A relative file name as given when it exists there; otherwise the first
    /// match beside the running scripts (innermost first) or in `dataDirectories`.
    package func resolveInput(_ path: String) -> String {
        if path.hasPrefix("/") || FilePath.exists(path) { return path }
        let folders = runStack.reversed().map(FilePath.directory) + dataDirectories
        for folder in folders {
            let candidate = folder + "/" + path
            if FilePath.exists(candidate) { return candidate }
        }
        return path
    }
}

// MARK: - Undo and redo

extension Session {
    /// A command that built the state, and what `export` writes for it (nil when it writes
    /// nothing), made when it ran: undo and redo move the two together.
    struct BuiltCommand: Equatable {
        var ran: RecordedCommand
        var export: PythonExport.Block?
    }

    /// A state to go back to.
    struct Snapshot {
        var state: SessionState
        /// How many of `built` made that state.
        var builtCount: Int
        /// For `redo`: the commands `undo` took off `built`.
        var undone: [BuiltCommand] = []
        /// The command that left this state.
        var command: Command
        /// The matrix elements the state holds (counted once, when taken).
        var elements: Int
    }

    /// At most this many states are kept for `undo`.
    static let undoDepth = 100
    /// And at most this many matrix elements across them (2 GiB of doubles).
    static let undoElements = 1 << 28

    private func snapshot(_ command: Command, undone: [BuiltCommand] = []) -> Snapshot {
        Snapshot(state: state, builtCount: built.count, undone: undone, command: command,
                 elements: state.store.elementCount)
    }

    private func undo() throws(SessionError) -> [Output] {
        guard let last = undoStack.popLast() else {
            throw .unavailable("nothing to undo")
        }
        redoStack.push(snapshot(last.command, undone: Array(built[last.builtCount...])))
        state = last.state
        built.removeLast(built.count - last.builtCount)
        return [.text("undid `\(last.command)`")]
    }

    private func redo() throws(SessionError) -> [Output] {
        guard let next = redoStack.popLast() else {
            throw .unavailable("nothing to redo")
        }
        undoStack.push(snapshot(next.command))
        state = next.state
        built += next.undone
        return [.text("redid `\(next.command)`")]
    }
}

extension Command {
    /// Whether `undo` can take the command back: it changed the session's state.
    var isUndoable: Bool { effect == .changesSetting || effect == .buildsState }

    /// Whether `history` lists the command (everything that ran, but `history` and `help`).
    var isRecorded: Bool { effect != .unrecorded }

    /// Whether the command changes what the session holds, so that a saved
    /// script must repeat it.
    var buildsState: Bool { effect == .buildsState }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
