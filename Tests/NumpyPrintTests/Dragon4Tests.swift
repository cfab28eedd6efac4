import XCTest

@testable import NumpyPrint

/// Checks Dragon4's unique digits against Swift's own shortest round-trip printer.
///
/// Both print the shortest digit string that reads back as the same Double,
/// choosing the closest one on ties, so their digits and exponents must agree:
///
/// ```
/// Double("0.d₁…dₙe(exponent+1)") == x
/// ```
final class Dragon4Tests: XCTestCase {
    /// The digits and the exponent of the first digit from Swift's `description`, e.g. "1.5e-05" ↦ ([1, 5], −5).
    private func swiftDigits(_ x: Double) -> (digits: [UInt8], exponent: Int) {
        var text = x.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = (whole + fraction).map { UInt8(($0.asciiValue ?? 48) - 48) }
        exponent += whole.count - 1
        while digits.first == 0 && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.last == 0 && digits.count > 1 { digits.removeLast() }
        return (digits, exponent)
    }

    private func check(_ x: Double, file: StaticString = #filePath, line: UInt = #line) {
        let d = Dragon4(magnitudeOf: x, mode: .totalLength, cutoffMax: -1, cutoffMin: -1)
        let s = swiftDigits(x)
        XCTAssertEqual(d.digits, s.digits, "digits of \(x)", file: file, line: line)
        XCTAssertEqual(d.exponent, s.exponent, "exponent of \(x)", file: file, line: line)
    }

    func testBoundaries() {
        for x in [1.0, 0.1, 0.5, 2.675, 1e-5, 1e8, 1e16, 1e22, 1e23, 5e-324, 2.2250738585072014e-308,
                  2.225073858507201e-308, .greatestFiniteMagnitude, 0.30000000000000004, 9007199254740992.0] {
            check(x)
        }
        for k in -1074...1023 { check(Double(sign: .plus, exponent: k, significand: 1)) }
        for k in -300...300 {
            let p = Double("1e\(k)") ?? 0
            check(p)
            check(p.nextUp)
            check(p.nextDown)
        }
    }

    func testRandomBitPatterns() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let x = Double(bitPattern: generator.next() & ~(UInt64(1) << 63))
            if x.isFinite && x != 0 { check(x) }
        }
    }

    func testZeroIsOneZeroDigit() {
        let d = Dragon4(magnitudeOf: 0, mode: .fractionLength, cutoffMax: 8, cutoffMin: 0)
        XCTAssertEqual(d.digits, [0])
        XCTAssertEqual(d.exponent, 0)
    }
}
