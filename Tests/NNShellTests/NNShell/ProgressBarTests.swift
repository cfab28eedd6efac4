import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// The progress bar's line fits the terminal, so redrawing it with `\r` never wraps.
final class ProgressBarTests: XCTestCase {
    func testTheLineFitsEveryWidth() {
        let p = TrainProgress(iteration: 1233, total: 10000, cost: 0.6931471805599453)
        for columns in [200, 80, 60, 45, 30, 20, 12, 1] {
            let line = ProgressBar(write: { _ in }, columns: columns).line(p, rate: 123_456)
            XCTAssertLessThan(line.count, max(columns, 2), "\(columns) columns: \(line)")
            // Room for the `^C` the terminal echoes at the end of the line.
            if columns > 3 { XCTAssertLessThanOrEqual(line.count, columns - 3, "\(columns) columns: \(line)") }
        }
    }

    func testWideTerminalsShowTheWholeBar() {
        let p = TrainProgress(iteration: 4, total: 10, cost: 0.25)
        let line = ProgressBar(write: { _ in }, columns: 80).line(p, rate: 900)
        XCTAssertTrue(line.hasPrefix(String(repeating: "█", count: 15) + String(repeating: "·", count: 15) + " 5/10"), line)
        XCTAssertTrue(line.hasSuffix("900 it/s"), line)
        // At 40 columns the bar shrinks and the rate goes before the counts do.
        let narrow = ProgressBar(write: { _ in }, columns: 40).line(p, rate: 900)
        XCTAssertTrue(narrow.contains("5/10  J = "), narrow)
        XCTAssertLessThan(narrow.count, 40)
    }
}
