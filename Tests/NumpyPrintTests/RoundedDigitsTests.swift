import Foundation
import XCTest

@testable import NumpyPrint

/// Checks the printf digits against Dragon4's bignum digits: the same text in every layout numpy uses.
///
/// The cases come from a fixed-seed generator, so debug and release builds
/// check the same doubles: random bit patterns of many magnitudes, short
/// decimals, exact binary fractions (ties at the cut), numbers next to powers
/// of ten (carries) and powers of two (unequal margins).
final class RoundedDigitsTests: XCTestCase {
    /// SplitMix64: a small generator with a fixed seed.
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One of the kinds of double the printer meets, or that stress rounding; the whole range
    /// only now and then, as Dragon4 is slow on very large and very small numbers.
    private func sample(_ g: inout SplitMix) -> Double {
        let sign: Double = Bool.random(using: &g) ? -1 : 1
        let significand = Double(bitPattern: 0x3FF0_0000_0000_0000 | (g.next() >> 12))
        let k = Int.random(in: 0..<100, using: &g)
        switch k {
        case 0:
            return Double(bitPattern: g.next())
        case 1:
            // Tiny and huge, near the ends of the range.
            let e = Bool.random(using: &g) ? Int.random(in: -1074 ... -1000, using: &g) : Int.random(in: 1000...1023, using: &g)
            return sign * significand * twoTo(e)
        case 2...10:
            // A power of two, or next to one.
            let x = twoTo(k == 2 ? Int.random(in: -1074...1023, using: &g) : Int.random(in: -100...100, using: &g))
            return sign * [x, x.nextUp, x.nextDown][Int.random(in: 0..<3, using: &g)]
        case 11...40:
            // Any mantissa, |x| between 2⁻⁶⁰ and 2⁶⁰.
            return sign * significand * twoTo(Int.random(in: -60...60, using: &g))
        case 41...70:
            // A short decimal: ties and short unique digits.
            let digits = Double(Int.random(in: 0...99_999_999, using: &g))
            return sign * digits / pow10(Int.random(in: 0...16, using: &g))
        case 71...85:
            // An exact binary fraction: exact ties at many cuts.
            let k = Double(Int.random(in: 0...(1 << 20), using: &g))
            return sign * k / twoTo(Int.random(in: 0...30, using: &g))
        default:
            // Next to a power of ten: carries.
            var x = pow10(Int.random(in: -20...20, using: &g))
            for _ in 0..<Int.random(in: 0...3, using: &g) { x = x.nextDown }
            for _ in 0..<Int.random(in: 0...1, using: &g) { x = x.nextUp }
            return sign * x * (Bool.random(using: &g) ? 1 : 9.9999999)
        }
    }

    private func twoTo(_ k: Int) -> Double {
        Double(sign: .plus, exponent: k, significand: 1)
    }

    private func pow10(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<k.magnitude { p *= 10 }
        return k >= 0 ? p : 1 / p
    }

    /// A layout the printer uses (or that stresses a rule), with `precision` digits.
    private func format(_ g: inout SplitMix, precision: Int) -> FloatFormat {
        let trims: [FloatFormat.Trim] = [.keep, .zeros, .leaveOneZero, .pointAndZeros]
        let minDigits = [-1, -1, 0, precision, Int.random(in: 0...17, using: &g)][Int.random(in: 0..<5, using: &g)]
        let cut = Int.random(in: 0..<6, using: &g) == 0 ? -1 : precision
        return FloatFormat(precision: cut, minDigits: minDigits, trim: trims[Int.random(in: 0..<4, using: &g)],
                           padLeft: Int.random(in: -1...3, using: &g), padRight: Int.random(in: -1...12, using: &g),
                           exponentDigits: Int.random(in: -1...3, using: &g))
    }

    /// Cases per run (about 100 µs each in a debug build); `ROUNDED_DIGITS_CASES` asks for more.
    static let textCases = ProcessInfo.processInfo.environment["ROUNDED_DIGITS_CASES"].flatMap { Int($0) } ?? 20_000

