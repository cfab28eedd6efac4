import CEditLine
import Glibc
import NNCore
import NNFiles
import NNShell
import NNSession
import NNLanguage

/// The program: arguments in, a shell run over files, a pipe or the terminal,
/// the shell's status out.
enum Main {
    static func run(_ commandLine: [String]) -> Int32 {
        let arguments: Arguments
        switch Arguments.parse(commandLine) {
        case let .success(parsed):
            arguments = parsed
        case let .failure(error):
            complain(error.message)
            fputs("\n" + Arguments.usage, nn_stderr())
            return 2
        }
        switch arguments.action {
        case .help:
            print(Arguments.usage, terminator: "")
            return 0
        case .version:
            print(Arguments.version)
            return 0
        case .products:
            warnAboutProductPath()
            for path in ProductPath.supported { print(path.name) }
            print("in use: \(ProductPath.current.name)")
            return 0
        case .run:
            warnAboutProductPath()
        }
        if let error = arguments.missingDataFolder() {
            complain(error.message)
            return 2
        }

        // Replays (files and pipes) echo each command after its prompt, so the
        // output reads as a transcript; at the terminal the typed line is already there.
        let terminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let toTerminal = isatty(STDOUT_FILENO) == 1
        let shell = Shell(options: Shell.Options(color: arguments.wantsColor, echo: true, progress: terminal,
                                                 terminal: toTerminal))
        shell.write = { StandardOutput.write($0, toTerminal: toTerminal) }
        shell.session.dataDirectories = arguments.dataDirectories
        if arguments.step {
            return present(arguments.files, shell)
        }
        var status: Int32 = 0
        for file in arguments.files {
            let result = file == "-" ? readPlain(shell) : shell.runFile(path: file)
            status = max(status, result)
        }
        guard arguments.files.isEmpty || arguments.interactive else { return status }

        if terminal {
            // An interactive session's own errors were answered at the prompt: only the
            // replayed files' status counts (a replay's errors and FAILs make it 1).
            _ = readTerminal(shell)
            return status
        }
        if !arguments.files.contains("-") {
            status = max(status, readPlain(shell))
        }
        return status
    }

    /// Says on stderr why NNSTEP_PRODUCTS was not followed, if it was not.
    static func warnAboutProductPath() {
        if let note = ProductPath.selectionNote { complain("nnstep: \(note)") }
    }

    /// Writes a message of one line to stderr, every control character in it but tabs escaped
    /// (`QuotedText.visible`): messages there name files, options and settings from outside.
    static func complain(_ message: String) {
        fputs(QuotedText.visible(message) + "\n", nn_stderr())
    }

    /// Commands from a pipe or a redirected file: no prompt is shown before a
    /// line is read; the shell echoes each one as a script replay does.
    static func readPlain(_ shell: Shell) -> Int32 {
        var reader = PlainLineReader(file: nn_stdin())
        return shell.run(&reader, source: "<stdin>")
    }

    /// Presentation mode: each script's commands shown one at a time, run on
    /// Enter (`q` stops), then the interactive prompt.
    static func present(_ files: [String], _ shell: Shell) -> Int32 {
        shell.options.echo = false
        shell.options.wrapsProse = true
        var status: Int32 = 0
        for file in files where file != "-" {
            switch ScriptReader.open(file) {
            case let .success(script):
                var reader = PresentationReader(script: script, shell: shell)
                status = max(status, shell.run(&reader, source: file))
                if reader.stopped { break }
            case let .failure(error):
                complain("nnstep: \(error.message)")
                return 1
            }
        }
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else { return status }
        _ = readTerminal(shell, banner: false)
        return status
    }

    /// The interactive shell: banner, line editing, history, completion.
    static func readTerminal(_ shell: Shell, banner showBanner: Bool = true) -> Int32 {
        shell.options.echo = false
        shell.options.wrapsProse = true
        // At the prompt Ctrl-C drops the typed line; it never ends the session.
        ProcessSignals.endsOnSecondInterrupt.store(false, ordering: .sequentiallyConsistent)
        let banner = shell.banner
        if showBanner && !banner.isEmpty {
            shell.write(banner.hasSuffix("\n") ? banner : banner + "\n")
        }
        let history = CommandHistory(path: CommandHistory.defaultPath())
        var reader = EditLineReader(history: history, matrixNames: { [unowned shell] in shell.matrixNames })
        return shell.run(&reader, source: "<stdin>")
    }
}

// The hidden reader mode: one .h5 file read for a parent nnstep (see HDF5Child).
let commandLine = ProcessArguments.all
if commandLine.count > 1, commandLine[1] == HDF5Child.flag {
    exit(HDF5Child.serve(Array(commandLine.dropFirst(2))))
}
// Without a path to itself (no /proc, no usable argv[0]), nnstep reads .h5 files in-process.
HDF5Child.executable = ProcessArguments.executable()
// Ctrl-C during an .h5 read stops the reader and answers the request.
HDF5Child.consumeInterrupt = { Interrupt.consume() }
// Signals are set before the first line is read, in every mode (see ProcessSignals).
ProcessSignals.install()
let status = Main.run(Array(commandLine.dropFirst()))
exit(StandardOutput.finish(status))
