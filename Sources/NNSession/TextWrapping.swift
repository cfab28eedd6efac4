import NNLanguage
/// Cutting prose into lines that fit a width: help, notes, the diagram's stage lines.
extension String {
    /// The text cut at spaces into lines of at most `width` characters; lines after the
    /// first start with `indent`. A word longer than a line stays whole on its own line.
    package func wrapped(to width: Int, indent: String = "") -> [String] {
        guard count > width else { return [self] }
        var lines: [String] = []
        var line = ""
        var started = false
        for word in split(separator: " ", omittingEmptySubsequences: false) {
            if !started {
                line = (lines.isEmpty ? "" : indent) + word
                started = true
            } else if line.count + 1 + word.count <= width || word.isEmpty {
                line += " " + word
            } else {
                while line.hasSuffix(" ") { line.removeLast() }
                lines.append(line)
                line = indent + word
            }
        }
        lines.append(line)
        return lines
    }
}
