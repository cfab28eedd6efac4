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
            + entry.details.flatMap { ("  " + $0).wrapped(to: width, indent: "    ") }.map { .text($0) }
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
