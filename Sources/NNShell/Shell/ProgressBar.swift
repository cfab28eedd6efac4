#if canImport(Glibc)
import Glibc
#endif

/// `train`'s progress on a terminal: a bar, the current cost and the
/// iterations per second, redrawn in place at most ten times a second.
final class ProgressBar {
    private let write: (String) -> Void
    private let start = ProgressBar.now()
    private var lastDraw = -1.0
    private var drawn = false
    static let width = 30

    init(write: @escaping (String) -> Void) {
        self.write = write
    }

    func update(_ p: TrainProgress) {
        let t = ProgressBar.now()
        guard t - lastDraw >= 0.1 || p.iteration + 1 == p.total else { return }
        lastDraw = t
        let done = p.total > 0 ? Double(p.iteration + 1) / Double(p.total) : 1
        let filled = Int(done * Double(ProgressBar.width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: ProgressBar.width - filled)
        let elapsed = max(t - start, 1e-9)
        let rate = Int(Double(p.iteration + 1) / elapsed)
        write("\r\(bar) \(p.iteration + 1)/\(p.total)  J = \(short(p.cost))  \(rate) it/s \u{1B}[K")
        drawn = true
    }

    /// Clears the bar's line so the printed costs follow on a clean line.
    func finish() {
        if drawn { write("\r\u{1B}[K") }
        drawn = false
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
