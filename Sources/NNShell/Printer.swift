import NNLanguage
import NNSession
import NNFiles
import NumpyPrint

/// Turns `Output` values into the text a learner reads.
///
/// Matrices print exactly as numpy's `print(array)` under a header with the
/// name and numpy's shape, so they compare character for character with a
/// notebook. Colour (only ever on a terminal) highlights names and shapes,
/// marks values that changed since they were last shown, and errors in red.
///
/// The printer is where foreign text is made safe: every string an `Output` carries (names,
/// paths, labels, messages) goes through `QuotedText.visible` here, before colour is added,
/// so no file name, member name or script line can send a control character to the terminal.
/// Only prose (`.text`) keeps its newlines; everything else, errors included, stays on its line.
public struct Printer: Sendable {
    package var formatter: ArrayFormatter
    public var color: Bool
    /// The columns a line may use (see `TerminalWidth`).
    public var columns: Int
    /// Whether prose (text, notes, formulas, verdicts, errors) is cut at spaces to fit `columns`:
    /// at the prompt and in `--step`; a replay keeps each line whole, so transcripts compare line by line.
    public var wrapsProse = false

    /// `output`: brief summarises arrays of more than 64 elements as numpy's `threshold=64` does.
    public init(precision: Int = 8, lineWidth: Int = 75, output: OutputMode = .full, color: Bool = false,
                columns: Int = TerminalWidth.fallback) {
        self.formatter = ArrayFormatter(precision: precision, lineWidth: lineWidth,
                                        threshold: output == .brief ? OutputMode.briefThreshold : 1000,
                                        edgeItems: output == .brief ? OutputMode.briefEdgeItems : 3)
        self.color = color
        self.columns = columns
    }
}

// MARK: - Rendering

extension Printer {
    /// The text of all outputs, each line ending in a newline.
    public func render(_ outputs: [Output]) -> String {
        var text = ""
        for o in outputs {
            if case let .matrix(m) = o {
                appendMatrix(m, to: &text)
            } else {
                text += render(o)
            }
        }
        return text
    }

    public func render(_ output: Output) -> String {
        switch output {
        case let .heading(s):
            return paint(Self.shown(s), .bold) + "\n"
        case let .formula(s):
            return prose("  " + Self.shown(s), indent: "      ")
        case let .matrix(m):
            var text = ""
            appendMatrix(m, to: &text)
            return text
        case let .scalar(name, value):
            return paint(Self.shown(name), .cyan) + " = " + formatter.formatScalar(value) + "\n"
        case let .table(header, rows):
            return table(([header] + rows).map { $0.map(Self.shown) })
        case let .canvas(rows, legend):
            return key(legend) + rows.map { row in row.map(cell).joined() + "\n" }.joined()
        case let .text(s):
            return s.split(separator: "\n", omittingEmptySubsequences: false)
                .map { prose(Self.shown(String($0)), indent: "  ") }.joined()
        case let .note(s):
            return paint("note: ", .yellow) + prose(Self.shown(s), indent: "      ", after: 6)
        case let .verdict(passed, s):
            return (passed ? paint("PASS", .green) : paint("FAIL", .red)) + " "
                + prose(Self.shown(s), indent: "     ", after: 5)
        case let .cost(i, j):
            return "Cost after iteration \(i): \(formatter.formatScalar(j))\n"
        }
    }

    /// A matrix under its header: name, numpy's shape, label, and whether it changed or is stale.
    private func appendMatrix(_ m: MatrixOutput, to text: inout String) {
        text += paint(Self.shown(m.name), .cyan)
        text += " "
        text += paint("shape " + m.matrix.numpyShape, .dim)
        if let label = m.label { text += "  (\(Self.shown(label)))" }
        if m.changed { text += " " + paint("changed", .yellow) }
        if let reason = m.staleReason { text += " " + paint("[stale: \(Self.shown(reason))]", .yellow) }
        text += "\n"
        text += formatter.format(m.matrix)
        text += "\n"
    }

