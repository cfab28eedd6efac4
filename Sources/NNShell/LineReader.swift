import NNLanguage
import NNSession
/// Where the shell's lines come from: a terminal with line editing, a script
/// file, or a pipe. The same loop (`Shell`) serves all of them.
public protocol LineReader {
    /// Reads one line without its newline, showing `prompt` where that makes sense.
    mutating func readLine(prompt: String) -> LineResult

    /// Records a complete command (possibly several physical lines) in history.
    mutating func addHistory(_ entry: String)

    /// Why the input ended early (a read error in the middle of a file), if it did.
    var failure: String? { get }
}

extension LineReader {
    public mutating func addHistory(_ entry: String) {}
    public var failure: String? { nil }
}

/// What one read gave.
public enum LineResult: Equatable, Sendable {
    /// A line of text (without the newline).
    case line(String)
    /// Ctrl-C while typing: the line is dropped and the shell goes on.
    case interrupted
    /// End of input (Ctrl-D on an empty line, or the end of a file).
    case end
}
