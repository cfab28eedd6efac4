import XCTest
@testable import NNCore

/// numpy's broadcasting rule and np.maximum / np.minimum's tie and nan rules.
final class MatrixBroadcastingTests: XCTestCase {
    func testShapes() {
        let z = Matrix.zeros(4, 5)
        XCTAssertTrue(Matrix.broadcastShape(z, Matrix.zeros(4, 1))! == (4, 5))
        XCTAssertTrue(Matrix.broadcastShape(Matrix.zeros(1, 5), z)! == (4, 5))
        XCTAssertTrue(Matrix.broadcastShape(Matrix.zeros(4, 1), Matrix.zeros(1, 5))! == (4, 5))
        XCTAssertTrue(Matrix.broadcastShape(Matrix(scalar: 2), z)! == (4, 5))
        XCTAssertNil(Matrix.broadcastShape(z, Matrix.zeros(3, 5)))
        XCTAssertNil(Matrix.broadcastShape(z, Matrix.zeros(5, 4)))
    }

    /// Z = W·A + b: the column b spreads over the columns.
    func testColumnAndRow() {
        let column = Matrix([[10], [20]]), row = Matrix([[1, 2, 3]])
        XCTAssertEqual(Matrix.broadcast(column, row, +), Matrix([[11, 12, 13], [21, 22, 23]]))
        XCTAssertEqual(Matrix.broadcast(Matrix([[1, 2], [3, 4]]), column, +), Matrix([[11, 12], [23, 24]]))
        XCTAssertEqual(Matrix.broadcast(Matrix([[1, 0]]), Matrix([[5, 6]]), Matrix(scalar: -1)) { $0 != 0 ? $1 : $2 },
                       Matrix([[5, -1]]))
    }

    /// np.maximum(0.0, -0.0) is -0.0 and np.maximum(-0.0, 0.0) is 0.0: a tie gives the second; nan wins.
    func testMaximumAndMinimumRules() {
        XCTAssertEqual(Matrix.maximum(0.0, -0.0).sign, .minus)
        XCTAssertEqual(Matrix.maximum(-0.0, 0.0).sign, .plus)
        XCTAssertEqual(Matrix.minimum(0.0, -0.0).sign, .minus)
        XCTAssertEqual(Matrix.minimum(-0.0, 0.0).sign, .plus)
        XCTAssertTrue(Matrix.maximum(.nan, 1).isNaN)
        XCTAssertTrue(Matrix.maximum(1, .nan).isNaN)
        XCTAssertTrue(Matrix.minimum(.nan, 1).isNaN)
    }

    func testSelecting() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.selecting(rows: [1, 0], cols: [2, 2]), Matrix([[6, 6], [3, 3]]))
    }
}
