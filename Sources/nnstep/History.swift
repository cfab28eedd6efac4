import CEditLine
import Glibc
import NNFiles
import NNShell
import NNSession
import NNLanguage

/// The commands typed at the terminal, kept across sessions in a file.
///
/// libedit's list is what Up and Down browse: it bounds the length and drops a line
/// equal to the newest one. The file is `$XDG_STATE_HOME/nnstep/history` (default
/// `~/.local/state/nnstep/history`), one command a line, oldest first, private to the
/// user (0600 in a 0700 folder); `HistoryFile` reads, appends and trims it.
///
/// 1. Each new entry is appended to the file (under a lock), so sessions running at
///    once keep all their lines. When the file holds `slack` lines more than
///    `capacity`, as far as this session knows, or held a line over 64 KiB, the
///    append trims it to the newest `capacity` lines.
/// 2. A file that could not be read (no permission, not a regular file, too large,
///    not UTF-8 text) or may not be written (write-protected) is left as it is: the
///    session says so once on stderr and keeps its history in memory only.
/// 3. A failed append keeps the old file and warns once per session; typing goes on.
final class CommandHistory {
    /// libedit's history list (`History *`).
    let list: OpaquePointer
    /// The file, or nil when there is no home directory to keep it in.
    let path: String?
    /// Whether the file may be appended to (see 2.).
    private var writable = true
    /// Whether a problem with the file has been reported already.
    private var warned = false
    /// The lines the file holds, as far as this session knows: those read plus those appended.
    private var fileLines = 0

    /// The most entries kept, in memory and in the file.
    static let capacity: Int32 = 1000
    /// How far past `capacity` the file may grow before it is trimmed (see 1.).
    static let slack = 250

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
    /// Trailing blanks (left by TAB completion) are dropped; a line over 64 KiB is not kept.
    func add(_ entry: String) {
        var line = entry.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        while let last = line.last, last == " " || last == "\t" { line.removeLast() }
        guard !line.isEmpty, line.utf8.count <= HistoryFile.maxLineBytes else { return }
        let newest = nn_history_first(list).map { String(cString: $0) }
        nn_history_enter(list, line)
        if newest != line { save(line) }
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

    /// Reads the newest `capacity` lines of the file, if any, into libedit's list (see 2.).
    private func load() {
        guard let path else { return }
        switch HistoryFile.read(path, keep: Int(Self.capacity)) {
        case .missing:
            break
        case let .unusable(reason):
            writable = false
            return warn("history file \(path) could not be read (\(reason)); it is left as it is, "
                + "and this session's commands are not saved to it")
        case let .lines(lines, total, skipped):
            for line in lines { nn_history_enter(list, line) }
            // A line too long to keep is dropped from the file by the first trim, made at once.
            fileLines = skipped > 0 ? Int(Self.capacity) + Self.slack : total
        }
        // Write-protected, or a link to nothing (appending would create a file through it).
        do {
            _ = try WriteTarget.check(path)
        } catch {
            writable = false
            warn("history file \(path) is not written: \(error.message)")
        }
    }

    /// Appends `line` to the file, trimming it when it has grown (see 1. and 3.).
    private func save(_ line: String) {
        guard let path, writable else { return }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard makeDirectories(directory) else { return warnUnsaved(path, String(cString: strerror(errno))) }
        let trim = fileLines + 1 > Int(Self.capacity) + Self.slack ? Int(Self.capacity) : nil
        do {
            if let kept = try HistoryFile.append(line, to: path, trimTo: trim) {
                fileLines = kept
            } else {
                fileLines += 1
            }
        } catch {
            warnUnsaved(path, error.reason)
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

    private func warnUnsaved(_ path: String, _ reason: String) {
        warn("history not saved to \(path): \(reason) (the previous file is kept)")
    }

    /// Says `text` on stderr, once per session.
    private func warn(_ text: String) {
        guard !warned else { return }
        warned = true
        fputs("nnstep: warning: \(QuotedText.visible(text))\n", nn_stderr())
    }
}
