import NNLanguage
import NNSession
import NNCore
import NNFiles

/// The read–parse–execute–print loop over any `LineReader`: the terminal,
/// a script file, or a pipe.
public final class Shell {
    /// How output is shown.
    public struct Options: Sendable {
        /// ANSI colour (only ever on a terminal).
        public var color: Bool
        /// Echo each command after the prompt, as a replay transcript does.
        public var echo: Bool
        /// Show `train`'s progress bar (only on a terminal, never in a replay).
        public var progress: Bool
        /// The columns output may use; nil asks `TerminalWidth` before each command.
        public var columns: Int?
        /// Cut prose at spaces to the width (at the prompt and in `--step`); a replay keeps
        /// each line whole, so its transcript compares line by line.
        public var wrapsProse: Bool
        /// Whether stdout is a terminal: only there does `clear` write its cursor codes.
        public var terminal: Bool
        public init(color: Bool = false, echo: Bool = false, progress: Bool = false, columns: Int? = nil,
                    wrapsProse: Bool = false, terminal: Bool = true) {
            self.color = color
            self.echo = echo
            self.progress = progress
            self.columns = columns
            self.wrapsProse = wrapsProse
            self.terminal = terminal
        }
    }

    public var options: Options
    public let session: Session
    /// Text to write to stdout; every piece of output goes through it.
    public var write: (String) -> Void = { print($0, terminator: "") }
    /// Whether any command failed (an error) since the shell started.
    public private(set) var commandFailed = false {
        didSet { if commandFailed { failures += 1 } }
    }
    /// How many commands have failed since the shell started (`run` reports its own).
    private var failures = 0
    /// Set by `quit`/`exit`.
    public private(set) var quitRequested = false
    /// Whether the note that matrices wrap in this terminal was shown (once a session).
    private var toldMatricesWrap = false

    /// A shell on the built-in default session (the lecture's three-layer network).
    public init(options: Options = Options(), session: Session = Session()) {
        self.options = options
        self.session = session
    }
}

// MARK: - Prompts and banner

extension Shell {
    /// The prompt for the current stage, e.g. `nn[fwd 2/3]> `.
    public var prompt: String {
        let label = session.stageLabel
        return label.isEmpty ? "nn> " : "nn[\(label)]> "
    }

    /// The prompt while a matrix literal's brackets are still open.
    public var continuationPrompt: String { "...> " }

    /// Names the completer may offer: the matrices that exist now.
    public var matrixNames: [String] { session.matrixNames }

    /// The banner printed when the interactive shell starts, each line cut to the width.
    public var banner: String {
        let text = """
            nnstep \(Version.text): step through forward and backward propagation.
            Loaded: the lecture's classifier, net 2 4 3 1 (relu, relu, sigmoid), learning XOR on the points (±1, ±1).
            `forward` runs layer 1, `show` says where you are, `help` lists every command, `reset default` brings this session back.
            """
        let width = columns - 1
        return text.split(separator: "\n").flatMap { String($0).wrapped(to: width, indent: "  ") }
            .joined(separator: "\n") + "\n\n"
    }

    /// The columns output may use now: the one answer every width-aware output follows.
    public var columns: Int { options.columns ?? TerminalWidth.current() }

    var printer: Printer {
        var printer = Printer(precision: session.precision, lineWidth: session.lineWidth, output: session.output,
                              color: options.color, columns: columns)
        printer.wrapsProse = options.wrapsProse
        return printer
    }
}

// MARK: - The loop

extension Shell {
    /// Runs lines from `reader` until it ends or `quit`; returns the exit status:
    /// 0 when everything ran and every expect passed, 1 otherwise. `source`
    /// names the input in error messages (`FILE:LINE`).
    public func run<R: LineReader>(_ reader: inout R, source: String) -> Int32 {
        var lineNumber = 0
        reading: while !quitRequested {
            if options.echo, skipsRest(of: source) { break }
            switch readCommand(&reader, lineNumber: &lineNumber) {
            case .end:
                break reading
            case .interrupted:
                continue
            case let .line(text, start):
                execute(text, location: "\(path: source):\(start)")
                if !text.trimmingWhitespace.isEmpty { reader.addHistory(text) }
            }
        }
        reportFailure(of: reader)
        return status
    }

