import Foundation
import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `NotebookFile`: its one JSON string encoder, in printable ASCII, read back by a JSON parser.
final class NotebookFileTests: XCTestCase {
    func testStringsAreEscapedForJSON() {
        XCTAssertEqual(NotebookFile.escaped("a\"b\\c\nd\r\t"), #""a\"b\\c\nd\r\t""#)
        XCTAssertEqual(NotebookFile.escaped("\u{0}\u{1B}\u{7F}\u{85}"), #""\u0000\u001b\u007f\u0085""#)
        XCTAssertEqual(NotebookFile.escaped("é\u{2028}\u{2029}"), #""\u00e9\u2028\u2029""#)
        XCTAssertEqual(NotebookFile.escaped("😀"), #""\ud83d\ude00""#)
    }

    func testAJSONParserReadsTheTextBack() throws {
        let texts = ["x\r\nimport os", "\u{2028}\u{2029}", "'''\"\"\"\\", "\u{0}\u{1F}\u{7F}\u{9B}", "café 😀 \u{10FFFF}"]
        for text in texts {
            let escaped = NotebookFile.escaped(text)
            XCTAssertTrue(escaped.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, escaped)
            let back = try JSONSerialization.jsonObject(with: Data("[\(escaped)]".utf8)) as? [String]
            XCTAssertEqual(back, [text])
        }
    }

    func testACellsSourceIsItsLines() throws {
        let json = NotebookFile.json(title: "# t", cells: ["a = 1\n\"b\\r\"\n"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let cells = try XCTUnwrap(object["cells"] as? [[String: Any]])
        XCTAssertEqual(cells[1]["source"] as? [String], ["a = 1\n", "\"b\\r\""])
    }
}
