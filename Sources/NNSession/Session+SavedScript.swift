import NNLanguage
import NNFiles

/// `save FILE.nnscript`: the commands that built the session, as a script that replays it.
///
/// ```
/// # nnstep session: replay with `nnstep FILE` or `run FILE`, FILE being this script
/// net 2 4 3 1                      every command that built the state, as it ran
/// load "my data.npz" "x #y" as M   names quoted by StringLiteral where they are not plain
/// train 137000 0.1  # stopped      a train Ctrl-C stopped: the iterations it ran
/// ```
/// A script's relative file names are looked for beside it (`resolveInput`), so the file
/// each `load` read is written as the script finds it from its own folder:
///
/// ```
/// absolute as typed                              kept
/// relative, and it names that file from there    kept (the usual case: the script beside its data)
/// under the script's folder                      the path from that folder
/// elsewhere                                      its absolute path
/// ```
extension Session {
    func saveScript(_ path: String, names: [MatrixName]) throws(SessionError) -> [Output] {
        if !names.isEmpty {
            throw .unsupportedFile(command: CommandSpec.save.name, path: path,
                                   expected: "a .nnscript holds commands, not chosen matrices; drop the names")
        }
        let folder = FilePath.canonical(FilePath.directory(path))
        let commands = built.map(\.ran).filter(\.command.buildsState).map { replayable($0, from: folder) }
        // 1. The comment is nnstep's own words only: a file name in it, however escaped, is
        //    foreign text where nothing needs it.
        let text = "# nnstep session: replay with `nnstep FILE` or `run FILE`, FILE being this script\n"
            + commands.map(\.description).joined(separator: "\n") + "\n"
        do {
            try TextFile.write(text, to: path)
        } catch {
            throw .file(error)
        }
        return [.text("saved \(commands.count) commands to \(path: path)")]
    }

    /// `ran` with a `load`'s file name as a script in `folder` finds the same file.
    private func replayable(_ ran: RecordedCommand, from folder: String) -> RecordedCommand {
        guard case let .load(typed, key, target) = ran.command, !typed.hasPrefix("/") else { return ran }
        let file = FilePath.canonical(loadPaths[typed] ?? typed)
        // 1. A file gone since has no absolute path to give: the name stays as typed.
        guard file.hasPrefix("/"), FilePath.canonical(folder + "/" + typed) != file else { return ran }
        let inside = folder == "/" ? "/" : folder + "/"
        let written = file.hasPrefix(inside) ? String(file.dropFirst(inside.count)) : file
        return RecordedCommand(command: .load(path: written, key: key, as: target), stopped: ran.stopped)
    }
}
