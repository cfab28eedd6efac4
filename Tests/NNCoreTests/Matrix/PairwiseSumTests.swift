import TestSupport
import XCTest
@testable import NNCore

/// `sumRows` and `sum` against numpy's `np.sum`, bit for bit: both copy numpy's
/// pairwise summation order, so no tolerance is allowed here.
final class PairwiseSumTests: XCTestCase {
    /// The pool of values every sum case cuts its rows from (numpy's np.resize).
    private func poolMatrix(_ rows: Int, _ cols: Int) throws -> Matrix {
        let pool = try Fixture.matrix(Fixture.propagation["pool"])
        let values = (0..<(rows * cols)).map { pool.storage[$0 % pool.count] }
        return Matrix(rows: rows, cols: cols, storage: values)
    }

    func testSumRowsMatchesNumpyBitForBitForEveryRowLength() throws {
        var lengths = Set<Int>()
        for c in try Fixture.cases("sum_rows") {
            let rows = try Fixture.int(c, "rows"), cols = try Fixture.int(c, "cols")
            let m = try poolMatrix(rows, cols)
            assertBits(m.sumRows(), try Fixture.matrix(c, "sums"), "sumRows of \(rows)×\(cols)")
            lengths.insert(cols)
        }
        XCTAssertTrue(lengths.isSuperset(of: 1...300), "the fixture covers row lengths 1…300")
        XCTAssertTrue(lengths.contains(8192) && lengths.contains(20000), "and long rows")
    }

    func testSumMatchesNumpyBitForBit() throws {
        for c in try Fixture.cases("sum") {
            let rows = try Fixture.int(c, "rows"), cols = try Fixture.int(c, "cols")
            let s = try poolMatrix(rows, cols).sum()
            let expected = try Fixture.double(c, "sum")
            XCTAssertTrue(sameBits(s, expected), "sum of \(rows)×\(cols): \(s) vs numpy \(expected)")
        }
    }

    func testSignedZerosNanInfinityAndCancellation() throws {
        for c in try Fixture.cases("sum_special") {
            let m = try Fixture.matrix(c, "M")
            assertBits(m.sumRows(), try Fixture.matrix(c, "sum_rows"), "sumRows of \(m.storage)")
            let expected = try Fixture.double(c, "sum")
            XCTAssertTrue(sameBits(m.sum(), expected), "sum of \(m.storage): \(m.sum()) vs numpy \(expected)")
        }
    }

    func testOrderMattersForThePoolSoTheBitTestsMeanSomething() throws {
        // A left-to-right sum differs from numpy's pairwise one on at least one row.
        var differs = false
        for c in try Fixture.cases("sum_rows") {
            let cols = try Fixture.int(c, "cols")
            let row = try poolMatrix(1, cols).storage
            let naive = row.reduce(0.0, +)
            if !sameBits(naive, try poolMatrix(1, cols).sum()) { differs = true; break }
        }
        XCTAssertTrue(differs)
    }

    func testEmptyRowsSumToZero() {
        XCTAssertEqual(Matrix.zeros(3, 0).sumRows(), Matrix.zeros(3, 1))
        XCTAssertEqual(Matrix.zeros(0, 0).sum(), 0)
    }
}
