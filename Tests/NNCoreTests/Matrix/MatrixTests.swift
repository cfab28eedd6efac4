import TestSupport
import XCTest
@testable import NNCore

/// Matrix shape, products, broadcasts and transposes against numpy.
final class MatrixTests: XCTestCase {
    // MARK: - Shape and elements

    func testNestedInitIsRowMajor() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.rows, 2)
        XCTAssertEqual(m.cols, 3)
        XCTAssertEqual(m.storage, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(m[1, 0], 4)
        XCTAssertEqual(Matrix.zeros(2, 3).storage, [Double](repeating: 0, count: 6))
        XCTAssertEqual(Matrix.ones(1, 2).storage, [1, 1])
        XCTAssertEqual(Matrix(scalar: 7).shape.rows, 1)
    }

    func testFirstNonFinite() {
        let m = Matrix([[1, 2], [.nan, .infinity]])
        XCTAssertFalse(m.isFinite)
        XCTAssertEqual(m.firstNonFinite?.row, 1)
        XCTAssertEqual(m.firstNonFinite?.col, 0)
        XCTAssertNil(Matrix.ones(2, 2).firstNonFinite)
    }

    // MARK: - Products

    /// `dot(A, B)` in each transpose case, through both the loop and BLIS, within
    /// `propagationTolerance` of numpy's `np.dot` (numpy's OpenBLAS adds in
    /// another order, so bits may differ).
    func testDotMatchesNumpyInEveryTransposeCaseOnBothPaths() throws {
        var below = 0, above = 0
        for c in try Fixture.cases("dot") {
            let a = try Fixture.matrix(c, "A"), b = try Fixture.matrix(c, "B")
            let expected = try Fixture.matrix(c, "C")
            let work = a.rows * a.cols * b.cols
            if work < Matrix.blasThreshold { below += 1 } else { above += 1 }
            let name = "\(a.rows)×\(a.cols)·\(b.rows)×\(b.cols)"
            let loop = Matrix.loopProduct(a, b)
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let x = ta ? a.T : a, y = tb ? b.T : b
                let what = "\(name) transposeA: \(ta) transposeB: \(tb)"
                assertClose(Matrix.dot(x, y, transposeA: ta, transposeB: tb), expected, "dot " + what)
                assertClose(Matrix.blasProduct(x, y, transposeA: ta, transposeB: tb), expected, "BLIS " + what)
                // Every loop nesting adds in the same order, so the loop's bits never depend on it.
                assertBits(Matrix.loopProduct(x, y, transposeA: ta, transposeB: tb), loop, "loop " + what)
            }
            assertClose(loop, expected, "loop " + name)
        }
        XCTAssertGreaterThan(below, 3, "shapes below the BLAS threshold")
        XCTAssertGreaterThan(above, 3, "shapes above the BLAS threshold")
    }

    /// The loop adds with fused multiply-adds in the order of OpenBLAS's dgemm
    /// kernels, so where numpy calls dgemm (both outer sizes ≥ 2) and k is small
    /// (no blocking along k) it reproduces np.dot of the fixture bit for bit.
    func testLoopProductEqualsNumpysDgemmBitForBit() throws {
        var checked = 0
        for c in try Fixture.cases("dot") {
            let a = try Fixture.matrix(c, "A"), b = try Fixture.matrix(c, "B")
            guard a.rows >= 2 && b.cols >= 2 && a.cols <= 40 else { continue }
            assertBits(Matrix.loopProduct(a, b), try Fixture.matrix(c, "C"),
                       "loop \(a.rows)×\(a.cols)·\(b.rows)×\(b.cols)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 8)
    }

    func testDotWithAnEmptyInnerSizeIsZero() {
        let a = Matrix.zeros(3, 0), b = Matrix.zeros(0, 2)
        XCTAssertEqual(Matrix.dot(a, b), Matrix.zeros(3, 2))
        XCTAssertEqual(Matrix.blasProduct(a, b), Matrix.zeros(3, 2))
    }

    // MARK: - Broadcasts and transposes

    func testAddingColumnMatchesNumpyBitForBit() throws {
        for c in try Fixture.cases("adding_column") {
            let m = try Fixture.matrix(c, "M"), b = try Fixture.matrix(c, "b")
            assertBits(m.addingColumn(b), try Fixture.matrix(c, "sum"), "M + b for \(m.rows)×\(m.cols)")
        }
    }

    func testTransposeMovesEveryElementExactly() throws {
        for c in try Fixture.cases("transpose") {
            let m = try Fixture.matrix(c, "M")
            let t = m.T
            XCTAssertEqual(t.rows, m.cols)
            XCTAssertEqual(t.cols, m.rows)
            for i in 0..<m.rows {
                for j in 0..<m.cols { XCTAssertTrue(sameBits(t[j, i], m[i, j])) }
            }
            XCTAssertEqual(t.T, m)
        }
    }

    func testElementWiseOperations() {
        let a = Matrix([[1, -2], [3, 0.5]]), b = Matrix([[2, 4], [-1, 0.25]])
        XCTAssertEqual((a + b).storage, [3, 2, 2, 0.75])
        XCTAssertEqual((a - b).storage, [-1, -6, 4, 0.25])
        XCTAssertEqual((a * b).storage, [2, -8, -3, 0.125])
        XCTAssertEqual((a / b).storage, [0.5, -0.5, -3, 2])
        XCTAssertEqual((2 * a).storage, [2, -4, 6, 1])
        XCTAssertEqual((1 - a).storage, [0, 3, -2, 0.5])
        XCTAssertEqual(a.maxAbs(), 3)
    }
}
