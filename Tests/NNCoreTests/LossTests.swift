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

    func testDefaultLossForEachOutput() {
        XCTAssertEqual(Loss.default(for: .sigmoid), .bce)
        XCTAssertEqual(Loss.default(for: .softmax), .ce)
        XCTAssertEqual(Loss.default(for: .linear), .mse)
        XCTAssertEqual(Loss.default(for: .tanh), .mse)
    }
}
