import XCTest

@testable import NumpyPrint

/// Checks the exact integer arithmetic through identities that need no outside numbers.
///
/// ```
/// 2^a · 2^b = 2^(a+b),   10^n = 10 · 10^(n−1),   (a + b) − b = a
/// ```
final class BigNaturalTests: XCTestCase {
    func testShiftsAreMultiplicationsByTwo() {
        var shifted = BigNatural(3)
        shifted.shiftLeft(by: 100)
        var doubled = BigNatural(3)
        for _ in 0..<100 { doubled.multiply(by: 2) }
        XCTAssertEqual(shifted, doubled)
        var p = BigNatural.powerOfTwo(37)
        p.shiftLeft(by: 64)
        XCTAssertEqual(p, BigNatural.powerOfTwo(101))
    }

    func testPowersOfTenMatchRepeatedTens() {
        for n in [0, 1, 8, 9, 10, 18, 19, 100, 341] {
            var fast = BigNatural(7)
            fast.multiply(byPowerOfTen: n)
            var slow = BigNatural(7)
            for _ in 0..<n { slow.multiply(by: 10) }
            XCTAssertEqual(fast, slow, "7 · 10^\(n)")
        }
    }

    func testSmallValuesAgreeWithUInt64() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let a = generator.next() >> 2, b = generator.next() >> 2
            XCTAssertEqual(BigNatural(a) + BigNatural(b), BigNatural(a + b))
            XCTAssertEqual(BigNatural(a) < BigNatural(b), a < b)
            var difference = BigNatural(max(a, b))
            difference.subtract(BigNatural(min(a, b)))
            XCTAssertEqual(difference, BigNatural(max(a, b) - min(a, b)))
        }
    }

    func testAdditionUndoneBySubtraction() {
        var a = BigNatural(123_456_789)
        a.multiply(byPowerOfTen: 200)
        var b = BigNatural.powerOfTwo(500)
        b.multiply(by: 99)
        var sum = a + b
        sum.subtract(b)
        XCTAssertEqual(sum, a)
        XCTAssertTrue((a + b) > a)
    }

    func testDivideDigitLeavesRemainder() {
        var divisor = BigNatural.powerOfTwo(300)
        divisor.multiply(by: 3)
        for q in 0...9 {
            var value = BigNatural(0)
            for _ in 0..<q { value = value + divisor }
            value = value + BigNatural(17)
            XCTAssertEqual(value.divideDigit(by: divisor), q)
            XCTAssertEqual(value, BigNatural(17))
        }
    }
}
