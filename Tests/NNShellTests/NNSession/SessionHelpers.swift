import Foundation
import XCTest
import TestSupport
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// An empty session (no network) after running `lines`, failing the test on any error.
func session(_ lines: [String], file: StaticString = #filePath, line: UInt = #line) -> Session {
    let s = Session(empty: ())
    runLines(s, lines, file: file, line: line)
    return s
}

/// Runs `lines` in `s`, failing the test on any parse or session error; the outputs of all.
@discardableResult
func runLines(_ s: Session, _ lines: [String], in context: ExecutionContext = ExecutionContext(),
              file: StaticString = #filePath, line: UInt = #line) -> [Output] {
    var all: [Output] = []
    for text in lines {
        do {
            guard let command = try Parser.parse(text) else { continue }
            all += try s.execute(command, in: context)
        } catch let error as ParseError {
            XCTFail("\(text.debugDescription): \(error.message)", file: file, line: line)
        } catch let error as SessionError {
            XCTFail("\(text.debugDescription): \(error.message)", file: file, line: line)
        } catch {
            XCTFail("\(text.debugDescription): \(error)", file: file, line: line)
        }
    }
    return all
}

extension Session {
    /// Runs `command` at its level, as the shell does; a command of the shell's own
    /// (`run`, `clear`, `quit`) fails the test.
    func execute(_ command: Command, in context: ExecutionContext = ExecutionContext()) throws(SessionError) -> [Output] {
        switch command.level {
        case let .log(work): return try execute(work)
        case let .state(work): return try execute(work, in: context)
        case .shell:
            XCTFail("`\(command)` runs in the shell, not in the session")
            return []
        }
    }
}

/// The error `text` gives in `s`, failing the test if it runs.
func sessionError(_ s: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> SessionError? {
    guard let command = parsed(text, file: file, line: line) else { return nil }
    do {
        let out = try s.execute(command)
        XCTFail("\(text.debugDescription) ran: \(out)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// The message of the error `text` gives in `s` ("" if it runs).
func sessionMessage(_ s: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    sessionError(s, text, file: file, line: line)?.message ?? ""
}

/// All text of outputs (headings, formulas, prose, notes, verdicts), one per line.
func texts(_ outputs: [Output]) -> String {
    outputs.map { o -> String in
        switch o {
        case let .heading(s), let .formula(s), let .text(s), let .note(s): return s
        case let .verdict(passed, s): return (passed ? "PASS " : "FAIL ") + s
        case let .scalar(name, value): return "\(name) = \(value)"
        case let .matrix(m): return "\(m.name) \(m.matrix.numpyShape)"
        case let .cost(i, j): return "Cost after iteration \(i): \(j)"
        case .table, .canvas: return ""
        }
    }.joined(separator: "\n")
}

/// A matrix from a numpy fixture: `{"shape": [r, c], "data": "v v …"}`.
func fixtureMatrix(_ object: Any?, file: StaticString = #filePath, line: UInt = #line) -> Matrix {
    guard let dict = object as? [String: Any], let shape = dict["shape"] as? [Int], shape.count == 2,
          let data = dict["data"] as? String else {
        XCTFail("not a fixture matrix: \(String(describing: object))", file: file, line: line)
        return Matrix.zeros(1, 1)
    }
    let values = data.split(separator: " ").compactMap { Double($0) }
    XCTAssertEqual(values.count, shape[0] * shape[1], file: file, line: line)
    return Matrix(rows: shape[0], cols: shape[1], storage: values)
}

/// A JSON fixture of this test target (written by `scripts/fixtures/NAME.py`).
func shellFixture(_ fileName: String) throws -> [String: Any] {
    let url = Fixtures.url(fileName)
    let data = try Data(contentsOf: url)
    guard let dict = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CocoaError(.fileReadCorruptFile)
    }
    return dict
}

/// Asserts every element of `a` is within `atol + rtol·|b|` of `b` (numpy's allclose), same shape.
func assertClose(_ a: Matrix?, _ b: Matrix, rtol: Double = 1e-12, atol: Double = 1e-15,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let a else { return XCTFail("no matrix", file: file, line: line) }
    XCTAssertEqual(a.numpyShape, b.numpyShape, file: file, line: line)
    guard a.hasSameShape(as: b) else { return }
    for k in 0..<a.count where !(abs(a.storage[k] - b.storage[k]) <= atol + rtol * abs(b.storage[k])) {
        XCTFail("element \(k): \(a.storage[k]) vs \(b.storage[k])", file: file, line: line)
        return
    }
}

/// The `NAME = [[…]]` line that sets `name` to `m` exactly.
func assignLine(_ name: String, _ m: Matrix) -> String {
    "\(name) = \(m.literalText)"
}
