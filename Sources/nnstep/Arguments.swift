import Glibc
import NNFiles
import NNShell
import NNSession
import NNLanguage

/// What the command line asked for.
///
/// ```
/// nnstep                       the interactive shell, with a banner
/// nnstep FILE.nnscript …       replay the files, exit with their status
/// nnstep -  /  … | nnstep      read commands from stdin
/// nnstep -i FILE.nnscript      replay, then stay interactive
/// nnstep --products            the product paths this CPU runs, then the one in use
/// ```
struct Arguments: Equatable {
    enum Action: Equatable {
        case run
        case help
        case version
        /// `--products`: the supported product paths, one a line, then the one in use.
        case products
    }

    var action = Action.run
    /// Scripts to replay in order; `-` is stdin.
    var files: [String] = []
    /// `-i`: stay interactive after the files.
    var interactive = false
    /// `--no-color`: never colour, even on a terminal.
    var noColor = false
    /// `--step`: presentation mode, one command per Enter.
    var step = false
    /// `--data DIR`: folders where `load` and `run` also look for files.
    var dataDirectories: [String] = []

    static let version = "nnstep " + Version.text

    static let usage = """
        usage: nnstep [-i] [--step] [--data DIR] [--no-color] [FILE.nnscript | -]...

        Steps through forward and backward propagation of a deep network.

          nnstep                  interactive shell (type `help`)
          nnstep FILE.nnscript    replay a script; exit status 1 if a command or an
                                  expect failed
          nnstep -                read commands from stdin (also when stdin is a pipe)

        options:
          -i            stay interactive after replaying the files
          --step        presentation mode: show each command, run it on Enter
                        (q stops), then hand over to the prompt
          --data DIR    also look for the files `load` and `run` name in DIR
          --no-color    no colour (also NO_COLOR=1 or TERM=dumb)
          -h, --help    show this help
          --version     show the version
          --products    list the product paths this CPU runs, then the one in use
                        (NNSTEP_PRODUCTS=generic|avx2|avx512 forces one)

        """
}

/// A command line nnstep does not understand.
enum ArgumentError: Error, Equatable {
    case unknownOption(String)
    case missingValue(String)
    /// `--data DIR` where DIR is no folder (the reason: "no such folder", "a file").
    case notAFolder(String, reason: String)
    /// `--step` with nothing to present, or with `-`.
    case nothingToStep(stdin: Bool)

    var message: String {
        switch self {
        case let .unknownOption(option):
            return "nnstep: unknown option '\(name: option)' (see nnstep --help)"
        case let .missingValue(option):
            return "nnstep: \(option) needs a value, e.g. \(option) datasets/"
        case let .notAFolder(folder, reason):
            return "nnstep: --data \(name: folder): \(reason); give a folder that holds the data files"
        case let .nothingToStep(stdin):
            return stdin ? "nnstep: --step presents a script file, one command per Enter, and cannot read stdin; "
                + "replay stdin with `nnstep -`"
                : "nnstep: --step needs a script to present, e.g. nnstep --step examples/lecture.nnscript"
        }
    }
}

// MARK: - Parsing

extension Arguments {
    /// Parses the arguments after the program name; `--` ends the options.
    static func parse(_ arguments: [String]) -> Result<Arguments, ArgumentError> {
        var parsed = Arguments()
        var optionsEnded = false
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                parsed.files.append(argument)
                continue
            }
            switch argument {
            case "--": optionsEnded = true
            case "-i", "--interactive": parsed.interactive = true
            case "--no-color", "--no-colour": parsed.noColor = true
            case "-h", "--help": parsed.action = .help
            case "-V", "--version": parsed.action = .version
            case "--products": parsed.action = .products
            case "--step": parsed.step = true
            case "--data":
                guard let folder = rest.popFirst() else { return .failure(.missingValue(argument)) }
                parsed.dataDirectories.append(folder)
            default: return .failure(.unknownOption(argument))
            }
        }
        if parsed.step && parsed.action == .run && (parsed.files.isEmpty || parsed.files.contains("-")) {
            return .failure(.nothingToStep(stdin: !parsed.files.isEmpty))
        }
        return .success(parsed)
    }
}

// MARK: - Folders

extension Arguments {
    /// The first `--data` folder that is not a folder one can list, with why; nil when all are.
    func missingDataFolder() -> ArgumentError? {
        for folder in dataDirectories {
            var info = stat()
            if stat(folder, &info) != 0 {
                return .notAFolder(folder, reason: errno == ENOENT ? "no such folder" : String(cString: strerror(errno)))
            }
            if info.st_mode & S_IFMT != S_IFDIR { return .notAFolder(folder, reason: "not a folder") }
        }
        return nil
    }
}

// MARK: - Terminal

extension Arguments {
    /// Colour only on a terminal, and only if neither `--no-color`, `NO_COLOR`
    /// (any non-empty value) nor `TERM=dumb` says otherwise.
    var wantsColor: Bool {
        guard !noColor, isatty(STDOUT_FILENO) == 1 else { return false }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }
}
