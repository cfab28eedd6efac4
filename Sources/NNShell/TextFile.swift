#if canImport(Glibc)
import Glibc
#endif

/// Reading a text file whole, and writing one so that the old file survives any failure.
enum TextFile {
    /// The largest script `run` reads (a script is typed text, not data).
    static let maxBytes = 64 << 20

    struct Failure: Error {
        var message: String
    }

    /// The file's bytes as UTF-8 text (invalid bytes become U+FFFD).
    static func read(_ path: String) throws(Failure) -> String {
        guard let f = fopen(path, "rb") else {
            throw Failure(message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, f) }
            if n > 0 { bytes += chunk[0..<n] }
            if bytes.count > maxBytes {
                throw Failure(message: "cannot read \(path): larger than \(maxBytes) bytes, too large for a script")
            }
            if n < 65536 {
                if ferror(f) != 0 { throw Failure(message: "cannot read \(path): read error") }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` to a temporary file beside `path`, syncs it, then renames it
    /// over `path`; on failure the temporary file is removed and `path` is untouched.
    static func write(_ text: String, to path: String) throws(Failure) {
        try writeAtomically(Array(text.utf8), to: path)
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp)
            throw Failure(message: "cannot write \(path): \(failure); the old file is unchanged")
        }
    }
}
