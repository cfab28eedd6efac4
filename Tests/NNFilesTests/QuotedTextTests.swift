import XCTest
@testable import NNFiles

/// The one routine that makes foreign text safe for the terminal, one class of character at a time.
final class QuotedTextTests: XCTestCase {
    /// Every C0 control (but the kept \n and \t), DEL and every C1 control: the escapes `visible` writes.
    func testEveryControlCharacterIsWrittenVisibly() {
        for v in Array(0x00..<0x20) + [0x7F] + Array(0x80..<0xA0) where v != 0x0A && v != 0x09 && v != 0x0D {
            let c = String(Unicode.Scalar(UInt32(v))!)
            let hex = (v < 16 ? "0" : "") + String(v, radix: 16)
            XCTAssertEqual(QuotedText.visible("a" + c + "b"), "a\\x" + hex + "b", "U+\(hex)")
            XCTAssertEqual(QuotedText.escaped("a" + c + "b"), "a\\x" + hex + "b", "U+\(hex)")
            XCTAssertEqual(QuotedText.path("a" + c + "b"), "a\\x" + hex + "b", "U+\(hex)")
        }
    }

    func testTheTerminalPayloadsLoseTheirControls() {
        XCTAssertEqual(QuotedText.visible("\u{1B}]52;c;SGVsbG8=\u{7}"), "\\x1b]52;c;SGVsbG8=\\x07")
        XCTAssertEqual(QuotedText.visible("\u{1B}[2J"), "\\x1b[2J")
        XCTAssertEqual(QuotedText.visible("\u{1B}]0;title\u{7}"), "\\x1b]0;title\\x07")
        XCTAssertEqual(QuotedText.visible("\u{9B}31m"), "\\x9b31m")
        XCTAssertEqual(QuotedText.visible("(x\rPASS all tests, y)"), "(x\\rPASS all tests, y)")
    }

    func testABareCarriageReturnIsAlwaysEscaped() {
        XCTAssertEqual(QuotedText.visible("a\rb", lines: true), "a\\rb")
        XCTAssertEqual(QuotedText.visible("a\r\nb", lines: true), "a\\r\nb")
        XCTAssertEqual(QuotedText.path("a\r"), "a\\r")
    }

    func testBidiControlsAndSeparatorsAreWrittenAsCodePoints() {
        for v in [0x061C, 0x200E, 0x200F, 0x2028, 0x2029] + Array(0x202A...0x202E) + Array(0x2066...0x2069) {
            let c = String(Unicode.Scalar(UInt32(v))!)
            XCTAssertEqual(QuotedText.visible("x" + c), "x\\u" + String(v, radix: 16))
            XCTAssertEqual(QuotedText.escaped("x" + c), "x\\u" + String(v, radix: 16))
        }
    }

    func testNewlinesAndTabsAreKeptOnlyWhereTextMayHaveThem() {
        XCTAssertEqual(QuotedText.visible("a\tb\nc"), "a\tb\\nc")
        XCTAssertEqual(QuotedText.visible("a\tb\nc", lines: true), "a\tb\nc")
        XCTAssertEqual(QuotedText.path("a\tb\nc"), "a\\tb\\nc")
        XCTAssertEqual(QuotedText.escaped("a\tb\nc"), "a\\tb\\nc")
    }

    func testBackslashesAreDoubledOnlyInNamesFromFiles() {
        XCTAssertEqual(QuotedText.escaped("a\\x1b"), "a\\\\x1b")
        XCTAssertEqual(QuotedText.path("dir\\f.npz"), "dir\\f.npz")
        XCTAssertEqual(QuotedText.visible("expected \\x93NUMPY"), "expected \\x93NUMPY")
    }

    func testPrintableTextIsUnchanged() {
        for text in ["W1", "µ-ok", "é ü ß", "(3×4)·(4×5)", "→ ∑ ‖W‖²", "日本語", "🙂", "a b  c", "' \" # [ ]"] {
            XCTAssertEqual(QuotedText.visible(text), text)
            XCTAssertEqual(QuotedText.path(text), text)
            XCTAssertTrue(QuotedText.isVisible(text))
        }
    }

    func testVisibleLeavesWhatTheOtherFormsMade() {
        let hostile = "a\u{1B}[2J\r\n\t\u{9B}\u{202E}\u{7F}\\z"
        for shown in [QuotedText.escaped(hostile), QuotedText.path(hostile)] {
            XCTAssertTrue(QuotedText.isVisible(shown))
            XCTAssertEqual(QuotedText.visible(shown), shown)
        }
    }

    func testLongTextIsCut() {
        let long = String(repeating: "ab", count: 3000)
        XCTAssertEqual(QuotedText.escaped(long), String(repeating: "ab", count: 30) + "…")
        XCTAssertEqual(QuotedText.path(long).count, QuotedText.maxPathCharacters + 1)
        XCTAssertTrue(QuotedText.path(long).hasSuffix("…"))
        XCTAssertEqual(QuotedText.visible(long), long)
        XCTAssertEqual(QuotedText.path(String(repeating: "x", count: 255)), String(repeating: "x", count: 255))
    }

    func testInvalidUTF8IsShownAsItsBytes() {
        XCTAssertEqual(QuotedText.escaped(bytes: [0x61, 0xFF, 0x62]), "a\\xffb")
        XCTAssertEqual(QuotedText.escaped(bytes: [0xC3, 0xA9, 0xC3]), "é\\xc3")
        XCTAssertEqual(QuotedText.escaped(bytes: [0xC2, 0x9B, 0x1B]), "\\x9b\\x1b")
        XCTAssertEqual(QuotedText.escaped(bytes: [0xE2, 0x80, 0xAE, 0xED, 0xA0, 0x80]), "\\u202e\\xed\\xa0\\x80")
        XCTAssertEqual(QuotedText.escaped(bytes: Array("plain".utf8)), "plain")
        // A replacement character left by decoding is visible too.
        XCTAssertEqual(QuotedText.visible(String(decoding: [0x61, 0xFF], as: UTF8.self)), "a\\ufffd")
    }

    func testMessagesInterpolateForeignTextEscaped() {
        let path = "o\rPASS.npz", key = "k\n\u{1B}"
        XCTAssertEqual("saved to \(path: path)", "saved to o\\rPASS.npz")
        XCTAssertEqual("holds \(name: key)", "holds k\\n\\x1b")
    }
}
