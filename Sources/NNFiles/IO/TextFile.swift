#if canImport(Glibc)
import Glibc
#endif

/// Reading a script whole, and writing one so that the old file survives any failure.
package enum TextFile {
    /// The largest script `run` reads (a script is typed text, not data).
    static let maxBytes = 64 << 20

    /// The file's bytes as UTF-8 text (invalid bytes become U+FFFD).
    package static func read(_ path: String) throws(FileError) -> String {
        guard let f = fopen(path, "rb") else {
            throw .unreadableScript(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, f) }
            if n > 0 { bytes += chunk[0..<n] }
            if bytes.count > maxBytes {
                throw .unreadableScript(path: path, reason: "larger than \(maxBytes) bytes, too large for a script")
            }
            if n < 65536 {
                if ferror(f) != 0 { throw .unreadableScript(path: path, reason: "read error") }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` so that the old file survives any failure (see `AtomicWrite`).
    package static func write(_ text: String, to path: String) throws(FileError) {
        try AtomicWrite.replace(path: path, with: Array(text.utf8))
    }
}