    /// An input that ended on a read error is an error of its own, not a quiet end.
    private func reportFailure<R: LineReader>(of reader: R) {
        guard let failure = reader.failure else { return }
        write(printer.error(failure))
        commandFailed = true
    }

    /// 0 when everything ran and every expect passed, 1 otherwise.
    public var status: Int32 { commandFailed || session.expectFailed ? 1 : 0 }

    /// Replays a script file as a transcript; same exit status rules.
    public func runFile(path: String) -> Int32 {
        switch ScriptReader.open(path) {
        case var .success(reader):
            return insideScript(path) { run(&reader, source: path) }
        case let .failure(error):
            write(printer.error(error.message))
            commandFailed = true
            return status
        }
    }

    /// Reads one command, following continuation lines while brackets are open.
    private func readCommand<R: LineReader>(_ reader: inout R, lineNumber: inout Int) -> Read {
        let result = reader.readLine(prompt: prompt)
        guard case var .line(text) = result else { return result == .end ? .end : .interrupted }
        lineNumber += 1
        let start = lineNumber
        var open = Parser.openBrackets(after: 0, line: text)
        while open > 0 {
            let more = reader.readLine(prompt: continuationPrompt)
            guard case let .line(next) = more else {
                if more == .interrupted { return .interrupted }
                break
            }
            lineNumber += 1
            text += "\n" + next
            open = Parser.openBrackets(after: open, line: next)
        }
        return .line(text, start: start)
    }

    /// One command's text and the line it started on.
    private enum Read {
        case line(String, start: Int)
        case interrupted
        case end
    }

    /// Parses and runs one command, printing its output or its error.
    public func execute(_ text: String, location: String) {
        let trimmed = text.trimmingWhitespace
        if options.echo {
            if trimmed.isEmpty {
                write("\n")
                return
            }
            if trimmed.hasPrefix("#") {
                write(printer.echo(text))
                return
            }
            write(printer.echo(text, after: prompt))
        }
        do {
            guard let command = try Parser.parse(text) else { return }
            let outputs: [Output]
            switch command.level {
            case let .shell(action):
                try perform(action, as: command)
                return
            case let .log(work):
                outputs = try session.execute(work)
            case let .state(work):
                let width = columns
                let bar = options.progress && !options.echo ? ProgressBar(write: write, columns: width) : nil
                // `train`'s cost lines print as they come, above the bar, as the course's loop prints them.
                let context = ExecutionContext(columns: width, progress: bar.map { bar in { bar.update($0) } },
                                               stream: { [printer, write] line in
                                                   bar?.finish()
                                                   write(printer.render(line))
                                               })
                defer { bar?.finish() }
                outputs = try session.execute(work, in: context)
            }
            write(printer.render(outputs))
            if options.wrapsProse && !toldMatricesWrap, let note = printer.wrapNote(outputs) {
                toldMatricesWrap = true
                write(printer.render(note))
            }
        } catch let error as ParseError {
            commandFailed = true
            write(printer.error(error.message, at: options.echo ? location : nil))
        } catch let error as SessionError {
            commandFailed = true
            write(printer.error(error.message, at: options.echo ? location : nil))
        } catch {
            commandFailed = true
            write(printer.error("\(error)", at: location))
        }
    }

    /// Runs a command of the shell's own: `quit`, `clear`, `run FILE`.
    private func perform(_ action: ShellCommand, as command: Command) throws(SessionError) {
        switch action {
        case .quit:
            quitRequested = true
        case .clear:
            // On a terminal the screen is cleared; a replay's transcript (or a pipe) shows nothing.
            if !options.echo && options.terminal { write("\u{1B}[H\u{1B}[2J") }
        case let .run(path):
            let (outputs, stopped) = try runScript(path)
            session.record(RecordedCommand(command: command, stopped: stopped))
            write(printer.render(outputs))
        }
    }