    func testSameTextAsDragon4() {
        var g = SplitMix(state: 20_240_601)
        var fast = 0, mismatches = 0
        for _ in 0..<Self.textCases {
            let x = sample(&g)
            guard x.isFinite else { continue }
            let f = format(&g, precision: Int.random(in: 0...17, using: &g))
            let scientific = Bool.random(using: &g)
            let mode: Dragon4.CutoffMode = scientific ? .totalLength : .fractionLength
            let cutoffMax = scientific ? (f.precision < 0 ? -1 : f.precision + 1) : f.precision
            let cutoffMin = scientific ? (f.minDigits < 0 ? -1 : f.minDigits + 1) : f.minDigits
            let exact = Dragon4(magnitudeOf: x, mode: mode, cutoffMax: cutoffMax, cutoffMin: cutoffMin)
            let ours = scientific ? f.scientific(x) : f.positional(x)
            let theirs = scientific ? f.scientific(x, digits: exact) : f.positional(x, digits: exact)
            let zeros: RoundedDigits.Zeros = f.trim == .keep ? .padded
                : (scientific && f.trim == .pointAndZeros ? .counted : .hidden)
            if RoundedDigits.digits(magnitudeOf: x, mode: mode, cutoffMax: cutoffMax, cutoffMin: cutoffMin,
                                    zeros: zeros) != nil {
                fast += 1
            }
            if ours != theirs {
                mismatches += 1
                if mismatches <= 5 {
                    XCTFail("\(x) (bits \(String(x.bitPattern, radix: 16))) \(scientific ? "scientific" : "positional") "
                            + "\(f): printf '\(ours)', Dragon4 '\(theirs)'")
                }
            }
        }
        XCTAssertEqual(mismatches, 0)
        // Most cases must take the printf digits, or the test checks little.
        XCTAssertGreaterThan(fast, Self.textCases / 2)
    }

    func testDigitsAreDragon4sWithoutTrailingZeros() {
        var g = SplitMix(state: 7)
        for _ in 0..<Self.textCases / 4 {
            let x = sample(&g)
            guard x.isFinite else { continue }
            let precision = Int.random(in: -1...17, using: &g)
            for mode in [Dragon4.CutoffMode.totalLength, .fractionLength] {
                let cutoffMax = mode == .totalLength && precision == 0 ? 1 : precision
                guard let d = RoundedDigits.digits(magnitudeOf: x, mode: mode, cutoffMax: cutoffMax, cutoffMin: -1,
                                                   zeros: .hidden) else { continue }
                var exact = Dragon4(magnitudeOf: x, mode: mode, cutoffMax: cutoffMax, cutoffMin: -1)
                while exact.digits.count > 1 && exact.digits.last == 0 { exact.digits.removeLast() }
                XCTAssertEqual(d.digits, exact.digits, "\(x) \(mode) cut \(cutoffMax)")
                XCTAssertEqual(d.exponent, exact.exponent, "\(x) \(mode) cut \(cutoffMax)")
            }
        }
    }

    func testIntegerRoundingIsPrintfs() {
        var g = SplitMix(state: 99)
        var compared = 0
        for _ in 0..<100_000 {
            let v = sample(&g).magnitude
            guard v.isNormal else { continue }
            let n = Int.random(in: 1...15, using: &g)
            if let ours = RoundedDigits.integerScientific(v, significant: n) {
                let printf = RoundedDigits.scientificDigits(v, significant: n)
                XCTAssertEqual(ours.digits, printf?.digits, "\(v) to \(n) digits")
                XCTAssertEqual(ours.exponent, printf?.exponent, "\(v) to \(n) digits")
                compared += 1
            }
            let p = Int.random(in: 0...15, using: &g)
            if let ours = RoundedDigits.integerPositional(v, fractionDigits: p) {
                let printf = RoundedDigits.positionalDigits(v, fractionDigits: p)
                XCTAssertEqual(ours.digits, printf?.digits, "\(v) at \(p) places")
                XCTAssertEqual(ours.exponent, printf?.exponent, "\(v) at \(p) places")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 100_000)
    }

    func testTiesRoundToEvenAndCarriesAddADigit() {
        let f = FloatFormat(precision: 2, trim: .zeros)
        XCTAssertEqual(f.positional(0.125), "0.12")
        XCTAssertEqual(f.positional(0.375), "0.38")
        XCTAssertEqual(f.positional(9.999), "10.")
        XCTAssertEqual(FloatFormat(precision: 0, trim: .zeros).positional(2.5), "2.")
        XCTAssertEqual(FloatFormat(precision: 0, trim: .zeros).positional(3.5), "4.")
        XCTAssertEqual(f.scientific(9.996e-5), "1.e-04")
        XCTAssertEqual(f.scientific(1.125), "1.12e+00")
    }
}
