#if canImport(Glibc)
import Glibc
#endif
import NNCore

/// A live network: its architecture, every matrix it holds, and the random
/// generator. Commands run against a copy and replace the state only when
/// they succeed, so a command that fails changes nothing.
public final class Session {
    /// Everything a command may change (a value type: copying it is a snapshot).
    var state: SessionState
    /// Commands that ran successfully, in order (for `history` and `save FILE.nnscript`).
    private(set) var log: [Command] = []
    /// Whether any `expect` has failed since the session started.
    public private(set) var expectFailed = false
    /// Scripts being run, innermost last, to catch a script that runs itself.
    var runStack: [String] = []
    /// Runs a script file for `run`; set by the shell that owns this session.
    var scriptRunner: ((String) throws(SessionError) -> [Output])?

    /// An empty session: no network until `net`.
    public init(empty: Void = ()) {
        state = SessionState()
    }

    /// The built-in default session: the lecture's three-layer binary
    /// classifier (relu, relu, sigmoid) on the four XOR points.
    public convenience init() {
        self.init(empty: ())
        for command in Session.defaultScript {
            _ = try? execute(command)
        }
    }

    /// The commands that build the default session.
    static let defaultScript: [Command] = [
        .net([LayerSpec(units: 2), LayerSpec(units: 4), LayerSpec(units: 3), LayerSpec(units: 1)]),
        .assign(.X, .literal(Matrix([[0, 0, 1, 1], [0, 1, 0, 1]]))),
        .assign(.Y, .literal(Matrix([[0, 1, 1, 0]]))),
        .initialize(.he, seed: 1),
    ]
}

// MARK: - Running commands

extension Session {
    /// Runs one command: the outputs to print, or an error with the state untouched.
    public func execute(_ command: Command) throws(SessionError) -> [Output] {
        var next = state
        let outputs: [Output]
        switch command {
        case .history:
            outputs = historyOutputs()
        case let .run(path):
            outputs = try runScript(path)
        case let .save(path, names) where path.hasSuffix(".nnscript"):
            outputs = try saveScript(path, names: names)
        case let .expect(name, value, atol, rtol):
            let result = try next.expect(name, value, atol: atol, rtol: rtol)
            if !result.passed { expectFailed = true }
            outputs = result.outputs
        default:
            outputs = try next.execute(command)
        }
        state = next
        if command.isRecorded { log.append(command) }
        return outputs
    }

    /// Where the session stands, for the prompt: `fwd 2/3`, `bwd 3`, `cost`, or empty.
    public var stageLabel: String { state.promptLabel }

    /// Every matrix name the session holds now, for completion.
    public var matrixNames: [String] { state.visibleNames.map(\.description) }

    /// The digits a matrix prints with (`set precision N`).
    public var precision: Int { state.precision }

    private func historyOutputs() -> [Output] {
        if log.isEmpty { return [.text("(no commands yet)")] }
        return log.enumerated().map { .text("\(String($0.offset + 1).leftPadded(to: 4))  \($0.element)") }
    }

    private func runScript(_ path: String) throws(SessionError) -> [Output] {
        guard let runner = scriptRunner else {
            throw .unavailable("run \(path): scripts can only be run from the shell")
        }
        if runStack.contains(path) { throw .recursiveRun(path: path) }
        runStack.append(path)
        defer { runStack.removeLast() }
        return try runner(path)
    }

    private func saveScript(_ path: String, names: [MatrixName]) throws(SessionError) -> [Output] {
        if !names.isEmpty {
            throw .unsupportedFile(command: "save", path: path,
                                   expected: "a .nnscript holds commands, not chosen matrices; drop the names")
        }
        let body = log.filter(\.buildsState).map(\.description).joined(separator: "\n")
        let text = "# nnstep session: replay with `nnstep \(path)` or `run \(path)`\n" + body + "\n"
        do {
            try TextFile.write(text, to: path)
        } catch {
            throw .file(error.message)
        }
        return [.text("saved \(log.filter(\.buildsState).count) commands to \(path)")]
    }
}

extension Command {
    /// Whether `history` lists the command (everything that ran, but `history` itself).
    var isRecorded: Bool {
        if case .history = self { return false }
        if case .help = self { return false }
        return true
    }

    /// Whether the command changes what the session holds, so that a saved
    /// script must repeat it.
    var buildsState: Bool {
        switch self {
        case .show, .expect, .help, .history, .quit, .predict, .accuracy, .run:
            return false
        case .save:
            return false
        default:
            return true
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
