import CEditLine
import Glibc
import NNShell
import NNSession
import NNLanguage

/// Lines typed at a terminal: emacs keys, history on Up and Down, TAB completion
/// (libedit, configured further by `~/.editrc`).
///
/// Ctrl-C has two meanings:
///
/// ```
/// while typing          the line is dropped, a fresh prompt shows   (.interrupted)
/// while a command runs  Interrupt.request(); train stops cleanly
/// ```
///
/// 1. During `el_gets` libedit has its own SIGINT handler; it puts the terminal
///    back in cooked mode, reinstalls ours and re-raises, so ours always runs
///    and `read` returns EINTR, which makes `el_gets` return NULL.
/// 2. Outside `el_gets` only our handler is installed (by `ProcessSignals`, at
///    start-up). It sets an atomic flag and returns (SA_RESTART, so output in
///    progress is not cut).
/// 3. C callbacks capture nothing; they find this object through EL_CLIENTDATA.
final class EditLineReader: LineReader {
    /// libedit's editor (`EditLine *`).
    let editor: OpaquePointer
    /// The history Up and Down browse, saved after each command.
    let history: CommandHistory
    /// The matrices that exist now, asked at each TAB.
    let matrixNames: () -> [String]
    /// The prompt as a C string, read by the prompt callback (see 3.).
    private(set) var promptText: UnsafeMutablePointer<CChar>

    init(history: CommandHistory, matrixNames: @escaping () -> [String]) {
        Self.useUTF8Locale()
        guard let editor = el_init("nnstep", nn_stdin(), nn_stdout(), nn_stderr()),
              let empty = strdup("") else {
            preconditionFailure("libedit could not start on this terminal")
        }
        self.editor = editor
        self.history = history
        self.matrixNames = matrixNames
        self.promptText = empty

        nn_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        nn_el_set_prompt(editor, { editor in EditLineReader.owner(of: editor).promptText }, 1)
        nn_el_set_editor(editor, "emacs")
        nn_el_set_signal(editor, 1)
        nn_el_set_history(editor, history.list)
        nn_el_add_function(editor, "nnstep-complete", "Complete a command, matrix or file name",
                           { editor, key in TabCompletion.complete(editor, key) })
        nn_el_bind(editor, "^I", "nnstep-complete")
        el_source(editor, nil)
    }

    deinit {
        el_end(editor)
        free(promptText)
    }

    /// The reader that owns `editor` (see 3.).
    static func owner(of editor: OpaquePointer?) -> EditLineReader {
        guard let editor, let data = nn_el_get_client_data(editor) else {
            preconditionFailure("libedit callback without its reader")
        }
        return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
    }
}

// MARK: - Reading

extension EditLineReader {
    func readLine(prompt: String) -> LineResult {
        // A Ctrl-C that arrived after the last command finished is for no one.
        _ = Interrupt.consume()
        setPrompt(prompt)
        var count: Int32 = 0
        guard let text = el_gets(editor, &count), count > 0 else {
            if Interrupt.consume() {
                show("^C\n")
                return .interrupted
            }
            show("\n")
            return .end
        }
        var bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self),
                                        count: Int(count))[...]
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    func addHistory(_ entry: String) {
        history.add(entry)
    }

    /// Writes straight to the terminal, before libedit draws the next prompt.
    private func show(_ text: String) {
        fputs(text, nn_stdout())
        fflush(nn_stdout())
    }

    /// Keeps `prompt` for the callback, its colour codes marked invisible so
    /// libedit measures only what shows.
    private func setPrompt(_ prompt: String) {
        guard let copy = strdup(Self.markingEscapes(prompt)) else { return }
        free(promptText)
        promptText = copy
    }

    /// Brackets each ANSI escape sequence with `\u{1}`, libedit's marker for
    /// characters that take no room on screen.
    static func markingEscapes(_ prompt: String) -> String {
        var marked = String.UnicodeScalarView()
        var inEscape = false
        var justAfterESC = false
        for scalar in prompt.unicodeScalars {
            if !inEscape, scalar == "\u{1B}" {
                marked.append("\u{1}")
                inEscape = true
                justAfterESC = true
            }
            marked.append(scalar)
            guard inEscape, scalar != "\u{1B}" else { continue }
            if justAfterESC {
                // ESC [ opens a CSI sequence; ESC and any other byte is complete
                justAfterESC = false
                if scalar == "[" { continue }
            } else if !(0x40...0x7E).contains(scalar.value) {
                continue  // a CSI sequence ends with its final byte, @ … ~
            }
            marked.append("\u{1}")
            inEscape = false
        }
        if inEscape { marked.append("\u{1}") }
        return String(marked)
    }
}

// MARK: - Terminal set-up

extension EditLineReader {
    /// Takes the character set from the environment so libedit reads UTF-8 as
    /// characters; the bare C locale (no LANG at all) is taken to mean UTF-8.
    static func useUTF8Locale() {
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset == "ANSI_X3.4-1968" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
