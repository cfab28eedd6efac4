import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// The width output fits: `COLUMNS` when the terminal does not answer, and prose cut at spaces.
final class TerminalWidthTests: XCTestCase {
    func testColumnsVariableThenEighty() {
        XCTAssertEqual(TerminalWidth.fromEnvironment("132"), 132)
        XCTAssertEqual(TerminalWidth.fromEnvironment(" 60 "), 60)
        XCTAssertEqual(TerminalWidth.fromEnvironment(nil), 80)
        XCTAssertEqual(TerminalWidth.fromEnvironment("wide"), 80)
        XCTAssertEqual(TerminalWidth.fromEnvironment("0"), 80)
        XCTAssertEqual(TerminalWidth.fromEnvironment("5"), TerminalWidth.minimum)
    }

    func testWrappingCutsAtSpacesAndIndents() {
        XCTAssertEqual("short line".wrapped(to: 20), ["short line"])
        XCTAssertEqual("one two three four five".wrapped(to: 10, indent: "  "), ["one two", "  three", "  four", "  five"])
        // A word longer than the line stays whole; spacing inside a line is kept.
        XCTAssertEqual("a verylongword b".wrapped(to: 6), ["a", "verylongword", "b"])
        XCTAssertEqual("✓ x   ~ y".wrapped(to: 20), ["✓ x   ~ y"])
    }

    func testProseIsCutOnlyWhenAsked() {
        var printer = Printer(columns: 30)
        let note = Output.note("the parameters are those after the last finite cost")
        XCTAssertEqual(printer.render(note), "note: the parameters are those after the last finite cost\n")
        printer.wrapsProse = true
        let lines = printer.render(note).split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 1)
        XCTAssertTrue(lines.allSatisfy { $0.count < 30 }, "\(lines)")
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("      ") }, "\(lines)")
    }

    func testTheLegendOfANarrowPlotKeepsItsMarksWhole() {
        let legend = CanvasLegend(title: "decision boundary",
                                  regions: [.init(sample: CanvasCell("·", tone: 1), meaning: "predicts 0"),
                                            .init(sample: CanvasCell("+", tone: 2), meaning: "predicts 1")],
                                  marks: "● y = 1, ○ y = 0")
        let wide = Printer(columns: 80).render(.canvas([], legend: legend))
        XCTAssertEqual(wide, "decision boundary: · predicts 0, + predicts 1; ● y = 1, ○ y = 0\n")
        let narrow = Printer(columns: 60).render(.canvas([], legend: legend))
        XCTAssertEqual(narrow, "decision boundary: · predicts 0, + predicts 1\n                   ● y = 1, ○ y = 0\n")
    }
}
