#if canImport(Glibc)
import Glibc
#endif

/// The size limit of a script, and writing one so that the old file survives any failure.
package enum TextFile {
    /// The largest script `run` reads (a script is typed text, not data).
    package static let maxBytes = 64 << 20

    /// Writes `text` so that the old file survives any failure (see `AtomicWrite`).
    package static func write(_ text: String, to path: String) throws(FileError) {
        try AtomicWrite.replace(path: path, with: Array(text.utf8))
    }
}
