import XCTest
@testable import NNShell

final class SuggestionsTests: XCTestCase {
    func testDistance() {
        func d(_ a: String, _ b: String) -> Int {
            Suggestions.distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        XCTAssertEqual(d("", "abc"), 3)
        XCTAssertEqual(d("forwrd", "forward"), 1)
        XCTAssertEqual(d("trian", "train"), 1)
        XCTAssertEqual(d("kitten", "sitting"), 3)
        XCTAssertEqual(d("same", "same"), 0)
    }

    func testClosest() {
        XCTAssertEqual(Suggestions.closest(to: "forwrd", in: Parser.commandNames), ["forward"])
        XCTAssertEqual(Suggestions.closest(to: "FORWARD", in: Parser.commandNames), ["forward"])
        XCTAssertEqual(Suggestions.closest(to: "tan", in: ["relu", "sigmoid", "tanh", "linear"]), ["tanh"])
        XCTAssertEqual(Suggestions.closest(to: "lin", in: ["relu", "sigmoid", "tanh", "linear"]), ["linear"])
        XCTAssertEqual(Suggestions.closest(to: "leaky", in: ["relu", "leaky_relu"]), ["leaky_relu"])
        XCTAssertEqual(Suggestions.closest(to: "zzzzzz", in: Parser.commandNames), [])
        XCTAssertEqual(Suggestions.closest(to: "", in: Parser.commandNames), [])
        XCTAssertEqual(Suggestions.closest(to: String(repeating: "f", count: 10_000), in: Parser.commandNames), [])
        XCTAssertLessThanOrEqual(Suggestions.closest(to: "se", in: Parser.commandNames).count, 3)
    }
}
