import CEditLine
import Glibc
import NNFiles
import NNShell
import NNSession
import NNLanguage

/// TAB at the terminal: asks `Completer` about the line up to the cursor, then
/// inserts what is certain and lists the rest, as bash does.
///
/// ```
/// show dW⇥    →  dW1  dW2  dW3        (listed; nothing more is certain)
/// show dW1⇥   →  show dW1␣
/// load data/⇥ →  the files in data/
/// ```
enum TabCompletion {
    /// The editor command bound to TAB (libedit's `el_func_t`).
    static func complete(_ editor: OpaquePointer?, _ key: Int32) -> UInt8 {
        guard let editor, let line = el_line(editor) else { return UInt8(CC_ERROR) }
        let reader = EditLineReader.owner(of: editor)
        let start = UnsafeRawPointer(line.pointee.buffer)
        let cursor = UnsafeRawPointer(line.pointee.cursor)
        let before: String
        if let start, let cursor, cursor > start {
            before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        } else {
            before = ""
        }
        let completer = Completer(matrixNames: reader.matrixNames(), listDirectory: listDirectory)
        let completion = completer.complete(before)

        if !completion.insertion.isEmpty {
            return el_insertstr(editor, completion.insertion) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_ERROR)
        }
        if completion.shouldList {
            let columns = TerminalWidth.current()
            fputs("\n" + layout(completion.listing, width: columns), nn_stdout())
            fflush(nn_stdout())
            return UInt8(CC_REDISPLAY)
        }
        return UInt8(CC_REFRESH_BEEP)
    }
}

// MARK: - Listing

extension TabCompletion {
    /// Names in columns, filled top to bottom, each two spaces wider than the longest;
    /// a file name's control characters are shown escaped (`QuotedText.path`).
    static func layout(_ listed: [String], width: Int) -> String {
        guard !listed.isEmpty else { return "" }
        let names = listed.map(QuotedText.path)
        let cell = (names.map(\.count).max() ?? 0) + 2
        let columns = max(1, width / cell)
        let rows = (names.count + columns - 1) / columns
        var text = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < names.count else { break }
                let name = names[index]
                line += name + String(repeating: " ", count: cell - name.count)
            }
            while line.last == " " { line.removeLast() }
            text += line + "\n"
        }
        return text
    }
}

// MARK: - Files

extension TabCompletion {
    /// The entries of `directory` (`""` is the current one); symbolic links
    /// count as directories when they lead to one.
    static func listDirectory(_ directory: String) -> [FileEntry] {
        guard let handle = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(handle) }
        var entries: [FileEntry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            var isDirectory = Int(entry.pointee.d_type) == DT_DIR
            if Int(entry.pointee.d_type) == DT_LNK || Int(entry.pointee.d_type) == DT_UNKNOWN {
                var info = stat()
                isDirectory = stat(directory + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append(FileEntry(name: name, isDirectory: isDirectory))
        }
        return entries
    }
}
