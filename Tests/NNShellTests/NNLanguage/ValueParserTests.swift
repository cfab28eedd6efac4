import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class ValueParserTests: XCTestCase {
    private func value(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expression? {
        guard case let .assign(_, v)? = parsed("M = " + text, file: file, line: line) else { return nil }
        return v
    }

    func testGenerators() {
        XCTAssertEqual(value("randn 3 2"), .generator(.randn(3, 2)))
        XCTAssertEqual(value("rand 3 2"), .generator(.rand(3, 2)))
        XCTAssertEqual(value("zeros 3 1"), .generator(.zeros(3, 1)))
        XCTAssertEqual(value("ones 1 4"), .generator(.ones(1, 4)))
        XCTAssertEqual(value("randn 3, 2"), .generator(.randn(3, 2)))
        XCTAssertEqual(value("randn(3, 2)"), .generator(.randn(3, 2)))
        XCTAssertEqual(value("np.random.randn(3, 2)"), .generator(.randn(3, 2)))
        XCTAssertEqual(value("numpy.random.rand(3,2)"), .generator(.rand(3, 2)))
        XCTAssertEqual(value("np.zeros((3, 1))"), .generator(.zeros(3, 1)))
        XCTAssertEqual(value("np.ones([2, 2])"), .generator(.ones(2, 2)))
        XCTAssertEqual(value("np.zeros((3, 1,))"), .generator(.zeros(3, 1)))
    }

    func testPermutationAndNormal() {
        XCTAssertEqual(value("permutation 300"), .generator(.permutation(300)))
        XCTAssertEqual(value("normal 300 2 scale 0.2"), .generator(.normal(300, 2, scale: 0.2)))
        XCTAssertEqual(value("normal 3 1"), .generator(.normal(3, 1, scale: 1)))
        XCTAssertEqual(value("normal(2, 3) scale 1e-2"), .generator(.normal(2, 3, scale: 0.01)))
        XCTAssertEqual(value("normal 2 2 scale 0.5 * 2"), .scaled(.generator(.normal(2, 2, scale: 0.5)), .multiply, 2))
        XCTAssertEqual(Generator.normal(300, 2, scale: 0.2).description, "normal 300 2 scale 0.2")
        XCTAssertEqual(Generator.normal(3, 1, scale: 1).description, "normal 3 1")
        XCTAssertEqual(Generator.permutation(7).description, "permutation 7")
        XCTAssertEqual(parseError("M = permutation 0"), .outOfRange("0", .columns, at: SourcePosition(column: 17)))
        XCTAssertEqual(parseError("M = permutation"), .missing(.quantity(.columns), after: "M = permutation"))
        XCTAssertEqual(parseError("M = normal 2 2 scale"), .missing(.number, after: "M = normal 2 2 scale"))
        XCTAssertEqual(parseError("M = normal"), .missing(.quantity(.rows), after: "M = normal"))
    }

    func testScaling() {
        XCTAssertEqual(value("randn 3 2 * 0.01"), .scaled(.generator(.randn(3, 2)), .multiply, 0.01))
        XCTAssertEqual(value("randn 3 2 / 2"), .scaled(.generator(.randn(3, 2)), .divide, 2))
        XCTAssertEqual(value("randn 3 2 * 0.01 / 2 * -1"),
                       .scaled(.scaled(.scaled(.generator(.randn(3, 2)), .multiply, 0.01), .divide, 2), .multiply, -1))
        XCTAssertEqual(value("np.random.randn(3, 2) * 0.01"), .scaled(.generator(.randn(3, 2)), .multiply, 0.01))
        XCTAssertEqual(value("0.01 * np.random.randn(3, 2)"), .scaled(.generator(.randn(3, 2)), .multiply, 0.01))
        XCTAssertEqual(value("-inf * W1"), .scaled(.name(.layer(.W, 1), transposed: false), .multiply, -.infinity))
        XCTAssertEqual(value("W1.T * 2"), .scaled(.name(.layer(.W, 1), transposed: true), .multiply, 2))
        XCTAssertEqual(value("[[1, 2]] * 3"), .scaled(.literal(Matrix([[1, 2]])), .multiply, 3))
        XCTAssertEqual(value("2 * 3"), .scaled(.literal(Matrix(scalar: 3)), .multiply, 2))
    }

    func testNamesAndOnehot() {
        XCTAssertEqual(value("W1"), .name(.layer(.W, 1), transposed: false))
        XCTAssertEqual(value("W1.T"), .name(.layer(.W, 1), transposed: true))
        XCTAssertEqual(value("W[2] .T"), .name(.layer(.W, 2), transposed: true))
        XCTAssertEqual(value("AL"), .name(.output(.A), transposed: false))
        XCTAssertEqual(value("my_data.T"), .name(.user("my_data"), transposed: true))
        XCTAssertEqual(value("onehot Y 3"), .generator(.onehot(.Y, 3)))
        XCTAssertEqual(value("onehot labels 10"), .generator(.onehot(.user("labels"), 10)))
    }

    func testValueErrors() {
        XCTAssertEqual(parseError("M = randn 3"), .missing(.quantity(.columns), after: "M = randn 3"))
        XCTAssertEqual(parseError("M = randn"), .missing(.quantity(.rows), after: "M = randn"))
        XCTAssertEqual(parseError("M = randn(3, 2"), .unclosedBracket("(", at: SourcePosition(column: 10)))
        XCTAssertEqual(parseError("M = np.zeros((3, 1)"), .unclosedBracket("(", at: SourcePosition(column: 13)))
        XCTAssertEqual(parseError("M = np.zeros((3, 1]"), .unexpected("]", expected: .closing(")"), at: SourcePosition(column: 19)))
        XCTAssertEqual(parseError("M = randn 3 2 *"), .missing(.value, after: "M = randn 3 2 *"))
        XCTAssertEqual(parseError("M = randn 3 2 * 1x"), .notANumber("1x", at: SourcePosition(column: 17)))
        XCTAssertEqual(parseError("M = W1 * )"), .unexpected(")", expected: .value, at: SourcePosition(column: 10)))
        XCTAssertEqual(parseError("M = onehot Y"), .missing(.quantity(.classes), after: "M = onehot Y"))
        XCTAssertEqual(parseError("M = onehot Y 0"), .outOfRange("0", .classes, at: SourcePosition(column: 14)))
        XCTAssertEqual(parseError("M = np.foo(3)"), .unknownFunction("np.foo", suggestions: [], at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("M = np.random.normal(3)"), .unexpected("normal", expected: .npFunction, at: SourcePosition(column: 15)))
        XCTAssertEqual(parseError("M = np"), .missing(.npFunction, after: "M = np"))
        XCTAssertEqual(parseError("M = )"), .unexpected(")", expected: .value, at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("M = W1.T.X"), .unknownAttribute("X", suggestions: ["T"], at: SourcePosition(column: 10)))
        XCTAssertEqual(parseError("M = onehot"), .missing(.name, after: "M = onehot"))
    }
}
