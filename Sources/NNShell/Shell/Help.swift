/// `help` and `help COMMAND`: the language in short, from `CommandSpec.all` (docs/commands.md in full).
enum Help {
    /// The help text for `topic`, or the list of commands.
    static func text(for topic: String?) -> [Output] {
        guard let topic else {
            return [.text("Commands (`help COMMAND` for more; names: W1 b1 Z1 A1 dZ1 dW1 db1 dA1 … X Y AL dAL J):")]
                + CommandSpec.all.map { .text("  " + $0.name.padded(to: 9) + $0.summary) }
        }
        guard let entry = CommandSpec.named(topic) else {
            let hint = Suggestions.closest(to: topic, in: CommandSpec.all.map(\.name))
                .first.map { " (did you mean `help \($0)`?)" } ?? ""
            return [.text("no command called \(topic)\(hint); type `help` for the list")]
        }
        return [.text(entry.usage), .text("  " + entry.summary)] + entry.details.map { .text("  " + $0) }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
