import Foundation
import NNCore
import XCTest

import TestSupport
@testable import NumpyPrint

/// Compares `ArrayFormatter` with numpy's own text, character for character.
///
/// The fixture comes from `scripts/fixtures/print_arrays.py` (numpy's
/// `str(array)` and `str(np.float64(x))`); elements travel as exact bit patterns.
final class ArrayFormatterTests: XCTestCase {
    private struct Fixture: Decodable {
        var numpy: String
        var arrays: [ArrayCase]
        var scalars: [ScalarCase]
    }

    private struct ArrayCase: Decodable {
        var name: String
        var rows: Int
        var cols: Int
        var bits: [String]
        var precision: Int
        var linewidth: Int
        var expected: String
    }

    private struct ScalarCase: Decodable {
        var bits: String
        var repr: String
        var expected: String
    }

    private static let fixture = Fixtures.decode(Fixture.self, "print_arrays.json")

    private func loadFixture() throws -> Fixture {
        try Fixtures.require(Self.fixture, "print_arrays.json")
    }

    private func double(_ hex: String) throws -> Double {
        try XCTUnwrap(TestSupport.double(bits: hex), "bad bit pattern \(hex)")
    }

    func testFixtureIsLargeEnough() throws {
        let fixture = try loadFixture()
        XCTAssertGreaterThanOrEqual(fixture.arrays.count, 250)
        XCTAssertGreaterThanOrEqual(fixture.scalars.count, 100)
        XCTAssertTrue(fixture.numpy.hasPrefix("2."), "fixture made with numpy \(fixture.numpy)")
    }

    func testArraysMatchNumpy() throws {
        let fixture = try loadFixture()
        var failures = 0
        for c in fixture.arrays {
            let m = Matrix(rows: c.rows, cols: c.cols, storage: try c.bits.map(double))
            let got = ArrayFormatter(precision: c.precision, lineWidth: c.linewidth).format(m)
            if got != c.expected {
                failures += 1
                if failures == 1 {
                    XCTFail("""
                        first mismatch: \(c.name) (\(c.rows)×\(c.cols), precision \(c.precision), \
                        linewidth \(c.linewidth))
                        values: \(m.storage.prefix(40).map { "\($0)" }.joined(separator: ", "))
                        numpy:
                        \(c.expected)
                        ours:
                        \(got)
                        """)
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) of \(fixture.arrays.count) arrays differ from numpy")
    }

    func testScalarsMatchNumpy() throws {
        let fixture = try loadFixture()
        var failures = 0
        for c in fixture.scalars {
            let got = ArrayFormatter().formatScalar(try double(c.bits))
            if got != c.expected {
                failures += 1
                if failures == 1 {
                    XCTFail("first mismatch: \(c.repr) (bits \(c.bits)): numpy \(c.expected), ours \(got)")
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) of \(fixture.scalars.count) scalars differ from numpy")
    }

    func testDefaultsAreNumpys() {
        let f = ArrayFormatter()
        XCTAssertEqual(f.precision, 8)
        XCTAssertEqual(f.lineWidth, 75)
        XCTAssertEqual(f.threshold, 1000)
        XCTAssertEqual(f.edgeItems, 3)
    }

    // MARK: - Print options (scripts/fixtures/print_options.py)

    private struct OptionsFixture: Decodable {
        struct Stored: Decodable {
            var name: String
            var rows: Int
            var cols: Int
            var bits: [String]
        }
        struct Case: Decodable {
            var matrix: String
            var precision: Int
            var linewidth: Int
            var threshold: Int
            var edgeitems: Int
            var expected: String
        }
        var numpy: String
        var matrices: [Stored]
        var cases: [Case]
    }

    private static let options = Fixtures.decode(OptionsFixture.self, "print_options.json")

    /// np.printoptions(linewidth=, threshold=, edgeitems=) over shapes from a row of 12 to 4×400.
    func testLineWidthsAndSummariesMatchNumpy() throws {
        let fixture = try Fixtures.require(Self.options, "print_options.json")
        var matrices: [String: Matrix] = [:]
        for stored in fixture.matrices {
            matrices[stored.name] = Matrix(rows: stored.rows, cols: stored.cols, storage: try stored.bits.map(double))
        }
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 300)
        var failures = 0
        for c in fixture.cases {
            let m = try XCTUnwrap(matrices[c.matrix], c.matrix)
            let formatter = ArrayFormatter(precision: c.precision, lineWidth: c.linewidth,
                                           threshold: c.threshold, edgeItems: c.edgeitems)
            let got = formatter.format(m)
            if got != c.expected {
                failures += 1
                if failures <= 3 {
                    XCTFail("""
                        \(c.matrix) at linewidth \(c.linewidth), threshold \(c.threshold), edgeitems \(c.edgeitems), \
                        precision \(c.precision):
                        numpy:
                        \(c.expected)
                        ours:
                        \(got)
                        """)
                }
            }
            for line in got.split(separator: "\n") where c.linewidth >= 20 {
                XCTAssertLessThanOrEqual(line.count, c.linewidth, "\(c.matrix) at linewidth \(c.linewidth)")
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) of \(fixture.cases.count) cases differ from numpy")
    }
}
