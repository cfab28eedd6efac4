import XCTest
@testable import NNCore

/// numpy's reductions; the numbers are numpy 2.4's results for the same inputs.
final class MatrixReductionsTests: XCTestCase {
    /// [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16] sums to 6 in numpy's pairwise order (0 left to right),
    /// as a row along axis 1 and as a single column down axis 0.
    func testSumsFollowNumpysOrder() {
        let v: [Double] = [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16]
        let row = Matrix(rows: 1, cols: 9, storage: v), column = Matrix(rows: 9, cols: 1, storage: v)
        XCTAssertEqual(row.sum(axis: 1, keepdims: false), Matrix([[6]]))
        XCTAssertEqual(column.sum(axis: 0, keepdims: false), Matrix([[6]]))
        XCTAssertEqual(column.sum(axis: nil, keepdims: false), Matrix([[6]]))
        // down the columns of a wider matrix numpy adds row after row: (1e16 + 1) + … loses every 1
        let wide = Matrix(rows: 9, cols: 2, storage: v.flatMap { [$0, $0] })
        XCTAssertEqual(wide.sum(axis: 0, keepdims: true), Matrix([[0, 0]]))
    }

    func testShapesOfEachAxis() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.sum(axis: 1, keepdims: true), Matrix([[6], [15]]))
        XCTAssertEqual(m.sum(axis: 1, keepdims: false), Matrix([[6, 15]]))   // numpy's (2,), as a row
        XCTAssertEqual(m.sum(axis: 0, keepdims: false), Matrix([[5, 7, 9]]))
        XCTAssertEqual(m.mean(axis: nil, keepdims: false), Matrix([[3.5]]))
        XCTAssertEqual(m.extreme(largest: true, axis: 0, keepdims: true), Matrix([[4, 5, 6]]))
        XCTAssertEqual(m.extreme(largest: false, axis: 1, keepdims: true), Matrix([[1], [4]]))
        XCTAssertEqual(Matrix([[3, 4], [6, 8]]).norm(axis: 1, keepdims: false), Matrix([[5, 10]]))
        XCTAssertEqual(Matrix([[3, 4]]).norm(axis: nil, keepdims: false), Matrix([[5]]))
    }

    /// np.max([1, nan, 3]) is nan.
    func testNanWinsMaxAndMin() {
        XCTAssertTrue(Matrix([[1, .nan, 3]]).extreme(largest: true, axis: nil, keepdims: false)[0, 0].isNaN)
        XCTAssertTrue(Matrix([[1, .nan, 3]]).extreme(largest: false, axis: 1, keepdims: true)[0, 0].isNaN)
    }
}
