import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `diagram`, `plot` and `help` fit the columns the shell hands the session.
final class DiagramWidthTests: XCTestCase {
    private let setup = ["net 2 4 3 1", "X = [[0, 0, 1, 1], [0, 1, 0, 1]]", "Y = [[0, 1, 1, 0]]", "init he seed 1"]

    private func lines(_ s: Session, _ command: String, columns: Int) -> [String] {
        texts(runLines(s, [command], in: ExecutionContext(columns: columns))).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func testAWideTerminalGetsOneRow() {
        let s = session(setup)
        let chart = lines(s, "diagram", columns: 120)
        XCTAssertEqual(chart.filter { $0.hasPrefix("forward ") }.count, 1)
        XCTAssertEqual(chart.first?.count, 103)
    }

    func testANarrowTerminalGetsRowsOfLayersThatContinue() {
        let s = session(setup)
        for columns in [80, 60] {
            let chart = lines(s, "diagram", columns: columns)
            XCTAssertTrue(chart.allSatisfy { $0.count < columns }, "\(columns): \(chart.joined(separator: "\n"))")
            let rows = chart.filter { $0.hasPrefix("forward ") }
            XCTAssertGreaterThanOrEqual(rows.count, 2, "\(columns)")
            // Every layer is drawn exactly once, and the next row starts from where the last ended.
            for l in 1...3 { XCTAssertEqual(rows.filter { $0.contains("[\(l) ") }.count, 1, "\(columns): layer \(l)") }
            XCTAssertTrue(rows.last?.hasSuffix("J ·") ?? false)
            XCTAssertTrue(rows.dropFirst().allSatisfy { $0.hasPrefix("forward  A") }, "\(rows)")
        }
    }

    func testPlotsNarrowWithTheTerminal() {
        let s = session(setup + ["train 100 0.5"])
        for columns in [120, 80, 60] {
            for command in ["plot cost", "plot boundary"] {
                let out = runLines(s, [command], in: ExecutionContext(columns: columns))
                let text = Printer(columns: columns).render(out)
                for line in text.split(separator: "\n") {
                    XCTAssertLessThan(line.count, columns, "\(command) at \(columns): \(line)")
                }
            }
        }
    }

    func testHelpFitsAndLinesUpItsSummaries() {
        for columns in [120, 80, 60] {
            let text = Printer(columns: columns).render(Help.text(for: nil, columns: columns))
            let lines = text.split(separator: "\n")
            XCTAssertTrue(lines.allSatisfy { $0.count < columns }, "\(columns)")
            // Every summary starts in the same column, gradcheck's included.
            let starts = Set(lines.dropFirst(2).compactMap { line -> Int? in
                guard let first = line.dropFirst(2).firstIndex(of: " ") else { return nil }
                return line[first...].firstIndex { $0 != " " }.map { line.distance(from: line.startIndex, to: $0) }
            })
            // Two spaces, the longest command name, then two more (regularize's 10 letters: column 14).
            let column = 2 + (CommandSpec.all.map(\.name.count).max() ?? 0) + 2
            XCTAssertEqual(starts, [column], "\(columns)")
        }
        for topic in ["set", "explain", "train"] {
            let text = Printer(columns: 60).render(Help.text(for: topic, columns: 60))
            XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count < 60 }, text)
        }
    }
}
