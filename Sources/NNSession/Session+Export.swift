import NNLanguage
import NNFiles

/// `export FILE.py` and `export FILE.ipynb`: the session as numpy code (see `PythonExport`).
extension Session {
    func export(_ path: String) throws(SessionError) -> [Output] {
        let isNotebook = path.hasSuffix(".ipynb")
        guard isNotebook || path.hasSuffix(".py") else {
            throw .unsupportedFile(command: CommandSpec.export.name, path: path,
                                   expected: "use .py (a numpy script) or .ipynb (a notebook): `export session.py`")
        }
        let code = PythonExport(built.compactMap(\.export))
        let text: String
        if isNotebook {
            text = code.notebook(saving: String(path.dropLast(".ipynb".count)) + ".npz")
        } else {
            text = code.script
        }
        do {
            try TextFile.write(text, to: path)
        } catch {
            throw .file(error)
        }
        // The file's first lines say what it is and how to run it.
        let head = text.split(separator: "\n").prefix(isNotebook ? 0 : 3).map { Output.text(String($0)) }
        let how = isNotebook ? "open it in Jupyter; its last cell saves every matrix to \(path.dropLast(6)).npz" : "it begins:"
        return [.text("exported the session to \(path: path) as numpy code with the course's functions; \(how)")] + head
    }
}