    /// In a replay (and in `run`), a Ctrl-C that no command answered (only `train` and
    /// `gradcheck` poll for it) ends the script after the command it arrived in.
    private func skipsRest(of source: String) -> Bool {
        guard Interrupt.consume() else { return false }
        write(printer.render(.note("interrupted: the rest of \(path: source) is skipped")))
        commandFailed = true
        return true
    }

    /// `run FILE`: the file's commands run one by one as lines of this shell, and print
    /// as they run (lua.c's `dofile`). A relative name is also looked for beside the
    /// running scripts; a script may not run itself, nor nest deeper than `maxRunDepth`.
    /// Also says whether Ctrl-C skipped the rest of the script.
    private func runScript(_ name: String) throws(SessionError) -> ([Output], stopped: Bool) {
        let path = session.resolveInput(name)
        if session.runStack.contains(FilePath.canonical(path)) { throw .recursiveRun(path: path) }
        if session.runStack.count >= Self.maxRunDepth { throw .runTooDeep(path: path, depth: Self.maxRunDepth) }
        var reader: ScriptReader
        switch ScriptReader.open(path) {
        case let .success(opened): reader = opened
        case let .failure(error): throw .file(error)
        }
        let echo = options.echo
        let failedBefore = failures
        options.echo = true
        defer { options.echo = echo }
        var stopped = false
        insideScript(path) {
            var lineNumber = 0
            while !quitRequested {
                if skipsRest(of: path) {
                    stopped = true
                    break
                }
                guard case let .line(line, start) = readCommand(&reader, lineNumber: &lineNumber) else { break }
                execute(line, location: "\(path: path):\(start)")
            }
            reportFailure(of: reader)
        }
        quitRequested = false
        let failed = failures - failedBefore
        let ran = "ran \(path: path)"
        return ([.text(failed == 0 ? ran : ran + ": \(failed) of its commands failed (errors above)")], stopped)
    }

    /// Scripts may run scripts this many levels deep.
    static let maxRunDepth = 32

    /// Runs `body` with `path` as the innermost running script, so that `run` and `load`
    /// inside it find files beside it.
    private func insideScript<T>(_ path: String, _ body: () -> T) -> T {
        session.runStack.append(FilePath.canonical(path))
        defer { session.runStack.removeLast() }
        return body()
    }
}

/// Lines of a script: read from its file one line at a time (`open`), or split from text.
public struct ScriptReader: LineReader {
    private var lines: [Substring] = []
    private var next = 0
    private var stream: LineStream?

    /// The script at `path`, or the error message when it cannot be read; only a regular
    /// file of at most `TextFile.maxBytes` is opened (see `ReadableFile`).
    public static func open(_ path: String) -> Result<ScriptReader, FileError> {
        var reader = ScriptReader(text: "")
        do {
            reader.stream = try LineStream(script: path, maxBytes: TextFile.maxBytes)
        } catch {
            return .failure(error)
        }
        return .success(reader)
    }

    init(text: String) {
        var all = text.split(separator: "\n", omittingEmptySubsequences: false)
        if all.last == "" { all.removeLast() }
        lines = all.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    /// Why reading stopped before the end of the file, if it did.
    public private(set) var failure: String?

    /// The next line; a read error in the middle of a file ends the script (see `failure`).
    public mutating func readLine(prompt: String) -> LineResult {
        if let stream {
            do {
                guard let line = try stream.next() else { return .end }
                return .line(line)
            } catch {
                failure = error.message
                return .end
            }
        }
        guard next < lines.count else { return .end }
        defer { next += 1 }
        return .line(String(lines[next]))
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// The version `--version` prints.
public enum Version {
    public static let text = "0.1.0"
}
