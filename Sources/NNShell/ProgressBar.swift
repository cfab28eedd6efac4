import NNLanguage
import NNSession
#if canImport(Glibc)
import Glibc
#endif

/// `train`'s progress on a terminal: a bar, the current cost and the
/// iterations per second, redrawn in place at most ten times a second.
///
/// 1. The line stops three columns short of the terminal's edge: a line that wraps cannot be
///    redrawn with `\r`, and every redraw would add a line; the two spare columns take the
///    `^C` the terminal echoes when the learner stops `train`, which would wrap it too. The bar shrinks first
///    (to as little as 5 cells), then the rate goes, then the bar, then the text is cut.
final class ProgressBar {
    private let write: (String) -> Void
    /// The terminal's width in columns when the bar starts.
    private let columns: Int
    private let start = ProgressBar.now()
    private var lastDraw = -1.0
    private var drawn = false
    static let width = 30

    init(write: @escaping (String) -> Void, columns: Int) {
        self.write = write
        self.columns = columns
    }

    func update(_ p: TrainProgress) {
        let t = ProgressBar.now()
        guard t - lastDraw >= 0.1 || p.iteration + 1 == p.total else { return }
        lastDraw = t
        let elapsed = max(t - start, 1e-9)
        write("\r" + line(p, rate: Int(Double(p.iteration + 1) / elapsed)) + "\u{1B}[K")
        drawn = true
    }

    /// The text of one redraw, at most `columns − 3` characters wide (1.).
    func line(_ p: TrainProgress, rate: Int) -> String {
        let room = max(columns - 3, 1)
        let counts = "\(p.iteration + 1)/\(p.total)  J = \(short(p.cost))"
        let speed = "  \(rate) it/s"
        let done = p.total > 0 ? Double(p.iteration + 1) / Double(p.total) : 1
        func bar(_ width: Int) -> String {
            let filled = min(width, Int(done * Double(width)))
            return String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + " "
        }
        for tail in [counts + speed, counts] {
            let width = min(ProgressBar.width, room - tail.count - 1)
            if width >= 5 { return bar(width) + tail }
        }
        return String(counts.prefix(room))
    }

    /// Clears the bar's line so the printed costs follow on a clean line; the next
    /// update draws it again at once, below them.
    func finish() {
        if drawn { write("\r\u{1B}[K") }
        drawn = false
        lastDraw = -1
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
