import Foundation
import XCTest

import TestSupport
@testable import NumpyPrint

/// Compares single-value layouts with numpy's `format_float_positional` and `format_float_scientific`.
///
/// The cases come from the `floats` section of `print_arrays.json`
/// (`scripts/fixtures/print_arrays.py`), with unique digits, every trim mode,
/// cuts, minimum digits and padding.
final class FloatFormatTests: XCTestCase {
    private struct Fixture: Decodable {
        var floats: [FloatCase]
    }

    private struct FloatCase: Decodable {
        var bits: String
        var precision: Int
        var minDigits: Int
        var trim: String
        var padLeft: Int
        var padRight: Int
        var expDigits: Int
        var positional: String
        var scientific: String
    }

    private func loadCases() throws -> [FloatCase] {
        try Fixtures.require(Fixtures.decode(Fixture.self, "print_arrays.json"), "print_arrays.json").floats
    }

    private func trim(_ code: String) throws -> FloatFormat.Trim {
        let modes: [String: FloatFormat.Trim] = ["k": .keep, ".": .zeros, "0": .leaveOneZero, "-": .pointAndZeros]
        return try XCTUnwrap(modes[code], "unknown trim '\(code)'")
    }

    func testMatchesNumpy() throws {
        let cases = try loadCases()
        XCTAssertGreaterThanOrEqual(cases.count, 200)
        var failures = 0
        for c in cases {
            let x = try XCTUnwrap(double(bits: c.bits))
            let format = FloatFormat(precision: c.precision, minDigits: c.minDigits, trim: try trim(c.trim),
                                     padLeft: c.padLeft, padRight: c.padRight, exponentDigits: c.expDigits)
            let positional = format.positional(x)
            let scientific = format.scientific(x)
            if positional != c.positional || scientific != c.scientific {
                failures += 1
                if failures == 1 {
                    XCTFail("""
                        first mismatch: \(x) (bits \(c.bits)) precision \(c.precision) minDigits \(c.minDigits) \
                        trim '\(c.trim)' padLeft \(c.padLeft) padRight \(c.padRight) expDigits \(c.expDigits)
                        numpy positional  '\(c.positional)'  ours '\(positional)'
                        numpy scientific  '\(c.scientific)'  ours '\(scientific)'
                        """)
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) of \(cases.count) floats differ from numpy")
    }
}
