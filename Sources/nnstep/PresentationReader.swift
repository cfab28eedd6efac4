import CEditLine
import Glibc
import NNShell

/// Presentation mode (`--step`): a script shown one command at a time.
///
/// Comments and blank lines are shown as they come, as narration; each
/// command is shown after its prompt and runs when the presenter presses
/// Enter. `q` or Ctrl-C (then Enter) stops the script; Ctrl-C twice ends nnstep.
struct PresentationReader: LineReader {
    private var script: ScriptReader
    private unowned let shell: Shell
    /// Whether the presenter stopped with `q`.
    private(set) var stopped = false

    init(script: ScriptReader, shell: Shell) {
        self.script = script
        self.shell = shell
    }

    mutating func readLine(prompt: String) -> LineResult {
        while true {
            guard case let .line(text) = script.readLine(prompt: prompt) else { return .end }
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            // Lines that continue an open matrix literal run with their first line.
            if prompt == shell.continuationPrompt {
                shell.write(prompt + text + "\n")
                return .line(text)
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                shell.write(text + "\n")
                continue
            }
            let fancy = shell.options.color
            let hint = fancy ? "\u{1B}[2m[Enter runs, q stops]\u{1B}[0m" : "[Enter runs, q stops]"
            shell.write(prompt + text + "   " + hint)
            let answer = PresentationReader.waitForKey()
            // On a terminal the Enter already moved down a line: redraw the command without the hint.
            shell.write(fancy ? "\u{1B}[1A\r\u{1B}[K" + prompt + text + "\n" : "\n")
            // Ctrl-C at the hint (then Enter) stops, as `q` does.
            if answer == "q" || Interrupt.consume() {
                stopped = true
                return .end
            }
            return .line(text)
        }
    }

    /// A line typed on the terminal (`q` or empty), or "q" at end of input.
    private static func waitForKey() -> String {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        guard getline(&buffer, &capacity, nn_stdin()) >= 0, let buffer else { return "q" }
        return String(cString: buffer).filter { !$0.isWhitespace }
    }
}
