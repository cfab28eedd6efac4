import CArguments
import Glibc

/// The program's own command line and executable, without relying on /proc.
///
/// ```
/// arguments    argv as the C runtime passed it (CArguments), CommandLine.arguments otherwise
/// executable   /proc/self/exe; without /proc, argv[0] made absolute, or found on PATH
/// ```
/// 1. Swift's `CommandLine.arguments` reads /proc/self/cmdline on Linux. With /proc hidden
///    (a private mount namespace) it is empty, and `nnstep FILE` read stdin instead of FILE
///    and exited 0 whatever FILE held.
enum ProcessArguments {
    /// argv, program name first (see 1.).
    static let all: [String] = {
        let count = Int(nn_argc())
        guard count > 0, let argv = nn_argv() else { return CommandLine.arguments }
        return (0..<count).map { k in argv[k].map { String(cString: $0) } ?? "" }
    }()

    /// The path the HDF5 reader child is started from: this very program.
    static func executable() -> String? {
        if access("/proc/self/exe", X_OK) == 0 { return "/proc/self/exe" }
        guard let name = all.first, !name.isEmpty else { return nil }
        if name.contains("/") { return absolute(name) }
        guard let path = getenv("PATH") else { return nil }
        for folder in String(cString: path).split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + name
            if access(candidate, X_OK) == 0 { return absolute(candidate) }
        }
        return nil
    }

    /// `path` resolved against the current folder, so a later `cd` cannot change it.
    private static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
