import NNLanguage
/// A Jupyter notebook (nbformat 4) written as JSON text: a markdown title, the course's
/// functions in the first code cell, then one code cell per command with the command
/// as its first line, a comment.
enum NotebookFile {
    /// The notebook's JSON; each cell is the text of its code.
    static func json(title: String, cells: [String]) -> String {
        var out = "{\n \"cells\": [\n"
        let all = [cell(type: "markdown", title)] + cells.map { cell(type: "code", $0) }
        out += all.joined(separator: ",\n")
        out += "\n ],\n \"metadata\": {\n  \"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"},\n"
        out += "  \"language_info\": {\"name\": \"python\"}\n },\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
        return out
    }

    private static func cell(type: String, _ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        while let last = lines.last, last == "\n" { lines.removeLast() }  // no blank lines at the end
        if var last = lines.popLast() {
            last.removeLast()
            lines.append(last)
        }
        let source = lines.map { "    " + escaped($0) }.joined(separator: ",\n")
        var out = "  {\n   \"cell_type\": \"\(type)\",\n   \"metadata\": {},\n"
        if type == "code" { out += "   \"execution_count\": null,\n   \"outputs\": [],\n" }
        out += "   \"source\": [\n" + source + "\n   ]\n  }"
        return out
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func escaped(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += "\\u" + String(u.value, radix: 16).leftZeroPadded(to: 4)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

extension PythonExport {
    /// The session as a notebook: the functions first, one cell per command, then the save.
    func notebook(saving npz: String) -> String {
        let prelude = PythonPrelude.text(parts) + Self.start
        let cells = [prelude] + blocks.map { "# nn> \($0.command.singleLine)\n" + $0.code.joined(separator: "\n") }
            + ["# every matrix under nnstep's names, as `save \(npz)` writes them\nsave_session(S, \(NumpyText.string(npz)))"]
        return NotebookFile.json(title: "# nnstep session\n\nThe course's functions, then one cell per command of the session.",
                                 cells: cells)
    }
}
