import XCTest
import NNCore
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class ExpressionParserTests: XCTestCase {
    /// The expression `text` reads as, written back in numpy syntax with explicit parentheses where needed.
    private func written(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard case let .assign(_, value) = parsed("r = " + text, file: file, line: line) else { return nil }
        return value.description
    }

    func testPrecedenceIsPythons() {
        XCTAssertEqual(written("-2**2"), "-2.0 ** 2.0")
        XCTAssertEqual(written("(-2)**2"), "(-2.0) ** 2.0")
        XCTAssertEqual(written("2**-1"), "2.0 ** -1.0")
        XCTAssertEqual(written("2**3**2"), "2.0 ** 3.0 ** 2.0")
        XCTAssertEqual(written("(2**3)**2"), "(2.0 ** 3.0) ** 2.0")
        XCTAssertEqual(written("a + b * c"), "a + b * c")
        XCTAssertEqual(written("(a + b) * c"), "(a + b) * c")
        XCTAssertEqual(written("a - b - c"), "a - b - c")
        XCTAssertEqual(written("a - (b - c)"), "a - (b - c)")
        XCTAssertEqual(written("a @ b * c"), "a @ b * c")
        XCTAssertEqual(written("a > b + 1"), "a > b + 1.0")
        XCTAssertEqual(written("-a.T"), "-a.T")
        XCTAssertEqual(written("1./m * np.dot(dZ1, X.T)"), "1.0 / m * np.dot(dZ1, X.T)")
        XCTAssertEqual(written("(Z > 0).astype(float)"), "np.float64(Z > 0.0)")
        XCTAssertEqual(written("Z.sum(axis=1, keepdims=True)"), "np.sum(Z, axis=1, keepdims=True)")
        XCTAssertEqual(written("np.sum(Z, axis=-1)"), "np.sum(Z, axis=1)")
        XCTAssertEqual(written("X[:, 1:3]"), "X[:, 1:3]")
        XCTAssertEqual(written("X[:, [2]]"), "X[:, [2]]")
        XCTAssertEqual(written("X[-1, ::-1]"), "X[-1, ::-1]")
        XCTAssertEqual(written("X.shape[1]"), "X.shape[1]")
        XCTAssertEqual(written("relu + sigmoid"), "relu + sigmoid")   // names of the learner's own, not calls
    }

    /// Every fixture expression, written back as text, reads as the same expression (history and scripts rely on it).
    func testWrittenTextReadsBack() throws {
        let cases = try XCTUnwrap(Fixtures.object("expressions.json")["cases"] as? [[String: Any]])
        for c in cases {
            guard let text = c["expr"] as? String, let command = try? Parser.parse("r = " + text) else { continue }
            XCTAssertEqual(try? Parser.parse(command.description), command, "\(text) → \(command)")
        }
    }

    /// A sign glued to a number after a space is the operator it is (`X -1` is `X - 1`).
    func testGluedSignsAreOperators() {
        XCTAssertEqual(written("X -1"), "X - 1.0")
        XCTAssertEqual(written("X +1"), "X + 1.0")
        XCTAssertEqual(written("3 - -2"), "3.0 - -2.0")
        XCTAssertEqual(written("[1 -2]"), "[[1.0, -2.0]]")
    }

    /// The forms nnstep always had are value forms in their one spelling, so history and scripts read as before.
    func testOldFormsAreValueForms() {
        XCTAssertEqual(parsed("r = W1.T * 2"), .assign(.user("r"), .scaled(.name(.layer(.W, 1), transposed: true), .multiply, 2)))
        XCTAssertEqual(parsed("r = 0.01 * randn 3 2"), .assign(.user("r"), .scaled(.generator(.randn(3, 2)), .multiply, 0.01)))
        XCTAssertEqual(parsed("W[2] = W[1]"), .assign(.layer(.W, 2), .name(.layer(.W, 1), transposed: false)))
        XCTAssertEqual(parsed("r = np.float64(0.5)"), .assign(.user("r"), .literal(Matrix(scalar: 0.5))))
    }

    func testErrorsPointAtTheColumn() {
        XCTAssertEqual(parseError("r = np.dott(W1, X)"),
                       .unknownFunction("np.dott", suggestions: ["np.dot"], at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("r = np.sum(Z, axis=2)"),
                       .badKeywordValue("2", keyword: "axis", expected: "0 (down the rows), 1 (along each row), -1, -2 or None",
                                        at: SourcePosition(column: 20)))
        XCTAssertEqual(parseError("r = np.exp(Z, axis=1)"),
                       .unknownKeyword("axis", function: "np.exp", allowed: [], at: SourcePosition(column: 15)))
        XCTAssertEqual(parseError("r = np.dot(W1)"),
                       .argumentCount(function: "np.dot", expected: "two matrices", got: 1, at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("r = np.dot(W1, X"), .unclosedBracket("(", at: SourcePosition(column: 11)))
        XCTAssertEqual(parseError("r = (W1 + X"), .unclosedBracket("(", at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("r = W1 + X)"), .extraInput(")", after: "r = W1 + X", at: SourcePosition(column: 11)))
        XCTAssertEqual(parseError("r = X.shap"), .unknownAttribute("shap", suggestions: ["shape"], at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("r = X[0, 1, 2]"),
                       .badIndex("a matrix has two axes, so it takes at most two subscripts", at: SourcePosition(column: 13)))
        XCTAssertEqual(parseError("r = X +"), .missing(.value, after: "r = X +"))
        XCTAssertEqual(parseError("r = 0 < X < 1"), .chainedComparison(at: SourcePosition(column: 11)))
        XCTAssertEqual(written("(0 < X) * (X < 1)"), "(0.0 < X) * (X < 1.0)")
        XCTAssertEqual(parseError("r = relux(Z)"),
                       .unknownFunction("relux(…)", suggestions: ["relu"], at: SourcePosition(column: 5)))
    }

    /// 10,000 brackets or operators in a row are refused with a message, never by running out of stack.
    func testDeepNestingIsRefused() {
        let deep = "r = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        guard case .tooDeep(limit: ExpressionParser.maxDepth, _)? = parseError(deep) else { return XCTFail("not refused") }
        let calls = "r = " + String(repeating: "np.exp(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        guard case .tooDeep? = parseError(calls) else { return XCTFail("not refused") }
        let chain = "r = 1" + String(repeating: " + 1", count: 10_000)
        guard case .tooDeep? = parseError(chain) else { return XCTFail("not refused") }
        let minus = "r = " + String(repeating: "-", count: 10_000) + "1"
        guard case .tooDeep? = parseError(minus) else { return XCTFail("not refused") }
        XCTAssertNotNil(parsed("r = " + String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30)))
    }
}
