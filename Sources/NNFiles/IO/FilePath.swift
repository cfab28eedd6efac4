#if canImport(Glibc)
import Glibc
#endif

/// The few path questions scripts need: does a file exist, where is it, what folder holds it.
package enum FilePath {
    package static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The absolute path with links resolved, or `path` itself when it does not exist.
    package static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The folder part of `path` (`.` for a bare file name).
    package static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
