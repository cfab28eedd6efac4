import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `gradcheck` on the course's own case (gradient_check_n_test_case), against
/// numpy's run of the course's gradient_check_n (Fixtures/gradcheck.json).
final class GradCheckTests: XCTestCase {
    private var fixture: [String: Any] = [:]

    override func setUpWithError() throws {
        fixture = try shellFixture("gradcheck.json")
    }

    /// The course's case typed as commands.
    private func courseCase() -> Session {
        session(["net 4 5 3 1", "seed 1", "X = randn 4 3", "Y = [[1, 1, 0]]", "W1 = randn 5 4", "b1 = randn 5 1",
                 "W2 = randn 3 5", "b2 = randn 3 1", "W3 = randn 1 3", "b3 = randn 1 1"])
    }

    private func difference(_ outputs: [Output]) -> Double? {
        for case let .scalar("difference", value) in outputs { return value }
        return nil
    }

    private func verdict(_ outputs: [Output]) -> (Bool, String)? {
        for case let .verdict(passed, text) in outputs { return (passed, text) }
        return nil
    }

    func testTheCommandsReproduceTheCoursesInputs() {
        let s = courseCase()
        let inputs = fixture["inputs"] as? [String: Any]
        let names: [(String, MatrixName)] = [("X", .X), ("Y", .Y), ("W1", .layer(.W, 1)), ("b1", .layer(.b, 1)),
                                             ("W2", .layer(.W, 2)), ("b2", .layer(.b, 2)),
                                             ("W3", .layer(.W, 3)), ("b3", .layer(.b, 3))]
        for (key, name) in names {
            assertBitwiseEqual(s.state.store[name], fixtureMatrix(inputs?[key]))
        }
    }

    func testBackwardGivesTheCoursesGradients() {
        let s = courseCase()
        runLines(s, ["forward all", "cost", "backward all"])
        let grads = fixture["gradients"] as? [String: Any]
        for l in 1...3 {
            assertClose(s.state.store[.layer(.dW, l)], fixtureMatrix(grads?["dW\(l)"]), rtol: 1e-12, atol: 1e-16)
            assertClose(s.state.store[.layer(.db, l)], fixtureMatrix(grads?["db\(l)"]), rtol: 1e-12, atol: 1e-16)
        }
        let cost = Double(fixture["cost"] as? String ?? "") ?? .nan
        XCTAssertEqual(s.state.store[.J]?[0, 0] ?? .nan, cost, accuracy: 1e-14)
    }

    func testDifferenceIsTheCourses() throws {
        let expected = try XCTUnwrap(Double(fixture["difference"] as? String ?? ""))
        XCTAssertEqual(expected, 1.19e-7, accuracy: 0.01e-7, "the course's printed value")
        for prepare in [[], ["forward all", "cost", "backward all"]] {
            let s = courseCase()
            runLines(s, prepare)
            let state = s.state
            let out = runLines(s, ["gradcheck"])
            let d = try XCTUnwrap(difference(out))
            XCTAssertEqual(d, expected, accuracy: expected * 0.05, "prepared with \(prepare)")
            XCTAssertEqual(verdict(out)?.0, true)
            XCTAssertEqual(s.state, state, "gradcheck changes nothing")
            let text = texts(out)
            XCTAssertTrue(text.contains(prepare.isEmpty ? "dW and db are not all current" : "checking the session's dW and db"))
        }
    }

    /// Outputs exactly 0 or 1 on their own labels: J counts 0·log 0 as 0 and backward takes
    /// dZ[L] = AL − Y there, so both sides of the check stay finite and agree
    /// (no Z1 at relu's kink: that would fail the check for its own reason).
    func testSaturatedOutputsPassTheCheck() throws {
        let s = session(["net 2 3 1", "X = [[1, 2, -1.1, 0.5, 0.3], [0.5, -1, 2, 1, -0.5]]", "Y = [[1, 1, 0, 0, 1]]",
                         "W1 = [[10, 5], [-8, 4], [0.6, -0.7]]", "b1 = [[0], [1], [-0.1]]",
                         "W2 = [[3, -60, 0.5]]", "b2 = 0.2", "forward all", "cost", "backward all"])
        let out = runLines(s, ["gradcheck"])
        let d = try XCTUnwrap(difference(out), texts(out))
        XCTAssertTrue(d.isFinite, texts(out))
        XCTAssertEqual(verdict(out)?.0, true, texts(out))
        XCTAssertEqual(s.state.store[.layer(.A, 2)].map { Array($0.storage.prefix(3)) }, [1, 1, 0], "saturated")
    }

    func testAPerturbedGradientFailsAndIsNamed() throws {
        let s = courseCase()
        runLines(s, ["forward all", "cost", "backward all"])
        let dW1 = try XCTUnwrap(s.state.store[.layer(.dW, 1)])
        runLines(s, ["dW1[0,0] = \(dW1[0, 0] + 0.5)"])
        let out = runLines(s, ["gradcheck"])
        let (passed, text) = try XCTUnwrap(verdict(out))
        XCTAssertFalse(passed)
        XCTAssertTrue(text.contains("there is a mistake in backward propagation"), text)
        XCTAssertTrue(text.contains("it differs most at dW1[0,0]: backward gives \(dW1[0, 0] + 0.5)"), text)
        XCTAssertGreaterThan(try XCTUnwrap(difference(out)), 1e-3)
    }

    func testAPerturbedBiasGradientIsNamedToo() throws {
        let s = courseCase()
        runLines(s, ["forward all", "cost", "backward all", "db2[2,0] = 3"])
        let text = try XCTUnwrap(verdict(runLines(s, ["gradcheck"]))).1
        XCTAssertTrue(text.contains("differs most at db2[2,0]"), text)
    }

    func testGradcheckNeedsDataOfTheNetworksShape() {
        let s = session(["net 4 5 3 1", "X = ones 3 2", "Y = ones 1 2"])
        XCTAssertTrue(sessionMessage(s, "gradcheck").hasPrefix("gradcheck: X is (3, 2) and Y is (1, 2)"))
        XCTAssertEqual(sessionMessage(session(["net 2 1"]), "gradcheck"),
                       "X has no value yet: set it with `X = …` or `dataset xor`")
    }
}
