#if canImport(Glibc)
import Glibc
#endif

/// How many columns output may use: the one place that asks.
///
/// The terminal on stdout answers first (`TIOCGWINSZ`), then the `COLUMNS` variable,
/// then 80. The session never asks: the shell hands it the width as data.
public enum TerminalWidth {
    /// The width when nothing answers.
    public static let fallback = 80
    /// Narrower widths are taken as this (nothing useful fits in less).
    public static let minimum = 20

    /// The width now, asked anew each time (the terminal may have been resized).
    public static func current() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(minimum, Int(size.ws_col))
        }
        return fromEnvironment(getenv("COLUMNS").map { String(cString: $0) })
    }

    /// `COLUMNS` when it holds a positive whole number, otherwise the fallback.
    static func fromEnvironment(_ value: String?) -> Int {
        guard let value, let n = Int(value.trimmingWhitespace), n > 0 else { return fallback }
        return max(minimum, n)
    }
}

extension String {
    /// The text cut at spaces into lines of at most `width` characters; lines after the
    /// first start with `indent`. A word longer than a line stays whole on its own line.
    func wrapped(to width: Int, indent: String = "") -> [String] {
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
