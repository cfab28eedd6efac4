#if canImport(Glibc)
import Glibc
#endif

/// The size limit of a script, and writing one so that the old file survives any failure.
enum TextFile {
    /// The largest script `run` reads (a script is typed text, not data).
    static let maxBytes = 64 << 20

    struct Failure: Error {
        var message: String
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
