import TestSupport
import XCTest
@testable import NNCore

/// Mini-batches as the course's `random_mini_batches` draws them; numbers from scripts/fixtures/stages.py.
final class MiniBatchTests: XCTestCase {
    private let fixture = Fixtures.object("stages.json")

    func testPermutationIsNumpysBitForBitAndLeavesTheStreamWhereNumpyDoes() throws {
        let cases = try XCTUnwrap(fixture["permutations"] as? [[String: Any]], "run scripts/fixtures/stages.py")
        XCTAssertFalse(cases.isEmpty)
        for c in cases {
            let seed = try XCTUnwrap(c["seed"] as? Int), n = try XCTUnwrap(c["n"] as? Int)
            let expected = try XCTUnwrap(c["permutation"] as? [Int])
            let next = try XCTUnwrap(Double(try XCTUnwrap(c["next"] as? String)))
            var random = NumpyRandom(seed: UInt32(seed))
            XCTAssertEqual(random.permutation(n), expected, "seed \(seed), n \(n)")
            XCTAssertEqual(random.nextDouble().bitPattern, next.bitPattern, "seed \(seed), n \(n)")
        }
    }

    func testEpochIIsSeededWithSeedPlusOnePlusI() {
        let batches = MiniBatch(size: 4, seed: 10)
        XCTAssertEqual(batches.seed(forEpoch: 0), 11)
        XCTAssertEqual(batches.seed(forEpoch: 5), 16)
        var a = NumpyRandom(seed: 0), b = NumpyRandom(seed: 16)
        XCTAssertEqual(batches.permutation(epoch: 5, m: 9, random: &a), b.permutation(9))
    }

    func testBatchesAreInOrderAndTheLastIsSmaller() {
        let batches = MiniBatch(size: 4)
        let p = [7, 3, 0, 9, 1, 8, 2, 6, 4, 5]
        XCTAssertEqual(batches.batchCount(10), 3)
        XCTAssertEqual(Array(batches.columns(batch: 0, of: p)), [7, 3, 0, 9])
        XCTAssertEqual(Array(batches.columns(batch: 2, of: p)), [4, 5])
        XCTAssertEqual(MiniBatch(size: 5).batchCount(10), 2)
    }

    func testSelectingColumnsIsNumpysFancyIndex() {
        let m = Matrix([[0, 1, 2, 3], [10, 11, 12, 13]])
        XCTAssertEqual(m.selectingColumns([3, 0, 2]), Matrix([[3, 0, 2], [13, 10, 12]]))
    }
}
