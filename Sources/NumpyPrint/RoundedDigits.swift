import Glibc

/// Dragon4's digits without bignums: the exact binary value correctly rounded (ties to even)
/// in 128-bit integers, or by C's `printf` where those do not reach.
///
/// For a normal Double the gap to its neighbours is below half a unit of the
/// 15th significant digit, so wherever at most 15 digits are kept Dragon4's
/// digits are the correctly rounded ones:
///
/// ```
/// v = m · 2^e, 2⁵² ≤ m < 2⁵³:   μ⁻ + μ⁺ ≤ ulp ≤ 2⁻⁵² · v < 10⁻¹⁴ · 10^⌊log₁₀ v⌋
/// ```
///
/// Shortest digits are the first rounding of 15, 16 or 17 digits that reads
/// back as the same Double. The results drop trailing zeros; `FloatFormat`
/// trims or pads them anyway. `nil` means "ask Dragon4".
enum RoundedDigits {
    /// The most significant digits for which the argument above holds.
    static let safeDigits = 15
}

// MARK: - Choosing

extension RoundedDigits {
    /// How the caller shows Dragon4's trailing zeros, which the printf digits drop.
    enum Zeros {
        /// Trimmed: they never show.
        case hidden
        /// Kept (`trim = .keep`) and padded up to `cutoffMin`.
        case padded
        /// Trimmed, but whether any digit follows the first decides the point (scientific, `trim = .pointAndZeros`).
        case counted
    }

    /// `Dragon4(magnitudeOf: x, mode:, cutoffMax:, cutoffMin:)` without trailing zeros, or nil when printf's might differ.
    ///
    /// Dragon4 leaves trailing zeros where the cut or `cutoffMin` ends its digits
    /// (fewer after a carry), so the printf digits stand in only where `zeros` hides them.
    static func digits(magnitudeOf x: Double, mode: Dragon4.CutoffMode, cutoffMax: Int, cutoffMin: Int,
                       zeros: Zeros) -> Dragon4? {
        let cutAllowed: Bool, shortestAllowed: Bool
        switch zeros {
        case .hidden:
            cutAllowed = true
            shortestAllowed = true
        case .padded:
            cutAllowed = cutoffMin >= cutoffMax
            shortestAllowed = true
        case .counted:
            cutAllowed = mode == .totalLength && cutoffMax == 1
            shortestAllowed = cutoffMin < 0
        }
        let v = x.magnitude
        guard v.isNormal else { return nil }
        switch mode {
        case .totalLength:
            if cutoffMax >= 1 && cutoffMax <= safeDigits {
                guard cutAllowed else { return nil }
                return integerScientific(v, significant: cutoffMax) ?? scientificDigits(v, significant: cutoffMax)
            }
            guard shortestAllowed, cutoffMax < 0 || cutoffMax > safeDigits, cutoffMin <= safeDigits else { return nil }
            return shortest(v, maxDigits: cutoffMax < 0 ? 17 : cutoffMax)
        case .fractionLength:
            // 1. 10^−p < v < 10^(15−p) gives 1 ≤ n ≤ 15 digits, which also keeps clear of
            //    Dragon4 starting below the first digit (its step 4). Bounds that are not
            //    exact powers of ten are moved a little the safe way.
            let p = cutoffMax
            if p >= 0 && p <= safeDigits && v > powerOfTen(-p) * (1 + 1e-9) && v < powerOfTen(safeDigits - p) {
                guard cutAllowed else { return nil }
                return integerPositional(v, fractionDigits: p) ?? positionalDigits(v, fractionDigits: p)
            }
            // 2. Otherwise shortest digits of at most 15 fit when the cut keeps 16 or more
            //    (n ≥ 16), and digits forced by `cutoffMin` are the zeros after them while
            //    they stay within 15 significant digits.
            guard shortestAllowed, p < 0 || v >= powerOfTen(safeDigits - p) * (1 + 1e-9),
                  cutoffMin < 0 || v < powerOfTen(safeDigits - cutoffMin) * (1 - 1e-9) else { return nil }
            return shortest(v, maxDigits: p < 0 ? 17 : safeDigits)
        }
    }

    /// 10^k as the nearest Double (exact for 0 ≤ k ≤ 22).
    private static func powerOfTen(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<k.magnitude { p *= 10 }
        return k >= 0 ? p : 1 / p
    }
}

