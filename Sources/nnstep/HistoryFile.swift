import Glibc
import NNFiles

/// The history file on disk: read in bounded pieces, appended to under a lock, trimmed atomically.
///
/// ```
/// start-up     read: 64 KiB at a time; a line over 64 KiB is skipped, never given to libedit
/// each command open O_APPEND  →  flock  →  write "LINE\n"  →  (trim)  →  close
/// trim         under the same lock: read it all, keep the newest lines, replace it (AtomicWrite)
/// ```
/// 1. Sessions running at once each append their own lines, so none loses another's;
///    the lock orders their appends and the trim, and the trim keeps the newest lines
///    of every session, since the file holds them in the order they were typed.
/// 2. A trim renames a new file over the old one, so a session that was waiting for
///    the lock may hold the old, unlinked file: after locking it compares the file it
///    holds with the one the path names, and opens again if they differ.
/// 3. Anything nnstep did not write itself is refused whole: a FIFO or device, a file
///    over 128 MiB, a NUL byte or bytes that are not UTF-8. Such a file is never replaced.
///    A line over 64 KiB (an older nnstep kept any pasted line) is skipped, found with
///    `memchr`, so a 90 MB line costs a tenth of a second and never reaches libedit.
enum HistoryFile {
    /// The longest line kept; a longer one is skipped on load and never stored.
    static let maxLineBytes = 64 << 10
    /// The largest file read; a larger one is left alone.
    static let maxFileBytes = 128 << 20

    /// What reading the file found.
    enum Reading: Equatable {
        /// No file yet.
        case missing
        /// The newest lines (at most `keep`), how many lines the file holds, and how many
        /// of them were over `maxLineBytes` and skipped.
        case lines([String], total: Int, skipped: Int)
        /// The file cannot be read as a history; the reason, in words (see 3.).
        case unusable(String)
    }

    /// Reads `path`, keeping its newest `keep` lines; a FIFO is opened without blocking.
    static func read(_ path: String, keep: Int) -> Reading {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return errno == ENOENT ? .missing : .unusable(systemError()) }
        defer { close(fd) }
        return read(fd: fd, keep: keep)
    }

    /// Reads the open file `fd` from its start (see 3.).
    static func read(fd: Int32, keep: Int) -> Reading {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unusable(systemError()) }
        if let kind = WriteTarget.kind(info.st_mode) { return .unusable("it is \(kind), not a regular file") }
        guard Int(info.st_size) <= maxFileBytes else {
            return .unusable("it holds \(info.st_size) bytes, more than the \(maxFileBytes >> 20) MiB a history may have")
        }
        var newest: [String] = []
        var total = 0
        var skipped = 0
        var line: [UInt8] = []
        var skipping = false
        var failure: String? = nil
        func finish() {
            defer { line.removeAll(keepingCapacity: true); skipping = false }
            if skipping { skipped += 1 }
            while line.last == 0x0D { line.removeLast() }
            guard !skipping, !line.isEmpty, failure == nil else { return }
            guard !line.contains(0), let text = String(validating: line, as: UTF8.self) else {
                failure = "it holds bytes that are not UTF-8 text"
                return
            }
            total += 1
            newest.append(text)
            if newest.count >= 2 * max(keep, 1) { newest.removeFirst(newest.count - keep) }
        }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var offset: off_t = 0
        while failure == nil, offset <= off_t(maxFileBytes) {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { failure = systemError() }
                break
            }
            offset += off_t(count)
            var start = 0
            while start < count {
                let newline = buffer.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress, let found = memchr(base + start, 0x0A, count - start) else {
                        return count
                    }
                    return base.distance(to: UnsafeRawPointer(found))
                }
                if !skipping {
                    line.append(contentsOf: buffer[start..<newline])
                    if line.count > maxLineBytes { skipping = true; line.removeAll(keepingCapacity: true) }
                }
                if newline < count { finish() }
                start = newline + 1
            }
        }
        finish()
        if let failure { return .unusable(failure) }
        return .lines(Array(newest.suffix(keep)), total: total, skipped: skipped)
    }

    /// Appends `line` to `path` under the lock, then trims the file to its newest `keep`
    /// lines when `trim` is set (see 1. and 2.); the number of lines the file holds
    /// afterwards when it trimmed, nil when it only appended.
    static func append(_ line: String, to path: String, trimTo keep: Int?) throws(FileError) -> Int? {
        var fd: Int32 = -1
        for _ in 0..<8 {
            fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o600)
            guard fd >= 0 else { throw .cannotWrite(path: path, reason: systemError()) }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw .cannotWrite(path: path, reason: "flock: " + systemError())
                }
            }
            var held = stat()
            var named = stat()
            if fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                if let kind = WriteTarget.kind(held.st_mode) { close(fd); throw .notRegularFile(path: path, kind: kind) }
                break
            }
            close(fd)
            fd = -1
        }
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: "the file kept changing while it was locked") }
        defer { close(fd) }  // closing releases the lock
        if let reason = AtomicWrite.writeAll(fd, Array((line + "\n").utf8)) {
            throw .cannotWrite(path: path, reason: reason)
        }
        guard let keep else { return nil }
        guard case let .lines(newest, _, _) = read(fd: fd, keep: keep) else { return nil }
        try AtomicWrite.replace(path: path, with: Array(newest.map { $0 + "\n" }.joined().utf8), newFileMode: 0o600)
        return newest.count
    }
}

/// The system's words for `errno`.
private func systemError() -> String {
    String(cString: strerror(errno))
}
