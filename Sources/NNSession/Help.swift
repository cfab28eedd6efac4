import NNLanguage
import NNFiles

/// `help` and `help COMMAND`: the language in short, from `CommandSpec.all` (docs/commands.md in full).
///
/// Every line fits `columns − 1` characters: a summary too long for its line goes on under
/// itself, below the summaries' column, and a usage breaks between its alternatives.
enum Help {
    /// The help text for `topic`, or the list of commands.
    static func text(for topic: String?, columns: Int = 80) -> [Output] {
        let width = max(columns - 1, 20)
        guard let topic else {
            // The summaries' column: two spaces after the longest name.
            let nameWidth = (CommandSpec.all.map(\.name.count).max() ?? 0) + 2
            let indent = String(repeating: " ", count: 2 + nameWidth)
            let names = "names: W1 b1 Z1 A1 dZ1 dW1 db1 dA1 … X Y AL dAL J"
            let heading = "Commands (`help COMMAND` for more; \(names)):"
            return [.text(heading.count <= width ? heading : "Commands (`help COMMAND` for more; matrix names below):\n  " + names)]
                + CommandSpec.all.map { entry in
                    let line = "  " + entry.name.padded(to: nameWidth) + entry.summary
                    return .text(line.wrapped(to: width, indent: indent).joined(separator: "\n"))
                }
        }
        guard let entry = CommandSpec.named(topic) else {
            let hint = Suggestions.closest(to: topic, in: CommandSpec.all.map(\.name))
                .first.map { " (did you mean `help \($0)`?)" } ?? ""
            return [.text("no command called \(path: topic)\(hint); type `help` for the list")]
        }
        return usageLines(entry.usage, width: width).map { .text($0) }
            + ("  " + entry.summary).wrapped(to: width, indent: "    ").map { .text($0) }
            + paragraphs(entry.details).flatMap { ("  " + $0.text).wrapped(to: width, indent: $0.indent) }.map { .text($0) }
    }

    /// The details as paragraphs, each with the indent its wrapped lines take: a line that
    /// goes on from the one before is joined to it, so the paragraph is cut at spaces to the
    /// width once, not line by line.
    ///
    /// 1. A sentence goes on when its line does not end in `.` and the next line starts
    ///    at the margin: `… np.sum(…, axis=1,` + `keepdims=True), np.mean, …`.
    /// 2. A line starting with spaces goes on from the line above under its own indent
    ///    (`flower: …` + `        it seeds with 1 …`), and the paragraph wraps under it.
    /// 3. Otherwise a line laid out by hand stays a line: an equation (`dW[l] = 1/m · …`) or one
    ///    holding two spaces in a row (formulas aligned in columns, `small:  randn(…)`).
    static func paragraphs(_ lines: [String]) -> [(text: String, indent: String)] {
        var out: [(text: String, indent: String)] = []
        var open = false
        for line in lines {
            let lead = line.prefix { $0 == " " }.count
            if lead > 0, let last = out.popLast() {
                out.append((last.text + " " + line.dropFirst(lead), "  " + String(repeating: " ", count: lead)))  // 2.
                open = false
                continue
            }
            let laidOut = line.contains("  ") || Self.isEquation(line)
            if open, !laidOut, let last = out.popLast() {
                out.append((last.text + " " + line, last.indent))  // 1.
            } else {
                out.append((line, "  " + String(repeating: " ", count: Self.hangingColumn(line))))
            }
            open = !laidOut && !line.hasSuffix(".")
        }
        return out
    }

    /// Whether the line is an equation: its first word is followed by ` = ` (`dZ[l] = …`).
    private static func isEquation(_ line: String) -> Bool {
        let first = line.prefix { $0 != " " }
        return !first.isEmpty && line.dropFirst(first.count).hasPrefix(" = ")
    }

    /// Where the text of a `name:  text` line starts (its wrapped lines go under it); 2 otherwise.
    private static func hangingColumn(_ line: String) -> Int {
        let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty, line.dropFirst(name.count).first == ":" else { return 2 }
        let column = name.count + 1 + line.dropFirst(name.count + 1).prefix { $0 == " " }.count
        return column < 16 ? column : 2
    }

    /// A usage on as few lines as fit, broken only between alternatives (`a   |   b`).
    private static func usageLines(_ usage: String, width: Int) -> [String] {
        let separator = "   |   "
        var lines: [String] = []
        var line = ""
        for alternative in usage.split(separator: separator).map(String.init) {
            if line.isEmpty {
                line = alternative
            } else if line.count + separator.count + alternative.count <= width {
                line += separator + alternative
            } else {
                lines.append(line + "   |")
                line = alternative
            }
        }
        return lines + [line]
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
