import Glibc

/// A file opened read-only, read at checked offsets with `pread`.
///
/// Every read names the range it wants; a range past the end is reported as
/// a short file rather than read, so garbled lengths never trap.
final class ReadableFile {
    /// The path as the user gave it, for messages.
    let path: String
    /// The size in bytes when opened.
    let size: Int
    private let fd: Int32

    /// Opens `path`; fails for a missing file and for anything not a regular file.
    ///
    /// 1. `O_NONBLOCK` makes opening a FIFO return at once instead of waiting for a
    ///    writer; `fstat` on the open descriptor then refuses it (no race with a
    ///    rename between a check and the open). Regular files ignore the flag.
    init(path: String) throws(FileError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: errnoText()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = errnoText()
            close(fd)
            throw .cannotOpen(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .cannotOpen(path: path, reason: "not a regular file: " + Self.kind(info.st_mode))
        }
        self.fd = fd
        self.size = Int(info.st_size)
    }

    /// What a non-regular file is, for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe), which could block forever"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }

    deinit { close(fd) }
}

// MARK: - Reading

extension ReadableFile {
    /// Whether `count` bytes from `offset` lie inside the file.
    func contains(offset: Int, count: Int) -> Bool {
        guard offset >= 0, count >= 0 else { return false }
        let (end, overflow) = offset.addingReportingOverflow(count)
        return !overflow && end <= size
    }

    /// Exactly `count` bytes from `offset`; `onShort` builds the error when the
    /// file ends first (given the bytes that were available).
    func read(offset: Int, count: Int, onShort: (Int) -> FileError) throws(FileError) -> [UInt8] {
        guard contains(offset: offset, count: count) else {
            throw onShort(max(0, min(size - max(offset, 0), count)))
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(offset + done))
                if n > 0 {
                    done += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        if failure != 0 { throw .cannotRead(path: path, reason: String(cString: strerror(failure))) }
        guard done == count else { throw onShort(done) }
        return bytes
    }

    /// The whole file.
    func readAll() throws(FileError) -> [UInt8] {
        let path = self.path
        return try read(offset: 0, count: size) { _ in
            .cannotRead(path: path, reason: "the file shrank while being read")
        }
    }
}

// MARK: - Little-endian fields

extension Array where Element == UInt8 {
    /// The little-endian integer of `width` bytes at `offset`, or nil past the end.
    func littleEndian(at offset: Int, width: Int) -> UInt64? {
        guard offset >= 0, width <= 8, offset <= count - width else { return nil }
        var value: UInt64 = 0
        for k in stride(from: width - 1, through: 0, by: -1) {
            value = value << 8 | UInt64(self[offset + k])
        }
        return value
    }

    func u16(at offset: Int) -> Int? { littleEndian(at: offset, width: 2).map { Int($0) } }
    func u32(at offset: Int) -> Int? { littleEndian(at: offset, width: 4).map { Int($0) } }
    /// A 64-bit field as `Int`, nil when it does not fit (such sizes are damage).
    func u64(at offset: Int) -> Int? {
        littleEndian(at: offset, width: 8).flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil }
    }

    /// Appends `value` as `width` little-endian bytes.
    mutating func append(littleEndian value: UInt64, width: Int) {
        for k in 0..<width { append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) }
    }
}

/// `strerror(errno)` as a String.
func errnoText() -> String {
    String(cString: strerror(errno))
}
