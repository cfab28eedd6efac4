import NNLanguage
#if canImport(Glibc)
import Glibc
#endif

/// How much memory nnstep may use, from the machine and the limits set on the process.
///
/// ```
/// physical   = _SC_PHYS_PAGES · _SC_PAGESIZE
/// available  = min(physical, RLIMIT_AS (ulimit -v), /sys/fs/cgroup/memory.max)
/// elements   = available / 8 / 4       the matrices one session may hold: a quarter, as
///                                      a load lays each array out once more on the way
/// ```
enum MemoryLimit {
    /// Physical memory in bytes (2³⁴ when the system does not say).
    static let physicalBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 1 << 34 }
        let bytes = pages.multipliedReportingOverflow(by: pageSize)
        return bytes.overflow ? Int.max : bytes.partialValue
    }()

    /// The most bytes the process can get: physical memory, `ulimit -v` and the cgroup's limit.
    static let availableBytes: Int = {
        var limit = physicalBytes
        var address = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &address) == 0,
           address.rlim_cur < UInt64(Int.max) {
            limit = min(limit, Int(address.rlim_cur))
        }
        if let cgroup = cgroupBytes() { limit = min(limit, cgroup) }
        return limit
    }()

    /// The most matrix elements all loads of a session together may bring in.
    static var sessionElements: Int { max(1 << 20, availableBytes / 32) }

    /// The most elements `set max-elements` accepts: physical memory in doubles.
    static var maxElements: Int { max(1 << 20, physicalBytes / 8) }

    /// `memory.max` of cgroup v2, when it is a number (not "max").
    private static func cgroupBytes() -> Int? {
        let fd = open("/sys/fs/cgroup/memory.max", O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 31) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").first ?? ""
        return Int(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
