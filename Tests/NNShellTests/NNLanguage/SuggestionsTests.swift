import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

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

    // MARK: - A suggested fix works

    /// The commands a fix names between backticks, in order (`forward all`, `cost`, …),
    /// leaving out the ones with placeholders (`X = …`, `train N LR`).
    private func suggestedCommands(_ message: String) -> [String] {
        let parts = message.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
            .filter { !$0.contains("…") && !$0.contains(" N ") && !$0.hasSuffix(" LR") }
    }

    /// From each state, a failing command's fix is followed to the letter, and then the
    /// command runs.
    func testEverySuggestedFixWorksFromTheStateItWasGivenIn() {
        let net = ["net 2 4 3 1", "X = [[-1, -1, 1, 1], [-1, 1, -1, 1]]", "Y = [[0, 1, 1, 0]]", "init he seed 17"]
        let softmax = ["net 2 3 3:softmax", "X = [[-1, -1, 1, 1], [-1, 1, -1, 1]]", "Y = [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0]]",
                       "init he seed 2"]
        let cases: [(state: [String], failing: String)] = [
            (net, "backward"), (net, "backward 2"), (net, "backward 1"), (net, "cost"), (net, "forward 3"),
            (net, "step 0.1"), (net, "show dW1"), (net, "show dA0"), (net, "show J"),
            (net + ["forward"], "forward 3"), (net + ["forward"], "backward 3"), (net + ["forward"], "cost"),
            (net + ["forward all", "cost", "backward"], "step 0.1"),
            (net + ["forward all", "cost", "backward"], "show dW1"),
            (net + ["forward all", "cost", "backward all", "W1[0,0] = 0.5"], "cost"),
            (net + ["forward all", "cost", "backward all", "W1[0,0] = 0.5"], "step 0.1"),
            (net + ["forward all", "cost", "backward all", "W3[0,0] = 0.5"], "backward 1"),
            (softmax, "backward"), (softmax, "step 0.1"), (softmax + ["forward"], "backward 1"),
        ]
        for (state, failing) in cases {
            let s = Session(empty: ())
            runLines(s, state)
            let message = sessionMessage(s, failing)
            let fix = suggestedCommands(message)
            XCTAssertFalse(fix.isEmpty, "\(failing) after \(state.last ?? ""): no command in \(message.debugDescription)")
            runLines(s, fix)
            guard let command = parsed(failing) else { continue }
            do {
                _ = try s.execute(command)
            } catch {
                XCTFail("\(failing) after \(state.last ?? "") and the fix \(fix) of \(message.debugDescription): \(error.message)")
            }
        }
    }
}
