import NNCore
import XCTest
@testable import NNFiles

/// Numeric text tables: separators, header detection, errors that point at the cell.
final class CsvFormatTests: XCTestCase {
    func testTablesLoadBitExactly() {
        for name in ["table.csv", "table-header.csv", "table-spaces.txt", "column.csv"] {
            assertFixtureLoads(name)
        }
    }

    func testNonNumericCellNamesRowAndColumn() throws {
        let want = try XCTUnwrap(FileFixtures.expected["bad_string_cell"] as? [Any])
        let path = FileFixtures.path("bad-string-cell.csv")
        XCTAssertThrowsError(try MatrixFiles.load(path: path)) { error in
            XCTAssertEqual(error as? FileError, .nonNumericCell(path: path, row: want[0] as? Int ?? 0,
                                                                column: want[1] as? Int ?? 0, cell: want[2] as? String ?? ""))
            XCTAssertEqual((error as? FileError)?.message, "\(path): row 2, column 2: 'five' is not a number")
        }
    }

    func testMalformedTablesGiveTheirErrors() {
        for name in ["bad-string-cell.csv", "bad-ragged.csv", "bad-empty.csv"] { assertFixtureFails(name) }
    }

    func testNumberAcceptsWhatPythonFloatAccepts() {
        func n(_ s: String) -> Double? { CsvFormat.number(ArraySlice(s.utf8)) }
        XCTAssertEqual(n("1e5"), 100000)
        XCTAssertEqual(n("-0.5"), -0.5)
        XCTAssertEqual(n("+3"), 3)
        XCTAssertEqual(n("\"2.5\""), 2.5)
        XCTAssertEqual(n("inf"), .infinity)
        XCTAssertEqual(n("-Infinity"), -.infinity)
        XCTAssertTrue(n("nan")?.isNaN ?? false)
        for bad in ["", "0x10", "1,5", "1 5", "abc", "1e", "--1", "\"\""] { XCTAssertNil(n(bad), bad) }
    }

    func testSecondRowMayNotBeAHeader() {
        XCTAssertThrowsError(try CsvFormat.parse(Array("a,b\nc,d\n1,2\n".utf8), path: "t.csv", limit: 100)) { error in
            XCTAssertEqual(error as? FileError, .nonNumericCell(path: "t.csv", row: 2, column: 1, cell: "c"))
        }
    }

    func testLimitIsCheckedWhileReading() {
        XCTAssertThrowsError(try CsvFormat.parse(Array("1,2\n3,4\n5,6\n".utf8), path: "t.csv", limit: 5)) { error in
            XCTAssertEqual(caseName(error as! FileError), "tooLarge")
        }
    }

    func testAByteOrderMarkOrADamagedNumberDoesNotMakeAHeader() throws {
        let bom = try CsvFormat.parse([0xEF, 0xBB, 0xBF] + Array("1,2\n3,4\n".utf8), path: "t.csv", limit: 100)
        XCTAssertEqual(bom, Matrix([[1, 2], [3, 4]]))
        XCTAssertThrowsError(try CsvFormat.parse(Array("1,2,3x\n4,5,6\n".utf8), path: "t.csv", limit: 100)) { error in
            XCTAssertEqual(error as? FileError, .nonNumericCell(path: "t.csv", row: 1, column: 3, cell: "3x"))
        }
        let header = try CsvFormat.parse(Array("\u{FEFF}a,b\n\n1,2\r\n".utf8), path: "t.csv", limit: 100)
        XCTAssertEqual(header, Matrix([[1, 2]]))
    }

    func testStreamingReadMatchesTheWholeText() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/nnstep-csv-\(UUID())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Lines straddle the 1 MiB pieces; the last line has no newline.
        let text = (0..<300_000).map { "\($0),\(Double($0) / 7)" }.joined(separator: "\n")
        let path = directory + "/t.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let streamed = try CsvFormat.read(ReadableFile(path: path), limit: 1 << 24)
        XCTAssertEqual(streamed, try CsvFormat.parse(Array(text.utf8), path: path, limit: 1 << 24))
        XCTAssertEqual(streamed.rows, 300_000)
    }
}
