import Glibc

/// Replacing a file so that it is never seen half-written.
///
/// ```
/// write DIR/.NAME.tmp-PID-RANDOM  →  fsync  →  rename over DIR/NAME  →  fsync DIR
/// ```
/// `rename` within one directory is atomic: readers see the old file or the new
/// one. On any failure the temporary file is removed and the old file is untouched;
/// a signal that ends the process mid-save removes it too (`PendingTemporaryFile`).
/// A file-size limit (`ulimit -f`) fails the write with EFBIG, since nnstep ignores SIGXFSZ.
package enum AtomicWrite {}

// MARK: - Replace

extension AtomicWrite {
    /// Makes `path` hold exactly `bytes`, keeping an existing file's permission bits;
    /// a new file gets `newFileMode` (less the umask): 0o666 for matrices and scripts,
    /// 0o600 for the private history.
    package static func replace(path: String, with bytes: [UInt8], newFileMode: mode_t = 0o666) throws(FileError) {
        let (directory, name) = split(path)
        guard !name.isEmpty else { throw .cannotWrite(path: path, reason: "no file name") }
        var existing = stat()
        let keepMode = stat(path, &existing) == 0 && (existing.st_mode & S_IFMT) == S_IFREG
        let mode: mode_t = keepMode ? existing.st_mode & 0o7777 : newFileMode

        var temp = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temp = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: errnoText()) }
        PendingTemporaryFile.arm(temp)
        defer { PendingTemporaryFile.disarm() }

        var failure: String? = nil
        if let reason = writeAll(fd, bytes) {
            failure = reason
        } else if keepMode, fchmod(fd, mode) != 0 {
            failure = errnoText()
        } else if fsync(fd) != 0 {
            failure = "fsync: " + errnoText()
        }
        if close(fd) != 0, failure == nil { failure = "close: " + errnoText() }
        if failure == nil, rename(temp, path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temp)
            throw .cannotWrite(path: path, reason: failure)
        }
        syncDirectory(directory)
    }

    /// (directory, file name); the directory is "." for a bare name.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Every byte written, retrying short writes and EINTR; the error text otherwise.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var done = 0
            while done < buffer.count {
                let n = write(fd, base + done, buffer.count - done)
                if n > 0 {
                    done += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return n == 0 ? "write made no progress" : errnoText()
                }
            }
            return nil
        }
    }

    /// Makes the rename durable; a failure here leaves a correct file, so it is not reported.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
