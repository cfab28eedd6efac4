import NNCore
import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `train` that runs into nan or inf: it names the likeliest cause and keeps finite parameters,
/// and `accuracy` never scores a nan network silently.
final class TrainTests: XCTestCase {
    /// Every W and b of the session, finite or not.
    private func parametersAreFinite(_ s: Session) -> Bool {
        (1...s.state.depth).allSatisfy { l in
            [Slot.W, .b].allSatisfy { s.state.store[.layer($0, l)]?.firstNonFinite == nil }
        }
    }

    func testUnscaledInputsStopTrainAndAreNamed() {
        // J is inf (outputs exactly 0 or 1) because X is not scaled: stepping on would only make
        // the weights explode, so train stops before the step and says how to scale X.
        let s = session(["dataset cancer", "net 30 10 1", "init he seed 1"])
        let before = s.state.store[.layer(.W, 1)]
        let text = texts(runLines(s, ["train 500 0.01"]))
        XCTAssertTrue(text.contains("X is not scaled (its largest |value| is 4254)"), text)
        XCTAssertTrue(text.contains("training stopped before that iteration's step"), text)
        XCTAssertTrue(parametersAreFinite(s))
        XCTAssertEqual(s.state.store[.layer(.W, 1)], before, "W1 stays the last finite one")
    }

    func testAParameterAlreadyNanIsNamed() {
        let s = session(["dataset xor", "net 2 4 3 1", "init he seed 1", "W2 = W2 * 1e308", "W2 = W2 * 10"])
        let text = texts(runLines(s, ["train 10 0.1"]))
        XCTAssertTrue(text.contains("W2 already held nan or inf before training"), text)
        XCTAssertTrue(sessionMessage(s, "accuracy").hasPrefix("accuracy: W2[0,0] is inf, so the predictions would mean nothing"))
        XCTAssertTrue(sessionMessage(s, "predict").hasPrefix("predict: W2[0,0] is inf"))
    }

    func testAFiniteStartThatFailsAfterStepsBlamesTheLearningRate() {
        // Scaled inputs, finite weights, a huge learning rate: mse is finite at iteration 0, then overflows.
        let s = session(["dataset xor", "net 2 4 3 1", "act 3 linear", "loss mse", "init he seed 1"])
        let text = texts(runLines(s, ["train 200 50"]))
        XCTAssertTrue(text.contains("the learning rate is too large; `undo`, then train with a smaller one, e.g. α = 5.0"), text)
        XCTAssertTrue(parametersAreFinite(s))
    }

    func testASaturatedOutputFromTheStartIsLogOfZero() {
        let s = session(["net 1 1", "X = [[50]]", "Y = [[0]]", "W1 = [[1]]"])
        let text = texts(runLines(s, ["train 3 0.1"]))
        XCTAssertTrue(text.contains("log(0)"), text)
    }
}