    /// When a matrix of `outputs` has rows wider than the terminal (numpy's linewidth is 75
    /// characters), a note that says so and how to fit them; nil when every row fits.
    ///
    /// The printer never rewraps a matrix itself: its text is numpy's for the linewidth set.
    public func wrapNote(_ outputs: [Output]) -> Output? {
        // numpy's rows are at most `lineWidth` characters: when that fits, nothing is formatted again.
        guard formatter.lineWidth > columns else { return nil }
        let widest = outputs.lazy.compactMap { output -> Int? in
            guard case let .matrix(m) = output else { return nil }
            return self.formatter.format(m.matrix).split(separator: "\n").map(\.count).max()
        }.max() ?? 0
        guard widest > columns else { return nil }
        let fit = max(10, columns - 1)
        return .note("matrices print at numpy's linewidth of \(formatter.lineWidth) characters, wider than this "
                     + "\(columns)-column terminal; `set linewidth \(fit)` fits them, as np.set_printoptions(linewidth=\(fit)) does")
    }

    /// An error line: `error: FILE:LINE: message`.
    public func error(_ message: String, at location: String? = nil) -> String {
        let located = (location.map { $0 + ": " } ?? "") + message
        return paint("error: ", .red) + prose(Self.shown(located), indent: "  ", after: 7)
    }

    /// A line of a script as a replay or `--step` shows it after the prompt, or a comment
    /// on its own: the lines of a matrix literal stay lines, every control is escaped.
    public func echo(_ line: String, after prompt: String = "") -> String {
        prompt + QuotedText.visible(line, lines: true) + "\n"
    }

    /// One line of text that did not come from nnstep, safe to print (see `QuotedText.visible`).
    static func shown(_ text: String) -> String {
        QuotedText.visible(text)
    }

    /// A line of prose and its newline, cut at spaces to the width when `wrapsProse`;
    /// `after` columns are already taken by a prefix on the first line.
    private func prose(_ s: String, indent: String, after: Int = 0) -> String {
        guard wrapsProse, after + s.count > columns - 1 else { return s + "\n" }
        let lines = (String(repeating: " ", count: after) + s).wrapped(to: columns - 1, indent: indent)
        return String(lines.joined(separator: "\n").dropFirst(after)) + "\n"
    }

    /// A picture's key line, each region shown as the picture shows it:
    /// `decision boundary: · predicts 0, + predicts 1; ● y = 1, ○ y = 0`, with coloured cells on a terminal.
    private func key(_ legend: CanvasLegend) -> String {
        let regions = legend.regions.map { cell($0.sample) + " " + Self.shown($0.meaning) }.joined(separator: ", ")
        let plainWidth = legend.title.count + 2 + legend.regions.map { $0.meaning.count + 2 }.reduce(0, +)
            + 2 * (legend.regions.count - 1) + 2 + legend.marks.count
        // On a narrow terminal the marks go on a line of their own rather than wrap.
        let marks = plainWidth < columns ? paint("; " + legend.marks, .bold)
            : "\n" + String(repeating: " ", count: legend.title.count + 2) + paint(legend.marks, .bold)
        return paint(legend.title + ": ", .bold) + regions + marks + "\n"
    }

    /// One picture cell: on a terminal the region is a background colour.
    private func cell(_ c: CanvasCell) -> String {
        guard color, c.tone > 0 else { return String(c.character) }
        let background = c.tone == 1 ? "44" : "41"
        let shown = c.point ? String(c.character) : " "
        return "\u{1B}[\(background);97m\(shown)\u{1B}[0m"
    }

    private func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) }
        }
        var text = ""
        for (r, row) in rows.enumerated() {
            var line = ""
            for (k, cell) in row.enumerated() {
                let padded = k == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[k] - cell.count)
                line += (k == 0 ? "  " : "  ") + padded
            }
            while line.hasSuffix(" ") { line.removeLast() }
            text += (r == 0 ? paint(line, .dim) : line) + "\n"
        }
        return text
    }
}

// MARK: - Colour

extension Printer {
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    func paint(_ s: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(s)\u{1B}[0m" : s
    }
}
