import TestSupport
import XCTest
@testable import NNCore

/// The cost J and dA[L] of each loss against the course's numpy formulas.
///
/// bce and ce J go through np.log (numpy's SIMD log may differ from the C
/// library in the last bit), so they are compared within `propagationTolerance`
/// (1e-12 relative); mse J and every dA[L] are only arithmetic in numpy's order
/// and must match bit for bit.
final class LossTests: XCTestCase {
    func testCostAndOutputGradientMatchNumpy() throws {
        var seen = Set<Loss>()
        for c in try Fixture.cases("losses") {
            let name = try Fixture.string(c, "loss")
            let loss = try XCTUnwrap(Loss(rawValue: name), name)
            seen.insert(loss)
            let al = try Fixture.matrix(c, "AL"), y = try Fixture.matrix(c, "Y")
            let j = loss.cost(al, y), expected = try Fixture.double(c, "J")
            XCTAssertTrue(close(j, expected), "\(name) J over \(al.rows)×\(al.cols): \(j) vs numpy \(expected)")
            if loss == .mse {
                // No logarithm: the same operations in the same order give the same bits.
                XCTAssertTrue(sameBits(j, expected), "mse J bit for bit: \(j) vs numpy \(expected)")
            }
            assertBits(loss.outputGradient(al, y), try Fixture.matrix(c, "dAL"), "\(name) dA[L]")
        }
        XCTAssertEqual(seen, Set(Loss.allCases))
    }

    /// The course's np.nansum: 0·log 0 adds 0, so saturated outputs that agree with
    /// their labels give a finite J; one that contradicts its label still gives inf.
    func testSaturatedOutputsCountZeroLogZeroAsZero() throws {
        for c in try Fixture.saturatedCases() {
            let loss = try XCTUnwrap(Loss(rawValue: try Fixture.string(c, "loss")))
            let al = try Fixture.matrix(c, "AL"), y = try Fixture.matrix(c, "Y")
            let j = loss.cost(al, y), expected = try Fixture.double(c, "J")
            XCTAssertFalse(j.isNaN, "\(loss.name) J on saturated AL \(al.storage)")
            XCTAssertTrue(close(j, expected), "\(loss.name) J: \(j) vs numpy's nansum \(expected)")
            if let course = c["J_course"] as? String {
                // The course's own order (1/m · nansum(−log a·y + …)) agrees to rounding.
                XCTAssertTrue(close(j, try Fixture.double(course)), "J \(j) vs the course's compute_loss \(course)")
            }
            // dA[L] keeps the lecture's formula, nan and inf included.
            assertBits(loss.outputGradient(al, y), try Fixture.matrix(c, "dAL"), "\(loss.name) dA[L]")
        }
    }

    func testOrdinaryCostsKeepTheirBits() {
        // y = 0 and y = 1 labels with 0 < a < 1: each term is one log, as np.sum adds it.
        let al = Matrix([[0.25, 0.9, 0.6]]), y = Matrix([[0, 1, 1]])
        let terms = [log(0.75), log(0.9), log(0.6)]
        XCTAssertEqual(Loss.bce.cost(al, y).bitPattern, ((-1 / 3.0) * ((terms[0] + terms[1]) + terms[2])).bitPattern)
        XCTAssertTrue(Loss.bce.cost(Matrix([[Double.nan]]), Matrix([[0]])).isNaN, "a nan AL is not hidden")
        XCTAssertEqual(Loss.bce.cost(Matrix([[1.0]]), Matrix([[0]])), .infinity)
    }

    func testDefaultLossForEachOutput() {
        XCTAssertEqual(Loss.default(for: .sigmoid), .bce)
        XCTAssertEqual(Loss.default(for: .softmax), .ce)
        XCTAssertEqual(Loss.default(for: .linear), .mse)
        XCTAssertEqual(Loss.default(for: .tanh), .mse)
    }
}
