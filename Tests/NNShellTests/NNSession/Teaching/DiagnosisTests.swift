import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `expect` names the classic mistake behind a wrong value. The wrong values
/// are numpy's (Fixtures/diagnosis.json): each mistake made on purpose in the
/// course's formulas, on a fixed small network.
final class DiagnosisTests: XCTestCase {
    private var fixture: [String: Any] = [:]

    override func setUpWithError() throws {
        fixture = try shellFixture("diagnosis.json")
    }

    /// The fixture's network, after forward, cost and backward (and a step when asked).
    private func network(step: Bool) -> Session {
        let inputs = fixture["inputs"] as? [String: Any] ?? [:]
        var lines = ["net 3 3:tanh 2:relu 1:sigmoid"]
        for key in ["X", "Y", "W1", "b1", "W2", "b2", "W3", "b3"] {
            lines.append(assignLine(key, fixtureMatrix(inputs[key])))
        }
        lines += ["forward all", "cost", "backward all"]
        if step { lines.append("step \(fixture["alpha"] as? String ?? "")") }
        return session(lines)
    }

    private func expectOutputs(_ s: Session, _ name: String, _ value: Matrix) -> [Output] {
        guard let command = parsed("expect \(name) \(value.literalText)") else { return [] }
        do {
            return try s.execute(command)
        } catch {
            XCTFail("expect \(name): \(error.message)")
            return []
        }
    }

    func testTheCorrectValuesPass() {
        let s = network(step: false)
        let correct = fixture["correct"] as? [String: Any] ?? [:]
        for key in ["J", "dA3", "dW1", "db1", "dW2", "db2", "dW3", "db3"] {
            let out = texts(expectOutputs(s, key, fixtureMatrix(correct[key])))
            XCTAssertTrue(out.hasPrefix("PASS"), "\(key): \(out)")
        }
        let stepped = network(step: true)
        XCTAssertTrue(texts(expectOutputs(stepped, "W1", fixtureMatrix(correct["W1"]))).hasPrefix("PASS"))
        XCTAssertFalse(s.expectFailed || stepped.expectFailed)
    }

    func testEachClassicMistakeIsNamed() throws {
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 20)
        let afterBackward = network(step: false), afterStep = network(step: true)
        for c in cases {
            let name = c["name"] as? String ?? "", mistake = c["mistake"] as? String ?? ""
            let s = c["after"] as? String == "step" ? afterStep : afterBackward
            let out = expectOutputs(s, name, fixtureMatrix(c["value"]))
            let text = texts(out)
            XCTAssertTrue(text.contains("FAIL"), "\(name) \(mistake): \(text)")
            XCTAssertTrue(text.contains("the expected value is what this mistake gives: \(mistake)"),
                          "\(name) should be diagnosed as “\(mistake)”, got: \(text)")
        }
        XCTAssertTrue(afterBackward.expectFailed)
    }

    func testAnUnrelatedWrongValueNamesNoMistake() {
        let s = network(step: false)
        let text = texts(expectOutputs(s, "dW2", Matrix([[1, 2, 3], [4, 5, 6]])))
        XCTAssertTrue(text.hasPrefix("FAIL dW2: 6 of 6 elements differ"), text)
        XCTAssertFalse(text.contains("mistake"), text)
    }

    func testAWrongShapeIsReportedFirst() {
        let s = network(step: false)
        let text = texts(expectOutputs(s, "W2", Matrix([[1, 2], [3, 4]])))
        XCTAssertEqual(text, "FAIL W2: shape (2, 3), expected (2, 2)")
    }

    /// A formula given to expect is diagnosed as a literal is: the course's line without its 1/m.
    func testFormulasAreDiagnosed() {
        let s = session(["net 2 4 3 1", "X = [[0.5, -1.0, 2.0, 0.3], [1.5, 0.25, -0.5, 1.0]]", "Y = [[0, 1, 1, 0]]",
                         "init he seed 1", "forward all", "cost", "backward all", "m = X.shape[1]"])
        let dW = texts(runLines(s, ["expect dW2 np.dot(dZ2, A1.T)"]))
        XCTAssertTrue(dW.hasPrefix("FAIL dW2"), dW)
        XCTAssertTrue(dW.contains("the 1/m factor is missing: dW[2] = 1/m · dZ[2]·A[1]ᵀ"), dW)
        let db = texts(runLines(s, ["expect db1 np.sum(dZ1, axis=1, keepdims=True)"]))
        XCTAssertTrue(db.contains("the 1/m factor is missing: db[1]"), db)
        let dA = texts(runLines(s, ["expect dA1 1./m * np.dot(W2.T, dZ2)"]))
        XCTAssertTrue(dA.contains("the value is dA1 divided by m = 4: the 1/m factor is applied once too often"), dA)
        let z = texts(runLines(s, ["expect Z2 m * (np.dot(W2, A1) + b2)"]))
        XCTAssertTrue(z.contains("the value is m = 4 times Z2: the 1/m factor is missing"), z)
        XCTAssertEqual(texts(runLines(s, ["expect dW2 1./m * np.dot(dZ2, A1.T) rtol 0 atol 0"])),
                       "PASS dW2 (3, 4) matches (rtol 0.0, atol 0.0)")
    }
}
