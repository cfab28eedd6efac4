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
    guard case let .assign(_, e) = parsed("M = " + text, file: file, line: number), let m = e.literalMatrix else {
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

/// nnstep's expression tree, not Foundation's `Expression` (the tests import Foundation).
typealias Expression = NNLanguage.Expression

extension Place {
    /// A place for an expression built by hand (places are not part of its meaning).
    static let nowhere = Place(SourcePosition(column: 1))
}

/// The value forms as the parser keeps them (`Expression+ValueForm.swift`), for tests to write.
extension Expression {
    /// `NAME` or `NAME.T`.
    static func name(_ n: MatrixName, transposed: Bool) -> Expression {
        transposed ? .transpose(.name(n, at: .nowhere)) : .name(n, at: .nowhere)
    }

    /// `VALUE * S` or `VALUE / S`; a number times S keeps S first, as the parser does.
    static func scaled(_ value: Expression, _ op: BinaryOperator, _ s: Double) -> Expression {
        if op == .multiply, case .number = value { return .binary(.multiply, .number(s), value, at: .nowhere) }
        return .binary(op, value, .number(s), at: .nowhere)
    }

    /// The matrix of a number or matrix literal.
    var literalMatrix: Matrix? {
        switch self {
        case let .number(x): return Matrix(scalar: x)
        case let .matrix(m): return m
        default: return nil
        }
    }
}
