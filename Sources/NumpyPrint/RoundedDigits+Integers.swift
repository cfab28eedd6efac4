import Glibc

/// The correctly rounded digits in 128-bit integer arithmetic: the usual case, without printf.
///
/// ```
/// v = m · 2^q:   N = round(v · 10^s) = round(m · 10^s · 2^q)   (ties to even)
/// ```
///
/// Every product and quotient is exact, so `N`'s last digit is rounded as
/// printf (and, within 15 digits, Dragon4) rounds it. Scales out of 128 bits give nil.
extension RoundedDigits {
    /// The rounding of v > 0 (normal) to `n` ≤ 15 significant digits.
    ///
    /// ```
    /// e = ⌊log₁₀ v⌋,   s = n − 1 − e,   10^(n−1) ≤ ⌊v · 10^s⌋ < 10^n
    /// ```
    static func integerScientific(_ v: Double, significant n: Int) -> Dragon4? {
        // 1. log₁₀ may be off by one next to a power of ten; the truncated N says which way.
        var e = Int(log10(v).rounded(.down))
        for _ in 0..<3 {
            guard let scaled = scaledRounding(v, by: n - 1 - e) else { return nil }
            if scaled.truncated < powersOfTen[n - 1] {
                e -= 1
            } else if scaled.truncated >= powersOfTen[n] {
                e += 1
            } else {
                // 2. A carry makes N = 10^n: the digit "1", one place up.
                return digits(of: scaled.rounded, exponent: e + (scaled.rounded == powersOfTen[n] ? 1 : 0))
            }
        }
        return nil
    }

    /// The rounding of v > 0 (normal) at `p` digits after the point, when that keeps 1…15 digits.
    static func integerPositional(_ v: Double, fractionDigits p: Int) -> Dragon4? {
        guard let scaled = scaledRounding(v, by: p), scaled.rounded > 0, scaled.rounded <= powersOfTen[safeDigits] else {
            return nil
        }
        let count = decimalCount(scaled.rounded)
        return digits(of: scaled.rounded, exponent: count - 1 - p)
    }
}

// MARK: - Exact scaling

extension RoundedDigits {
    /// ⌊v · 10^s⌋ and its rounding to the nearest integer, ties to even (nil when out of 128 bits).
    private static func scaledRounding(_ v: Double, by s: Int) -> (truncated: UInt128, rounded: UInt128)? {
        let m = UInt128(v.significandBitPattern | (1 << 52))
        let q = Int(v.exponentBitPattern) - 1075
        var numerator = m, denominator = UInt128(1)
        if s >= 0 {
            guard s < powersOfTen.count else { return nil }
            numerator = m * powersOfTen[s]  // m < 2⁵³, 10²² < 2⁷⁴
        } else {
            guard -s < powersOfTen.count else { return nil }
            denominator = powersOfTen[-s]
        }
        if q >= 0 {
            guard q < numerator.leadingZeroBitCount else { return nil }
            numerator <<= q
        } else if denominator == 1 {
            // 3. Dividing by a power of two is a shift; the bits shifted out decide the rounding.
            let k = -q
            guard k < 128 else { return nil }
            let truncated = numerator >> k
            let remainder = numerator & ((UInt128(1) << k) - 1)
            let half = UInt128(1) << (k - 1)
            let up = remainder > half || (remainder == half && truncated & 1 == 1)
            return (truncated, truncated + (up ? 1 : 0))
        } else {
            guard -q < denominator.leadingZeroBitCount else { return nil }
            denominator <<= -q
        }
        let (truncated, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let twice = remainder << 1  // remainder < denominator < 2¹²⁷
        let up = twice > denominator || (twice == denominator && truncated & 1 == 1)
        return (truncated, truncated + (up ? 1 : 0))
    }

    /// 10⁰ … 10²².
    private static let powersOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// How many decimal digits `n` > 0 has.
    private static func decimalCount(_ n: UInt128) -> Int {
        var count = 1
        while count < powersOfTen.count && n >= powersOfTen[count] { count += 1 }
        return count
    }

    /// The decimal digits of `n` > 0 without trailing zeros, the first of weight 10^exponent.
    private static func digits(of n: UInt128, exponent: Int) -> Dragon4? {
        guard n > 0, n < UInt128(UInt64.max) else { return nil }
        var rest = UInt64(n)
        while rest % 10 == 0 { rest /= 10 }
        var digits = [UInt8](repeating: 0, count: decimalCount(UInt128(rest)))
        var k = digits.count - 1
        while rest > 0 {
            digits[k] = UInt8(rest % 10)
            rest /= 10
            k -= 1
        }
        return Dragon4(digits: digits, exponent: exponent)
    }
}
