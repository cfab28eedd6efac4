import XCTest
import NNCore
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `batchnorm` in a session (Stages/SessionState+BatchNorm.swift, State/SessionState+KindNames.swift):
/// the stepper, `step` and `predict` on a network with batch-normalised layers against numpy
/// (scripts/fixtures/batchnorm.py → Fixtures/batchnorm_session.json) to 1e-12 relative, the
/// gradient check, and what the kind's names mean.
final class SessionStateBatchNormTests: XCTestCase {
    nonisolated(unsafe) static let fixture = Fixtures.object("batchnorm_session.json")

    private func matrix(_ value: Any?) throws -> Matrix {
        let d = try XCTUnwrap(value as? [String: Any]), shape = try XCTUnwrap(d["shape"] as? [Int])
        let text = try XCTUnwrap(d["data"] as? String)
        let values = try text.split(separator: " ").map { try XCTUnwrap(Double(String($0))) }
        return Matrix(rows: shape[0], cols: shape[1], storage: values)
    }

    private func matrices(_ key: String) throws -> [String: Matrix] {
        let d = try XCTUnwrap(Self.fixture[key] as? [String: Any], "batchnorm_session.json; run scripts/fixtures/batchnorm.py")
        var out: [String: Matrix] = [:]
        for (k, v) in d { out[k] = try matrix(v) }
        return out
    }

    private func set(_ s: Session, _ name: String, _ m: Matrix) throws {
        _ = try s.execute(.assign(try MatrixName.spelled(name, at: SourcePosition(line: 1, column: 1)), .literal(m)))
    }

    private func stored(_ s: Session, _ name: String) throws -> Matrix {
        let raw = try MatrixName.spelled(name, at: SourcePosition(line: 1, column: 1))
        return try s.state.value(try s.state.resolve(raw))
    }

    /// The fixture's network with its parameters, X and Y, ready for `forward all`.
    private func fixtureSession() throws -> Session {
        let s = session(["net 3 4 3 1", "batchnorm 1", "batchnorm 3 eps 1e-3"])
        try set(s, "X", try matrix(Self.fixture["X"]))
        try set(s, "Y", try matrix(Self.fixture["Y"]))
        for (name, m) in try matrices("parameters") { try set(s, name, m) }
        return s
    }

    func testStepperMatchesNumpy() throws {
        let s = try fixtureSession()
        runLines(s, ["forward all", "cost", "backward all"])
        let values = try matrices("values")
        XCTAssertEqual(values.count, 34)
        for (name, expected) in values.sorted(by: { $0.key < $1.key }) {
            assertClose(try stored(s, name), expected, name)
        }
        runLines(s, ["step 0.1"])
        for (name, expected) in try matrices("stepped") { assertClose(try stored(s, name), expected, "\(name) after step") }
    }

    func testPredictUsesTheTrainingBatchsStatistics() throws {
        let s = try fixtureSession()
        runLines(s, ["forward all", "cost", "backward all", "step 0.1"])
        let xTest = try matrix(Self.fixture["X_test"])
        try set(s, "X_test", xTest)
        let al = s.state.coreNetwork().forwardAll(xTest, statisticsFrom: try stored(s, "X"))
        assertClose(al, try matrix(Self.fixture["AL_test"]), "AL for X_test")
        let out = runLines(s, ["predict X_test"])
        let predictions = out.compactMap { o -> Matrix? in if case let .matrix(m) = o { return m.matrix } else { return nil } }
        XCTAssertEqual(predictions.first, try matrix(Self.fixture["predictions"]))
    }

    func testGradcheckPasses() throws {
        let s = try fixtureSession()
        let stored = texts(runLines(s, ["forward all", "cost", "backward all", "gradcheck"]))
        XCTAssertTrue(stored.contains("checking the session's gradients (dW1, dgamma1"), stored)
        XCTAssertTrue(stored.contains("PASS"), stored)
        XCTAssertTrue(texts(runLines(s, ["regularize l2 0.7", "gradcheck"])).contains("PASS"))
        // train reaches the same kind through the core's loop and lowers the cost.
        runLines(s, ["regularize off", "optimizer adam", "train 50 0.01"])
        XCTAssertLessThan(s.state.trainCosts.last ?? 1, s.state.trainCosts.first ?? 0)
    }

    func testTheKindsNamesAreTheLearnersOwnElsewhere() {
        let s = session(["net 2 3 1", "beta1 = 0.5", "gamma2 = [[1, 2]]", "mu1 = 3"])
        XCTAssertEqual(s.state.store[.user("beta1")], Matrix(scalar: 0.5), "layer 1 is dense: beta1 is the learner's")
        let out = texts(runLines(s, ["batchnorm 1"]))
        XCTAssertTrue(out.contains("your own beta1 is now beta1_own"), out)
        XCTAssertEqual(s.state.store[.user("beta1_own")], Matrix(scalar: 0.5))
        XCTAssertEqual(s.state.store[.layer(.beta, 1)], Matrix.zeros(3, 1))
        XCTAssertEqual(s.state.store[.layer(.gamma, 1)], Matrix.ones(3, 1))
        XCTAssertNil(s.state.store[.layer(.b, 1)], "b1 goes: beta1 takes its place")
        XCTAssertEqual(s.state.store[.user("gamma2")], Matrix(rows: 1, cols: 2, storage: [1, 2]), "layer 2 is still dense")
        XCTAssertTrue(sessionMessage(s, "b1 = 1").contains("batchnorm layer, which has no b1"))
        runLines(s, ["undo"])
        XCTAssertEqual(s.state.store[.user("beta1")], Matrix(scalar: 0.5), "undo gives the name back")
        XCTAssertNotNil(s.state.store[.layer(.b, 1)])
        runLines(s, ["redo", "batchnorm off"])
        XCTAssertEqual(s.state.store[.layer(.b, 1)], Matrix.zeros(3, 1))
        XCTAssertNil(s.state.store[.layer(.gamma, 1)])
        XCTAssertEqual(s.state.store[.user("beta1_own")], Matrix(scalar: 0.5), "the moved matrix stays where it went")
    }

    func testKindChangesMakeTheLayerStale() {
        let s = session(["dataset xor", "net 2 3 1", "init he seed 1", "forward all"])
        XCTAssertNil(s.state.nextForwardLayer)
        runLines(s, ["batchnorm 1"])
        XCTAssertEqual(s.state.nextForwardLayer, 1)
        runLines(s, ["forward all", "batchnorm 1 eps 0.01"])
        XCTAssertEqual(s.state.nextForwardLayer, 1, "a new ε makes the layer's caches stale")
        runLines(s, ["forward all", "gamma1[0,0] = 2"])
        XCTAssertTrue(s.state.store.isCurrent(.layer(.mu, 1)), "μ does not depend on γ")
        XCTAssertFalse(s.state.store.isCurrent(.layer(.Zt, 1)))
        XCTAssertEqual(s.state.nextForwardLayer, 1)
    }
}
