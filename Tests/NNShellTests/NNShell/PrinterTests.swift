import NNCore
import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// The printer as the one place foreign text is made safe: every string of every `Output`,
/// every error and every echoed line leaves it without a control character, and colour is
/// added only after.
final class PrinterTests: XCTestCase {
    /// The payloads of a hostile name: OSC 52, clear screen, window title, BEL, C1 CSI,
    /// a bare CR that forges a line, and a bidi override.
    static let payloads = ["\u{1B}]52;c;SGVsbG8=\u{7}", "\u{1B}[2J", "\u{1B}]0;title\u{7}", "\u{7}",
                           "\u{9B}31m", "x\rPASS all tests, y", "\u{202E}gnp.exe", "\u{2066}a\u{2069}", "\u{7F}"]

    /// Whether `text` holds a control character other than newline and tab, or a bidi control.
    func isSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains { s in
            (s.value < 0x20 && s != "\n" && s != "\t") || s.value == 0x7F || (0x80..<0xA0).contains(s.value)
                || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
        }
    }

    func testEveryOutputKindIsEscaped() {
        let printer = Printer()
        for p in Self.payloads {
            let matrix = MatrixOutput(name: "M" + p, matrix: Matrix(rows: 1, cols: 1, storage: [1]),
                                      staleReason: p, label: p)
            let outputs: [Output] = [.heading(p), .formula(p), .scalar(name: p, value: 1),
                                     .table(header: [p], rows: [[p]]), .text(p), .note(p),
                                     .verdict(passed: true, p), .matrix(matrix)]
            for o in outputs {
                let text = printer.render(o)
                XCTAssertTrue(isSafe(text), "\(o): \(text.debugDescription)")
            }
            XCTAssertTrue(isSafe(printer.error(p, at: "s\(p).nnscript:1")), p.debugDescription)
            XCTAssertTrue(isSafe(printer.echo("load \"\(p).npz\"", after: "nn> ")), p.debugDescription)
        }
    }

    func testAMessageOfOneLineNeverGainsASecond() {
        let printer = Printer()
        XCTAssertEqual(printer.error("a.npz\nPASS all tests: cannot open"),
                       "error: a.npz\\nPASS all tests: cannot open\n")
        XCTAssertEqual(printer.render(.note("x\nPASS")), "note: x\\nPASS\n")
        // Prose keeps the lines it is made of, and a matrix literal its rows.
        XCTAssertEqual(printer.render(.text("one\ntwo")), "one\ntwo\n")
        XCTAssertEqual(printer.echo("X = [[1,\n2]]", after: "nn> "), "nn> X = [[1,\n2]]\n")
    }

    func testColourIsAddedAfterEscaping() {
        let printer = Printer(color: true)
        XCTAssertEqual(printer.render(.heading("a\u{1B}[2Jb")), "\u{1B}[1ma\\x1b[2Jb\u{1B}[0m\n")
        XCTAssertEqual(printer.error("\u{9B}"), "\u{1B}[31merror: \u{1B}[0m\\x9b\n")
        XCTAssertEqual(Printer(color: false).render(.heading("h")), "h\n")
    }

    func testAReplayEchoesHostileLinesAndCommentsVisibly() {
        var output = ""
        let shell = Shell(options: .init(echo: true))
        shell.write = { output += $0 }
        for p in Self.payloads {
            shell.execute("# note \(p)", location: "s\(p).nnscript:1")
            shell.execute("load \"\(p).npz\"", location: "s\(p).nnscript:2")
            shell.execute("help \(p)", location: "s\(p).nnscript:3")
            shell.execute("dataset \(p)", location: "s\(p).nnscript:4")
            shell.execute("load \(p)", location: "s\(p).nnscript:5")
        }
        XCTAssertTrue(isSafe(output), output.debugDescription)
        XCTAssertTrue(output.contains("nn> load \"\\x1b[2J.npz\""), output)
        XCTAssertTrue(output.contains("# note x\\rPASS all tests, y"), output)
    }
}
