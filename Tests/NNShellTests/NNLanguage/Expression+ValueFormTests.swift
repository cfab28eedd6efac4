import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// The value forms of `Expression`: which shapes they are, the one spelling the parser keeps,
/// the text written back and exported, and the checks made when one is the whole right side.
final class ExpressionValueFormTests: XCTestCase {
    private func value(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expression? {
        guard case let .assign(_, v)? = parsed("M = " + text, file: file, line: line) else { return nil }
        return v
    }

    func testWhichShapesAreValueForms() {
        for text in ["3", "[[1, 2]]", "randn 2 3", "onehot Y 3", "W1", "W1.T", "W1 * 2", "2 * W1", "W1 / 2",
                     "2 * 3", "randn 2 3 * 0.01 / 2", "2 * (X / 3)"] {
            XCTAssertEqual(value(text)?.isValueForm, true, text)
        }
        for text in ["X + 1", "-X", "X * Y", "(X * 2).T", "X.T.T", "2 ** X", "X[0]", "np.dot(W1, X)", "(randn 2 3).T",
                     "X * 2 + 0", "1 / X"] {
            XCTAssertEqual(value(text)?.isValueForm, false, text)
        }
    }

    func testOneSpellingPerValue() {
        XCTAssertEqual(value("0.5 * W1"), value("W1 * 0.5"))
        XCTAssertEqual(value("0.5 * W1"), .scaled(.name(.layer(.W, 1), transposed: false), .multiply, 0.5))
        XCTAssertEqual(value("[[5]]"), .number(5))
        XCTAssertEqual(value("np.array(5)"), .number(5))
        XCTAssertEqual(value("[[5]] * 3"), value("3 * 5"))
        XCTAssertNotEqual(value("3 * 5"), value("5 * 3"), "a number before * is the scale")
        XCTAssertEqual(value("2 * (X / 3)"), value("X / 3 * 2"))
        // inside a larger expression nothing is respelled
        XCTAssertEqual(value("0.5 * W1 + 1"), .binary(.add, .binary(.multiply, .number(0.5), .name(.layer(.W, 1), at: .nowhere),
                                                                     at: .nowhere), .number(1), at: .nowhere))
    }

    func testTextWrittenBack() {
        let cases: [(String, String)] = [
            ("0.5 * W1", "W1 * 0.5"), ("randn 2 3 * 2", "randn 2 3 * 2.0"), ("2 * normal 2 3 scale 0.5", "normal 2 3 scale 0.5 * 2.0"),
            ("2 * 10", "2.0 * 10.0"), ("[[5]] * 3", "3.0 * 5.0"), ("2 * (X / 3)", "X / 3.0 * 2.0"), ("X.T * -1", "X.T * -1.0"),
            ("[[1, 2]] / 4", "[[1.0, 2.0]] / 4.0"), ("randn 2 3 + 1", "(randn 2 3) + 1.0"), ("2 * X + 1", "2.0 * X + 1.0"),
        ]
        for (typed, written) in cases {
            XCTAssertEqual(value(typed)?.valueDescription, written, typed)
            XCTAssertEqual(value(written), value(typed), written)
        }
        // as part of a message, an expression is numpy's spelling
        XCTAssertEqual(value("randn 2 3 * 2")?.description, "(randn 2 3) * 2.0")
    }

    func testExportedText() {
        let spell: (MatrixName) -> String = { "S[\"\($0)\"]" }
        let cases: [(String, String)] = [
            ("2 * 10", "np.array([[10.0]]) * 2.0"), ("0.01 * randn 2 3", "np.random.randn(2, 3) * 0.01"),
            ("X.T / 2", "S[\"X\"].T / 2.0"), ("randn 2 3 + 1", "as_matrix((np.random.randn(2, 3)) + 1.0)"),
            ("5", "np.array([[5.0]])"),
        ]
        for (typed, exported) in cases {
            XCTAssertEqual(value(typed).map { NumpyText.value($0, name: spell) }, exported, typed)
        }
    }

    func testAValueFormIsCheckedAsAValue() {
        let s = session(["X = [[1, 2], [3, 4]]"])
        XCTAssertEqual(sessionMessage(s, "A = [1, nan]"),
                       "the element at [0,1] nan is not allowed: values must be finite numbers (no nan or inf)")
        XCTAssertEqual(sessionMessage(s, "A = nan * 10"), "the scale nan is not allowed: a finite number")
        XCTAssertEqual(sessionMessage(s, "A = 10 * nan"),
                       "the element at [0,0] nan is not allowed: values must be finite numbers (no nan or inf)")
        XCTAssertEqual(sessionMessage(s, "A = X / 0"), "the scale 0.0 is not allowed: divide by a finite non-zero number")
        XCTAssertEqual(sessionMessage(s, "expect X X * inf"), "the scale inf is not allowed: a finite number")
        // the same shapes inside an expression are numpy's arithmetic, and only the result is checked
        XCTAssertTrue(sessionMessage(s, "A = (X / 0) + 1").hasPrefix("the result (2×2) has inf at [0,0]"))
        XCTAssertTrue(sessionMessage(s, "A = [1, nan] + 0").hasPrefix("the result (1×2) has nan at [0,1]"))
    }
}
