import NNLanguage
import NNSession
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
