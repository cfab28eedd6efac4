import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// The command `line` parses to, failing the test on a parse error.
func parsed(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> Command? {
    do {
        return try Parser.parse(line)
    } catch {
        XCTFail("\(line.debugDescription) failed: \(error.message)", file: file, line: number)
        return nil
    }
}

/// The error `line` gives, failing the test if it parses.
func parseError(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> ParseError? {
    do {
        let command = try Parser.parse(line)
        XCTFail("\(line.debugDescription) parsed as \(String(describing: command))", file: file, line: number)
        return nil
    } catch {
        return error
    }
}

/// The message of the error `line` gives ("" if it parses).
func parseMessage(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> String {
    parseError(line, file: file, line: number)?.message ?? ""
}

/// The matrix `NAME = literal` assigns, failing the test otherwise.
func literalValue(_ text: String, file: StaticString = #filePath, line number: UInt = #line) -> Matrix? {
    guard case let .assign(_, .literal(m)) = parsed("M = " + text, file: file, line: number) else {
        XCTFail("\(text.debugDescription) is not a literal", file: file, line: number)
        return nil
    }
    return m
}

/// Asserts two matrices have the same shape and bitwise-equal elements (so nan and -0. count).
func assertBitwiseEqual(_ a: Matrix?, _ b: Matrix, file: StaticString = #filePath, line: UInt = #line) {
    guard let a else { return XCTFail("no matrix", file: file, line: line) }
    XCTAssertEqual(a.rows, b.rows, "rows", file: file, line: line)
    XCTAssertEqual(a.cols, b.cols, "cols", file: file, line: line)
    XCTAssertEqual(a.storage.map(\.bitPattern), b.storage.map(\.bitPattern), file: file, line: line)
}

/// Runs `body` and asserts it took less than `seconds` (debug build, shared machine: generous).
func assertFast(_ seconds: Double, file: StaticString = #filePath, line: UInt = #line, _ body: () -> Void) {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    let limit = Duration.milliseconds(Int64(seconds * 1000))
    XCTAssertLessThan(elapsed, limit, "took \(elapsed)", file: file, line: line)
}
