/// The lines of a file, read in 64 KiB pieces: memory is one piece and one line.
///
/// ```
/// "a\r\nb\n\nc"   ↦  "a", "b", "", "c"      (a trailing "\r" dropped, no empty last line)
/// ```
/// Invalid UTF-8 becomes U+FFFD, as in the whole-file reading it replaces.
package final class LineStream {
    private let file: ReadableFile
    private var piece: [UInt8] = []
    private var position = 0
    private var offset = 0

    init(_ file: ReadableFile) {
        self.file = file
    }

    /// The script at `path`: only a regular file of at most `maxBytes` is opened (see
    /// `ReadableFile`); otherwise `FileError.unreadableScript` says why.
    package convenience init(script path: String, maxBytes: Int) throws(FileError) {
        // Python is refused by its name, before it is opened: its lines would run as
        // hundreds of commands, each an error.
        if path.hasSuffix(".py") || path.hasSuffix(".ipynb") {
            throw .pythonAsScript(path: path, notebook: path.hasSuffix(".ipynb"))
        }
        let file: ReadableFile
        do {
            file = try ReadableFile(path: path)
        } catch {
            throw .unreadableScript(path: path, reason: error.reason)
        }
        guard file.size <= maxBytes else {
            throw .unreadableScript(path: path, reason: "larger than \(maxBytes) bytes, too large for a script")
        }
        let start = try file.read(offset: 0, count: min(LineStream.sniffBytes, file.size)) { _ in
            .cannotRead(path: path, reason: "the file shrank while being read")
        }
        if let error = LineStream.notText(start, path: path) { throw error }
        self.init(file)
    }

    /// A script's first bytes looked at before it runs.
    static let sniffBytes = 4096

    /// Why a file that starts with `bytes` is no script: a data file nnstep loads (by its
    /// magic bytes), or binary (a NUL byte, or not UTF-8). nil for text.
    static func notText(_ bytes: [UInt8], path: String) -> FileError? {
        let magics: [(bytes: [UInt8], kind: String)] = [
            ([0x93] + Array("NUMPY".utf8), ".npy"), (Array("PK".utf8) + [0x03, 0x04], ".npz"),
            ([0x89] + Array("HDF".utf8), ".h5"),
        ]
        for magic in magics where bytes.starts(with: magic.bytes) {
            return .dataFileAsScript(path: path, kind: magic.kind)
        }
        if bytes.contains(0) { return .binaryScript(path: path, reason: "it holds NUL bytes") }
        // A multi-byte character cut by the end of the sample is still text.
        var end = bytes.count
        var back = 0
        while end > 0, back < 3, bytes[end - 1] & 0xC0 == 0x80 { end -= 1; back += 1 }
        if end > 0, bytes[end - 1] >= 0xC0 { end -= 1 }
        if String(validating: bytes[..<end], as: UTF8.self) == nil {
            return .binaryScript(path: path, reason: "it is not UTF-8 text" + firstInvalidLine(bytes[..<end]))
        }
        return nil
    }

    /// ` (line 2: caf\xe9,b)`: the first line that is not UTF-8, its bad bytes as `\xNN`.
    private static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> String {
        for (k, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            return " (line \(k + 1): \(QuotedText.escaped(bytes: line)))"
        }
        return ""
    }

    /// The next line without its newline, nil at the end.
    package func next() throws(FileError) -> String? {
        var line: [UInt8] = []
        while true {
            if position == piece.count {
                guard offset < file.size else { break }
                let path = file.path
                piece = try file.read(offset: offset, count: min(1 << 16, file.size - offset)) { _ in
                    .cannotRead(path: path, reason: "the file shrank while being read")
                }
                offset += piece.count
                position = 0
            }
            if let newline = piece[position...].firstIndex(of: 0x0A) {
                line += piece[position..<newline]
                position = newline + 1
                return text(line)
            }
            line += piece[position...]
            position = piece.count
        }
        return line.isEmpty ? nil : text(line)
    }

    private func text(_ line: [UInt8]) -> String {
        String(decoding: line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self)
    }
}
