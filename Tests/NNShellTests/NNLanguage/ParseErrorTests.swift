import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class ParseErrorTests: XCTestCase {
    func testPlaces() {
        XCTAssertEqual(ParseError.place(SourcePosition(column: 4)), "at column 4")
        XCTAssertEqual(ParseError.place(SourcePosition(line: 3, column: 4)), "at line 3, column 4")
    }

    func testAbbreviate() {
        XCTAssertEqual(ParseError.abbreviate("short"), "short")
        let long = String(repeating: "é", count: 100)
        XCTAssertEqual(ParseError.abbreviate(long), String(repeating: "é", count: ParseError.snippetLimit) + "…")
    }

    func testDescribeCharacter() {
        XCTAssertEqual(ParseError.describe(character: "\u{0}"), "U+0000")
        XCTAssertEqual(ParseError.describe(character: "\u{1B}"), "U+001B")
        XCTAssertEqual(ParseError.describe(character: "×"), "'×' (U+00D7)")
        XCTAssertEqual(ParseError.describe(character: "😀"), "'😀' (U+1F600)")
    }

    func testDidYouMean() {
        XCTAssertEqual(ParseError.didYouMean([], then: "try help"), "; try help")
        XCTAssertEqual(ParseError.didYouMean(["a"], then: "try help"), "; did you mean a? Try help")
        XCTAssertEqual(ParseError.didYouMean(["a", "b", "c"], then: "x"), "; did you mean a, b or c? X")
    }

    /// Every case has a message that names no Swift identifiers and ends without a stray space.
    func testEveryMessageReads() {
        let at = SourcePosition(column: 1)
        let all: [ParseError] = [
            .unexpectedCharacter("\u{0}", at: at), .unterminatedString(at: at),
            .unexpected("x", expected: .value, at: at), .missing(.number, after: "step"),
            .extraInput("x", after: "reset", at: at), .unknownCommand("x", suggestions: []), .nameAlone("W1"),
            .unknownChoice("x", .loss, suggestions: ["ce"], at: at), .reservedName("randn", at: at),
            .layerZero("W0", at: at), .slotWithoutLayer("W", at: at),
            .notANumber("1x", at: at), .notAWholeNumber("1.5", .rows, at: at), .outOfRange("0", .rows, at: at),
            .tooFewLayers(0), .inputActivation(at: at), .emptyMatrix(at: at),
            .raggedRows(row: 2, count: 1, expected: 2, at: at), .tooManyDimensions(at: at),
            .mixedRowsAndNumbers(at: at), .unclosedBracket("[", at: at),
            .unsupportedKeyword("copy", function: "np.array", at: at), .unsupportedDtype("int", at: at),
            .emptyFileName(at: at),
            .unknownFunction("np.foo", suggestions: ["np.exp"], at: at),
            .unknownAttribute("shap", suggestions: ["shape"], at: at),
            .argumentCount(function: "np.dot", expected: "two matrices", got: 1, at: at),
            .unknownKeyword("ord", function: "np.linalg.norm", allowed: ["axis", "keepdims"], at: at),
            .badKeywordValue("2", keyword: "axis", expected: "0 or 1", at: at),
            .badIndex("a matrix has two axes", at: at), .tooDeep(limit: 100, at: at), .chainedComparison(at: at),
        ]
        for error in all {
            let m = error.message
            XCTAssertFalse(m.isEmpty)
            XCTAssertFalse(m.hasSuffix(" "), m)
            for word in ["Quantity", "Expected", "layerSize", "leakyRelu", "Optional"] {
                XCTAssertFalse(m.contains(word), m)
            }
        }
        let expectations: [ParseError.Expected] = [
            .command, .value, .number, .quantity(.seed), .name, .stageTarget, .showTarget, .setting, .activation,
            .loss, .initOption, .fileName, .word, .equals, .literalElement, .literal, .closing(")"), .indexComma,
            .tolerance, .loadKey, .npFunction,
        ]
        for e in expectations {
            XCTAssertFalse(ParseError.missing(e, after: "x").message.contains("Expected"))
        }
    }
}
