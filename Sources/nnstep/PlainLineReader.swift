import Glibc
import NNShell
import NNSession
import NNLanguage

/// Lines from a pipe or a file: no prompt, no editing, no history.
///
/// Used whenever stdin or stdout is not a terminal, so a transcript written to a
/// file never holds prompts or cursor codes.
final class PlainLineReader: LineReader {
    /// The stream read (stdin, usually).
    let file: UnsafeMutablePointer<FILE>
    /// getline's buffer, reused from line to line.
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
    }

    deinit {
        free(buffer)
    }

    /// The next line without its newline (`\n` or `\r\n`); `.end` at end of input.
    func readLine(prompt: String) -> LineResult {
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else { return .end }
        var bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                        count: count)[...]
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }
}
