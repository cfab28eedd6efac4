import NNCore

/// The read–parse–execute–print loop over any `LineReader`.
///
/// STUB: interface fixed, body being written.
public final class Shell {
    /// How output is shown.
    public struct Options: Sendable {
        /// ANSI colour (only ever on a terminal).
        public var color: Bool
        /// Echo each command after the prompt, as a replay transcript does.
        public var echo: Bool
        public init(color: Bool = false, echo: Bool = false) {
            self.color = color
            self.echo = echo
        }
    }

    public var options: Options

    /// A shell on the built-in default session (the lecture's 3-layer network).
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The prompt for the current stage, e.g. `nn[fwd 2/3]> `.
    public var prompt: String { "nn> " }

    /// The prompt while a matrix literal's brackets are still open.
    public var continuationPrompt: String { "...> " }

    /// Names the completer may offer: commands' matrices that exist now.
    public var matrixNames: [String] { [] }

    /// The banner printed when the interactive shell starts.
    public var banner: String { "" }

    /// Runs lines from `reader` until it ends or `quit`; returns the exit status
    /// (0 all ran and every expect passed, 1 otherwise). `source` names the input
    /// in error messages (`FILE:LINE`).
    public func run<R: LineReader>(_ reader: inout R, source: String) -> Int32 { 0 }

    /// Replays a script file as a transcript; same exit status rules.
    public func runFile(path: String) -> Int32 { 0 }

    /// Text to write to stdout; the shell calls this for every piece of output.
    public var write: (String) -> Void = { print($0, terminator: "") }
}
