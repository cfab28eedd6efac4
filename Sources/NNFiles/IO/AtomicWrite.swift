import Glibc

/// Replacing a file so that it is never seen half-written, and never leaving a temporary file.
///
/// ```
/// check the target (WriteTarget)  →  remove stale temporary files (TemporaryName)
/// open DIR with O_TMPFILE (no name)  →  write, fsync  →  link as DIR/.NAME.tmp-PID-N  →  rename over DIR/NAME
///                                                       (a new NAME is linked straight into place)
/// without O_TMPFILE:  create DIR/.NAME.tmp-PID-N  →  write, fsync  →  rename over DIR/NAME
/// then fsync DIR
/// ```
/// `rename` within one directory is atomic: readers see the old file or the new
/// one. On any failure the temporary file is removed and the old file is untouched;
/// a signal that ends the process mid-save removes it too (`PendingTemporaryFile`).
/// A file-size limit (`ulimit -f`) fails the write with EFBIG, since nnstep ignores SIGXFSZ.
///
/// 1. While the data is written the file has no name, so even SIGKILL leaves nothing.
///    `linkat` cannot replace a name, so an existing file is replaced through a
///    temporary name held for two system calls; a SIGKILL in that gap (or a file
///    system without O_TMPFILE) leaves a `.NAME.tmp-PID-N`, which the next save into
///    the folder removes (`TemporaryName.removeStale`).
/// 2. The unnamed file is linked through `/proc/self/fd/N` (any user), else with
///    AT_EMPTY_PATH (needs CAP_DAC_READ_SEARCH); when neither works the named
///    temporary file is used from then on. `NNSTEP_NO_O_TMPFILE=1` uses it from the start,
///    so tests can reach that path on any file system.
package enum AtomicWrite {
    /// Whether O_TMPFILE and linkat failed once here (see 2.); written only by the saving thread.
    nonisolated(unsafe) private static var unnamedUnavailable = getenv("NNSTEP_NO_O_TMPFILE") != nil
}

// MARK: - Replace

extension AtomicWrite {
    /// Makes `path` hold exactly `bytes`, keeping an existing file's permission bits;
    /// a new file gets `newFileMode` (less the umask): 0o666 for matrices and scripts,
    /// 0o600 for the private history. A symbolic link is written through (`WriteTarget`).
    package static func replace(path: String, with bytes: [UInt8], newFileMode: mode_t = 0o666) throws(FileError) {
        guard !split(path).1.isEmpty else { throw .cannotWrite(path: path, reason: "no file name") }
        let target = try WriteTarget.check(path)
        let (directory, name) = split(target.path)
        TemporaryName.removeStale(in: directory)
        let mode = target.existingMode ?? newFileMode
        if !unnamedUnavailable, try replaceUnnamed(target, directory, name, bytes, mode, shown: path) {
            return syncDirectory(directory)
        }
        var temp = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temp = directory + "/" + TemporaryName.make(for: name)
            fd = PendingTemporaryFile.withSignalsHeld {
                PendingTemporaryFile.arm(temp)
                let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
                if fd < 0 { PendingTemporaryFile.disarm() }
                return fd
            }
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: errnoText()) }
        defer { PendingTemporaryFile.disarm() }

        var failure = fill(fd, bytes, mode: target.existingMode)
        if close(fd) != 0, failure == nil { failure = "close: " + errnoText() }
        if failure == nil, rename(temp, target.path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temp)
            throw .cannotWrite(path: path, reason: failure)
        }
        syncDirectory(directory)
    }

    /// The save through an unnamed file (see 1.); false when this file system cannot make or link one.
    private static func replaceUnnamed(_ target: WriteTarget, _ directory: String, _ name: String,
                                       _ bytes: [UInt8], _ mode: mode_t, shown path: String) throws(FileError) -> Bool {
        let fd = open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if let failure = fill(fd, bytes, mode: target.existingMode) {
            throw .cannotWrite(path: path, reason: failure)
        }
        if target.existingMode == nil {
            let linked = PendingTemporaryFile.withSignalsHeld { link(fd, as: target.path) }
            if linked { return true }
            if errno != EEXIST {
                unnamedUnavailable = true
                return false
            }
        }
        var temp = ""
        for attempt in 0..<8 {
            temp = directory + "/" + TemporaryName.make(for: name)
            let linked = PendingTemporaryFile.withSignalsHeld {
                PendingTemporaryFile.arm(temp)
                let linked = link(fd, as: temp)
                if !linked { PendingTemporaryFile.disarm() }
                return linked
            }
            if linked { break }
            guard errno == EEXIST, attempt < 7 else {
                unnamedUnavailable = true
                return false
            }
        }
        defer { PendingTemporaryFile.disarm() }
        guard rename(temp, target.path) == 0 else {
            let reason = errnoText()
            unlink(temp)
            throw .cannotWrite(path: path, reason: reason)
        }
        return true
    }

    /// Gives the unnamed file `fd` the name `path` (see 2.); false with errno set otherwise.
    private static func link(_ fd: Int32, as path: String) -> Bool {
        if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return true }
        guard errno != EEXIST else { return false }
        return linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0
    }

    /// Writes `bytes` to `fd`, restores `mode` when given (a replaced file's bits) and syncs;
    /// the reason of the first failure, or nil.
    private static func fill(_ fd: Int32, _ bytes: [UInt8], mode: mode_t?) -> String? {
        if let reason = writeAll(fd, bytes) { return reason }
        if let mode, fchmod(fd, mode) != 0 { return errnoText() }
        if fsync(fd) != 0 { return "fsync: " + errnoText() }
        return nil
    }

    /// (directory, file name); the directory is "." for a bare name.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// `open` flags for a file with no name in a directory (Linux's O_TMPFILE, which Glibc's module leaves out).
    private static let O_TMPFILE: Int32 = 0o20000000 | O_DIRECTORY
    /// `linkat` on the descriptor itself (Linux's AT_EMPTY_PATH).
    private static let AT_EMPTY_PATH: Int32 = 0x1000

    /// Every byte written, retrying short writes and EINTR; the error text otherwise.
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
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
