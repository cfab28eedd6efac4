#if canImport(Glibc)
import Glibc
#endif

/// Reading a script whole, and writing one so that the old file survives any failure.
enum TextFile {
    /// The largest script `run` reads (a script is typed text, not data).
    static let maxBytes = 64 << 20

    struct Failure: Error {
        var message: String
    }

    /// The file's bytes as UTF-8 text (invalid bytes become U+FFFD); anything not a
    /// regular file is refused before it is read (see `ReadableFile`).
    static func read(_ path: String) throws(Failure) -> String {
        let file: ReadableFile
        do {
            file = try ReadableFile(path: path)
        } catch {
            throw Failure(message: "cannot read \(path): \(error.reason)")
        }
        guard file.size <= maxBytes else {
            throw Failure(message: "cannot read \(path): larger than \(maxBytes) bytes, too large for a script")
        }
        do {
            return String(decoding: try file.readAll(), as: UTF8.self)
        } catch {
            throw Failure(message: "cannot read \(path): \(error.reason)")
        }
    }

    /// Writes `text` so that the old file survives any failure (see `AtomicWrite`).
    static func write(_ text: String, to path: String) throws(Failure) {
        do {
            try AtomicWrite.replace(path: path, with: Array(text.utf8))
        } catch {
            throw Failure(message: error.message)
        }
    }
}
