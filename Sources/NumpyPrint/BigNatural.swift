/// An arbitrary-size natural number, as the exact arithmetic behind float printing needs.
///
/// A Double is `mantissa · 2^e`; printing it exactly means comparing and
/// dividing numbers as large as 2^1076 · 10^324, far beyond UInt64.
///
/// ```
/// value = Σ limbs[k] · 2^(32k),   limbs.last != 0 (zero has no limbs)
/// ```
struct BigNatural: Comparable {
    /// Base-2^32 digits, least significant first, without leading zero limbs.
    private(set) var limbs: [UInt32]

    /// The number `value`.
    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    /// 2^exponent.
    static func powerOfTwo(_ exponent: Int) -> BigNatural {
        precondition(exponent >= 0, "BigNatural: negative power of two \(exponent)")
        var result = BigNatural(1)
        result.shiftLeft(by: exponent)
        return result
    }

    private mutating func trim() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }
}

// MARK: - Queries

extension BigNatural {
    var isZero: Bool { limbs.isEmpty }

    static func < (lhs: BigNatural, rhs: BigNatural) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// −1, 0 or +1 as `lhs` is below, equal to or above `rhs`.
    static func compare(_ lhs: BigNatural, _ rhs: BigNatural) -> Int {
        if lhs.limbs.count != rhs.limbs.count {
            return lhs.limbs.count < rhs.limbs.count ? -1 : 1
        }
        var k = lhs.limbs.count - 1
        while k >= 0 {
            if lhs.limbs[k] != rhs.limbs[k] { return lhs.limbs[k] < rhs.limbs[k] ? -1 : 1 }
            k -= 1
        }
        return 0
    }
}

// MARK: - Arithmetic

extension BigNatural {
    /// `lhs + rhs`.
    static func + (lhs: BigNatural, rhs: BigNatural) -> BigNatural {
        var result = lhs
        if result.limbs.count < rhs.limbs.count {
            result.limbs.append(contentsOf: repeatElement(0, count: rhs.limbs.count - result.limbs.count))
        }
        var carry: UInt64 = 0
        for k in 0..<result.limbs.count {
            let sum = UInt64(result.limbs[k]) + (k < rhs.limbs.count ? UInt64(rhs.limbs[k]) : 0) + carry
            result.limbs[k] = UInt32(truncatingIfNeeded: sum)
            carry = sum >> 32
        }
        if carry != 0 { result.limbs.append(UInt32(carry)) }
        return result
    }

    /// `self ← self · factor`.
    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for k in 0..<limbs.count {
            let product = UInt64(limbs[k]) * UInt64(factor) + carry
            limbs[k] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        trim()
    }

    /// `self ← self · 10^exponent`.
    mutating func multiply(byPowerOfTen exponent: Int) {
        precondition(exponent >= 0, "BigNatural: negative power of ten \(exponent)")
        var left = exponent
        while left >= 9 {
            multiply(by: 1_000_000_000)
            left -= 9
        }
        var rest: UInt32 = 1
        for _ in 0..<left { rest *= 10 }
        if rest != 1 { multiply(by: rest) }
    }

    /// `self ← self · 2^shift`.
    mutating func shiftLeft(by shift: Int) {
        precondition(shift >= 0, "BigNatural: negative shift \(shift)")
        guard !isZero, shift > 0 else { return }
        let whole = shift / 32, bits = UInt32(shift % 32)
        if bits != 0 {
            var carry: UInt32 = 0
            for k in 0..<limbs.count {
                let limb = limbs[k]
                limbs[k] = (limb << bits) | carry
                carry = limb >> (32 - bits)
            }
            if carry != 0 { limbs.append(carry) }
        }
        if whole > 0 { limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0) }
    }

    /// `self ← self − rhs`; requires `self ≥ rhs`.
    mutating func subtract(_ rhs: BigNatural) {
        precondition(self >= rhs, "BigNatural: subtraction below zero")
        var borrow: Int64 = 0
        for k in 0..<limbs.count {
            var difference = Int64(limbs[k]) - (k < rhs.limbs.count ? Int64(rhs.limbs[k]) : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            }
            limbs[k] = UInt32(difference)
        }
        trim()
    }

    /// The quotient `⌊self / divisor⌋` when it is a single decimal digit; `self` becomes the remainder.
    ///
    /// ```
    /// q = ⌊v / s⌋ ∈ 0…9,   v ← v − q·s
    /// ```
    mutating func divideDigit(by divisor: BigNatural) -> Int {
        var quotient = 0
        while self >= divisor {
            subtract(divisor)
            quotient += 1
        }
        precondition(quotient <= 9, "BigNatural: quotient \(quotient) is not one digit")
        return quotient
    }
}
