import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class TokenizerTests: XCTestCase {
    private func kinds(_ text: String) -> [String] {
        let t = Tokenizer(text)
        return t.tokens().map { token in
            switch token.kind {
            case .word: return "w:" + t.text(token)
            case .number: return "n:" + t.text(token)
            case .string: return "s:" + t.quoted(token)
            case .unterminatedString: return "u:" + t.text(token)
            case .punct: return "p:" + t.text(token)
            case .other: return "o:" + t.text(token)
            }
        }
    }

    func testKinds() {
        XCTAssertEqual(kinds("W1 = [[1, -2.5e-3]]"),
                       ["w:W1", "p:=", "p:[", "p:[", "n:1", "p:,", "n:-2.5e-3", "p:]", "p:]"])
        XCTAssertEqual(kinds("np.array(x).T"), ["w:np", "p:.", "w:array", "p:(", "w:x", "p:)", "p:.", "w:T"])
        XCTAssertEqual(kinds("save \"a b.npz\" 'c'"), ["w:save", "s:a b.npz", "s:c"])
        XCTAssertEqual(kinds("run \"a"), ["w:run", "u:\"a"])
        XCTAssertEqual(kinds("x # [ comment\ny"), ["w:x", "w:y"])
        XCTAssertEqual(kinds("\"#not a comment\""), ["s:#not a comment"])
        XCTAssertEqual(kinds("é\u{0}"), ["o:é", "o:\u{0}"])
        XCTAssertEqual(kinds("a\u{00A0}b"), ["w:a", "w:b"])
    }

    func testSignsGlueOnlyAfterSeparators() {
        XCTAssertEqual(kinds("[1 -1]"), ["p:[", "n:1", "n:-1", "p:]"])
        XCTAssertEqual(kinds("[1,-1]"), ["p:[", "n:1", "p:,", "n:-1", "p:]"])
        XCTAssertEqual(kinds("1-1"), ["n:1", "p:-", "n:1"])
        XCTAssertEqual(kinds("x-1"), ["w:x", "p:-", "n:1"])
        XCTAssertEqual(kinds("]-1"), ["p:]", "p:-", "n:1"])
        XCTAssertEqual(kinds("-.5 - 5"), ["n:-.5", "p:-", "n:5"])
    }

    func testNumbersSwallowWhatFollows() {
        XCTAssertEqual(kinds("2x3 1.5.3 1e-5 1e+ 1_0"), ["n:2x3", "n:1.5.3", "n:1e-5", "n:1e", "p:+", "n:1_0"])
    }

    func testPositions() {
        let t = Tokenizer("ab\ncdé f")
        XCTAssertEqual(t.position(of: 0), SourcePosition(line: 1, column: 1))
        XCTAssertEqual(t.position(of: 3), SourcePosition(line: 2, column: 1))
        XCTAssertEqual(t.position(of: 8), SourcePosition(line: 2, column: 5))
        XCTAssertEqual(t.position(of: 1000), SourcePosition(line: 2, column: 6))
    }

    func testOpenBrackets() {
        XCTAssertEqual(Tokenizer("[[1, 2], (").openBrackets(), 2)
        XCTAssertEqual(Tokenizer("[1]])[").openBrackets(), -1)
        XCTAssertEqual(Tokenizer("'[' # [").openBrackets(), 0)
    }
}
