#if canImport(Glibc)
import Glibc
#endif

/// The name a save writes under before it renames: `.NAME.tmp-PID-N`, beside the target.
///
/// 1. The name is bounded: a file name may have 255 bytes, and `.NAME.tmp-PID-N`
///    adds up to 24, so a NAME over 200 bytes is cut (at a character boundary) and
///    given a hash of the whole name: `.` + 191 bytes + `~` + 8 hex digits. Any legal
///    name can then be saved.
/// 2. SIGKILL cannot be caught, so a save killed while its temporary file had a name
///    leaves it behind. Every save first removes, in its folder, the files of this
///    pattern whose process is gone (`kill(PID, 0)` fails with ESRCH) and that belong
///    to this user. A live process's file is never touched, nor this process's own.
enum TemporaryName {
    /// The longest NAME kept whole (see 1.).
    static let longestWholeName = 200

    /// `.NAME.tmp-PID-N` for `name` (see 1.); `random` makes N.
    static func make(for name: String, random: UInt32 = UInt32.random(in: 0...UInt32.max)) -> String {
        "." + bounded(name) + ".tmp-\(getpid())-\(random)"
    }

    /// `name`, or its first 191 bytes (whole characters), `~` and a hash of all of it.
    static func bounded(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard bytes.count > longestWholeName else { return name }
        var cut = longestWholeName - 9
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a UTF-8 sequence
        let hash = String(fnv1a(bytes), radix: 16)
        return String(decoding: bytes[..<cut], as: UTF8.self) + "~"
            + String(repeating: "0", count: 8 - hash.count) + hash
    }

    /// The 32-bit FNV-1a hash: small, fixed and good enough to tell names apart.
    static func fnv1a(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// The PID in `.NAME.tmp-PID-N`, or nil when `entry` is not such a name.
    static func owner(of entry: String) -> pid_t? {
        let bytes = Array(entry.utf8)
        let marker = Array(".tmp-".utf8)
        guard bytes.first == UInt8(ascii: "."), bytes.count > marker.count + 3 else { return nil }
        var start = bytes.count - marker.count
        while start > 0, !bytes[start..<(start + marker.count)].elementsEqual(marker) { start -= 1 }
        guard start > 0 else { return nil }
        let parts = bytes[(start + marker.count)...].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        let digits: (ArraySlice<UInt8>) -> Bool = { !$0.isEmpty && $0.count <= 10 && $0.allSatisfy { (0x30...0x39).contains($0) } }
        guard parts.count == 2, digits(parts[0]), digits(parts[1]),
              let pid = pid_t(String(decoding: parts[0], as: UTF8.self)), pid > 0 else { return nil }
        return pid
    }

    /// Removes the temporary files in `directory` left by processes that are gone (see 2.).
    static func removeStale(in directory: String) {
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        let me = getpid()
        let uid = geteuid()
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let pid = owner(of: name), pid != me, kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == uid else { continue }
            unlink(path)
        }
    }
}