// MARK: - Digits

extension RoundedDigits {
    /// Dragon4's unique (shortest round-trip) digits of normal v > 0 when there are at most
    /// `maxDigits`: the first of the 15-, 16- and 17-digit roundings that reads back as v.
    ///
    /// ```
    /// strtod(R_k) = v  ⇔  R_k lies between v's neighbours' midpoints (ties to even on both sides)
    /// ```
    private static func shortest(_ v: Double, maxDigits: Int) -> Dragon4? {
        // 3. With at most 15 digits at most one candidate fits between the midpoints, so the
        //    nearest 15-digit rounding reads back exactly when some ≤ 15-digit string does.
        //    At 16 and 17 digits Dragon4 picks the nearer of the two candidates around v
        //    when both fit, which is again the correct rounding.
        // 4. When v is a power of two its lower midpoint is nearer; a 16-digit rounding that
        //    misses it does not rule out the other 16-digit candidate, so 17 digits are not tried.
        let powerOfTwo = v.significandBitPattern == 0 && v.exponentBitPattern != 1
        let most = min(maxDigits, powerOfTwo ? 16 : 17)
        guard most >= safeDigits else { return nil }
        for n in safeDigits...most {
            if let d = scientificDigits(v, significant: n, requireRoundTrip: true) { return d }
        }
        return nil
    }
}

// MARK: - printf

extension RoundedDigits {
    /// `%.{n−1}e` of v: the n-digit rounding; with `requireRoundTrip`, nil unless it reads back as v.
    static func scientificDigits(_ v: Double, significant n: Int, requireRoundTrip: Bool = false) -> Dragon4? {
        formatted(v, scientific: true, precision: n - 1) { text in
            guard let start = text.baseAddress else { return nil }
            if requireRoundTrip && strtod(start, nil) != v { return nil }
            var digits: [UInt8] = []
            digits.reserveCapacity(n)
            var k = 0
            while k < text.count && text[k] != CChar(UInt8(ascii: "e")) {
                let c = text[k]
                if c >= 48 && c <= 57 { digits.append(UInt8(c - 48)) }
                k += 1
            }
            guard k + 2 < text.count, !digits.isEmpty else { return nil }
            let negative = text[k + 1] == CChar(UInt8(ascii: "-"))
            var exponent = 0
            for c in text[(k + 2)...] where c >= 48 && c <= 57 { exponent = exponent * 10 + Int(c - 48) }
            return normalized(digits, exponent: negative ? -exponent : exponent)
        }
    }

    /// `%.{p}f` of v: the rounding at p digits after the point.
    static func positionalDigits(_ v: Double, fractionDigits p: Int) -> Dragon4? {
        formatted(v, scientific: false, precision: p) { text in
            var digits: [UInt8] = []
            digits.reserveCapacity(text.count)
            var wholeCount = -1
            for c in text {
                if c >= 48 && c <= 57 {
                    digits.append(UInt8(c - 48))
                } else if wholeCount < 0 {
                    wholeCount = digits.count
                }
            }
            if wholeCount < 0 { wholeCount = digits.count }
            guard let first = digits.firstIndex(where: { $0 != 0 }) else { return nil }
            return normalized(Array(digits[first...]), exponent: wholeCount - 1 - first)
        }
    }

    /// The digits without trailing zeros (one digit at least).
    private static func normalized(_ digits: [UInt8], exponent: Int) -> Dragon4 {
        var digits = digits
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return Dragon4(digits: digits, exponent: exponent)
    }

    /// Runs `body` on the NUL-terminated text of `snprintf("%.*e" or "%.*f", precision, v)` (nil when it does not fit).
    private static func formatted(_ v: Double, scientific: Bool, precision: Int,
                                  _ body: (UnsafeBufferPointer<CChar>) -> Dragon4?) -> Dragon4? {
        let capacity = 64
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let count = withVaList([Int32(precision), v]) { args in
                scientific ? vsnprintf(base, capacity, "%.*e", args) : vsnprintf(base, capacity, "%.*f", args)
            }
            guard count > 0 && Int(count) < capacity else { return nil }
            return body(UnsafeBufferPointer(start: base, count: Int(count)))
        }
    }
}
