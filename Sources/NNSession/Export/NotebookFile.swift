import NNLanguage
/// A Jupyter notebook (nbformat 4) written as JSON text: a markdown title, the course's
/// functions in the first code cell, then one code cell per command with the command
/// as its first line, a string. Every string in the JSON goes through `escaped`.
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

    /// A JSON string literal in printable ASCII: quotes, backslashes, every control
    /// character and every scalar beyond ASCII escaped (U+2028 and U+2029 included, which
    /// JavaScript once read as line ends), those beyond U+FFFF as a surrogate pair.
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
                let v = u.value
                if v >= 0x20 && v < 0x7F {
                    out.unicodeScalars.append(u)
                } else if v <= 0xFFFF {
                    out += unit(v)
                } else {
                    let w = v - 0x10000
                    out += unit(0xD800 + (w >> 10)) + unit(0xDC00 + (w & 0x3FF))
                }
            }
        }
        return out + "\""
    }

    private static func unit(_ v: UInt32) -> String {
        "\\u" + String(v, radix: 16).leftZeroPadded(to: 4)
    }
}

extension PythonExport {
    /// The session as a notebook: the functions first, one cell per command, then the save.
    func notebook(saving npz: String) -> String {
        let prelude = PythonPrelude.text(parts) + Self.start
        let cells = [prelude] + blocks.map(\.text)
            + ["# every matrix under nnstep's names, as `save` writes them\nsave_session(S, \(PythonString.literal(npz)))"]
        return NotebookFile.json(title: "# nnstep session\n\nThe course's functions, then one cell per command of the session.",
                                 cells: cells)
    }
}
