import CEditLine
import Glibc
import NNFiles

/// The end of the output: everything flushed, and a failed write reported.
///
/// ```
/// nnstep s.nnscript > /dev/full   →   stderr: nnstep: cannot write the output: No space left on device; exit 1
/// ```
/// Output goes through stdio's buffer, so a write error may only show at the
/// final flush; `ferror` remembers one that happened earlier.
enum StandardOutput {
    /// Writes `text` to stdout.
    ///
    /// Away from a terminal nnstep writes no control codes of its own (colour, the progress
    /// bar and `clear` are for terminals only), so there a control character in `text` is
    /// foreign text that missed `QuotedText`: a debug build stops on it, to find the path.
    static func write(_ text: String, toTerminal: Bool) {
        assert(toTerminal || QuotedText.isVisible(text, lines: true),
               "unescaped control character on stdout: \(text.debugDescription.prefix(200))")
        print(text, terminator: "")
    }

    /// `status`, or 1 with a message on stderr when stdout could not be written.
    static func finish(_ status: Int32) -> Int32 {
        let out = nn_stdout()
        let flushed = fflush(out) == 0
        let reason = errno
        guard !flushed || ferror(out) != 0 else { return status }
        let text = flushed ? "an earlier write failed" : String(cString: strerror(reason))
        fputs("nnstep: cannot write the output: \(text)\n", nn_stderr())
        return 1
    }
}
