import CEditLine
import Glibc
import NNFiles
import NNShell
import NNSession
import NNLanguage

/// The commands typed at the terminal, kept across sessions in a file.
///
/// libedit's list is the one source of truth: it bounds the length and drops a
/// line equal to the newest one. After each new entry the whole list is written
/// to `$XDG_STATE_HOME/nnstep/history` (default `~/.local/state/nnstep/history`),
/// one command a line, oldest first.
///
/// 1. The file is replaced atomically: the list goes to a temporary file in the
///    same directory, is flushed to disk with fsync, and only then renamed over
///    the old one. A crash or a full disk leaves either the old or the new file,
///    never a truncated one.
/// 2. A failed write keeps the old file and warns once per session; typing goes on.
final class CommandHistory {
    /// libedit's history list (`History *`).
    let list: OpaquePointer
    /// The file, or nil when there is no home directory to keep it in.
    let path: String?
    /// Whether a failed save has been reported already.
    private var warned = false

    /// The most entries kept, in memory and in the file.
    static let capacity: Int32 = 1000

    init(path: String?) {
        guard let list = history_init() else {
            preconditionFailure("libedit could not allocate a history list")
        }
        self.list = list
        self.path = path
        nn_history_set_size(list, Self.capacity)
        nn_history_set_unique(list, 1)
        load()
    }

    deinit {
        history_end(list)
    }
}

// MARK: - Entries

extension CommandHistory {
    /// Stores one complete command; a command typed over several lines is kept
    /// as one line, so Up brings it back whole and the file stays one a line.
    /// Trailing blanks (left by TAB completion) are dropped.
    func add(_ entry: String) {
        var line = entry.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        while let last = line.last, last == " " || last == "\t" { line.removeLast() }
        guard !line.isEmpty else { return }
        nn_history_enter(list, line)
        save()
    }

    /// Every entry, oldest first.
    var entries: [String] {
        var newestFirst: [String] = []
        var entry = nn_history_first(list)
        while let text = entry {
            newestFirst.append(String(cString: text))
            entry = nn_history_next(list)
        }
        return newestFirst.reversed()
    }
}

// MARK: - File

extension CommandHistory {
    /// `$XDG_STATE_HOME/nnstep/history`, or `~/.local/state/nnstep/history`.
    static func defaultPath() -> String? {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/nnstep/history"
        }
        if let home = environment("HOME"), home.hasPrefix("/") {
            return home + "/.local/state/nnstep/history"
        }
        return nil
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Reads the file, if any, into libedit's list (the newest `capacity` lines).
    /// Only a regular file is read: a FIFO is opened without blocking (`O_NONBLOCK`)
    /// and refused by `fstat`, so a history path that is a pipe cannot hang the start.
    private func load() {
        guard let path else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              fcntl(fd, F_SETFL, 0) == 0, let file = fdopen(fd, "r") else {
            close(fd)
            return
        }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        defer { free(buffer) }
        while true {
            let count = getline(&buffer, &size, file)
            guard count >= 0, let buffer else { break }
            var length = count
            while length > 0, buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D { length -= 1 }
            buffer[length] = 0
            if length > 0 { nn_history_enter(list, buffer) }
        }
    }

    /// Replaces the file with the current list (see 1. and 2. above), private to the user.
    private func save() {
        guard let path else { return }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard makeDirectories(directory) else { return warn(path, String(cString: strerror(errno))) }
        var text = entries.joined(separator: "\n")
        if !text.isEmpty { text += "\n" }
        do {
            try AtomicWrite.replace(path: path, with: Array(text.utf8), newFileMode: 0o600)
        } catch {
            warn(path, error.reason)
        }
    }

    /// `mkdir -p`, private to the user (0700).
    private func makeDirectories(_ directory: String) -> Bool {
        var prefix = ""
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }

    private func warn(_ path: String, _ reason: String) {
        guard !warned else { return }
        warned = true
        fputs("nnstep: warning: history not saved to \(path): \(reason) (the previous file is kept)\n", nn_stderr())
    }
}
