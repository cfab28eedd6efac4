import Glibc
import NNShell
import NNSession
import NNLanguage

/// One fuzz input: its bytes, as lines of text, typed into a fresh default
/// session with its output thrown away.
///
/// Work per input is capped so that a slow input means a real hang, not a
/// legitimately large request: matrices are limited to `maxElements`, `train`
/// to `maxIterations`, and the files `save`, `load` and `run` name must be
/// plain names in the current directory, which is a fresh scratch folder for
/// every input (so files one input saves cannot grow through later ones).
enum FuzzInput {
    /// The `set max-elements` every input starts with and may not raise.
    static let maxElements = 4096
    /// The most iterations a `train` line may ask for.
    static let maxIterations = 20

    /// Runs `bytes` through the parser and the session.
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let scratch = Scratch()
        defer { scratch.remove() }
        let text = String(decoding: bytes, as: UTF8.self)
        let shell = Shell(options: Shell.Options(color: false, echo: true))
        shell.write = { _ in }
        shell.execute("set max-elements \(maxElements)", location: "fuzz:0")
        var reader = CappedLines(text: text)
        _ = shell.run(&reader, source: "fuzz")
    }
}

/// The input's lines, with the lines that would do too much work or touch
/// files outside the current directory replaced by blank ones.
struct CappedLines: LineReader {
    private var lines: [Substring]
    private var next = 0

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    mutating func readLine(prompt: String) -> LineResult {
        guard next < lines.count else { return .end }
        defer { next += 1 }
        let line = String(lines[next])
        return .line(CappedLines.allowed(line) ? line : "")
    }

    /// Whether a line stays within the fuzzing limits (a line that does not
    /// parse on its own, such as the start of a literal, always does).
    static func allowed(_ line: String) -> Bool {
        guard let command = try? Parser.parse(line) else { return true }
        checkRoundTrip(command, line)
        switch command {
        case let .train(n, _, _):
            return n <= FuzzInput.maxIterations
        case let .setMaxElements(n):
            return n <= FuzzInput.maxElements
        case let .save(path, _), let .load(path, _, _), let .run(path):
            return !path.contains("/") && !path.hasPrefix("~")
        default:
            return true
        }
    }
}

extension CappedLines {
    /// What `history` and `save FILE.nnscript` write parses back to the same command (or, for a
    /// literal holding nan, which is unequal to itself, to the same text).
    /// 1. A numpy expression other than a value form is left out: its text is written back as the
    ///    same value, not always the same tree (`3 .astype(float)` as `np.float64(3.0)`).
    static func checkRoundTrip(_ command: Command, _ line: String) {
        switch command {
        case let .assign(_, e), let .expect(_, e, _, _):
            if !e.isValueForm { return }   // 1.
        default: break
        }
        let text = command.description
        let back = try? Parser.parse(text)
        precondition(back == command || back?.description == text,
                     "\(line.debugDescription) prints as \(text.debugDescription), which does not parse back to it")
    }
}

/// An empty folder made current for one input, removed with its files after it.
struct Scratch {
    private let previous: String
    private let path: String?

    init() {
        var cwd = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        previous = getcwd(&cwd, cwd.count) != nil
            ? String(decoding: cwd.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/tmp"
        var template = Array("/tmp/nnstep-fuzz-XXXXXX".utf8CString)
        if mkdtemp(&template) != nil {
            path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            _ = chdir(template)
        } else {
            path = nil
        }
    }

    func remove() {
        _ = chdir(previous)
        guard let path, let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { _ = unlink(path + "/" + name) }
        }
        closedir(dir)
        _ = rmdir(path)
    }
}
