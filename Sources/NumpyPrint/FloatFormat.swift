/// One Double laid out as numpy's `format_float_positional` / `format_float_scientific` do.
///
/// Both take Dragon4's unique digits, cut at `precision` when it is ≥ 0, then
/// trim and pad:
///
/// ```
/// positional   [pad][-]ddd.ddd[pad]       e.g. " 0.5   "
/// scientific   [pad][-]d.ddde±XX          e.g. "-1.5e-05"
/// ```
package struct FloatFormat {
    /// What happens to trailing zeros and the point (numpy's `trim=`).
    package enum Trim {
        /// `'k'`: keep trailing zeros (and pad with zeros up to `minDigits`).
        case keep
        /// `'.'`: drop trailing zeros, keep the point: `2.`.
        case zeros
        /// `'0'`: drop trailing zeros but keep one after the point: `2.0`.
        case leaveOneZero
        /// `'-'`: drop trailing zeros and a bare point: `2`.
        case pointAndZeros
    }

    /// Digits after the point at most (−1: as many as unique digits need).
    var precision: Int = -1
    /// Digits after the point at least (−1: no minimum).
    var minDigits: Int = -1
    var trim: Trim = .keep
    /// Width of sign plus integer part, padded with spaces on the left (−1: none).
    var padLeft: Int = -1
    /// Positional only: width after the point, padded with spaces on the right (−1: none).
    var padRight: Int = -1
    /// Scientific only: least number of exponent digits (−1: numpy's default of 2).
    var exponentDigits: Int = -1
}

// MARK: - For other modules

extension FloatFormat {
    /// At most `digits` digits after the point, trimmed by `trim`, unpadded.
    package init(digits: Int, trim: Trim) {
        self.init()
        precision = digits
        self.trim = trim
    }
}

// MARK: - Positional

extension FloatFormat {
    /// `x` (finite) as `ddd.ddd`, numpy's `dragon4_positional(..., fractional=True)`.
    package func positional(_ x: Double) -> String {
        positional(x, digits: positionalDigits(x))
    }

    /// The digits `positional` lays out: Dragon4's, cut `precision` places after the point.
    func positionalDigits(_ x: Double) -> Dragon4 {
        digits(of: x, mode: .fractionLength, cutoffMax: precision, cutoffMin: minDigits,
               zeros: trim == .keep ? .padded : .hidden)
    }

    /// `x` laid out from its digits `d`.
    func positional(_ x: Double, digits d: Dragon4) -> String {
        var text: [UInt8] = []
        appendPositional(x, digits: d, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `x` laid out from its digits `d` to `text`.
    func appendPositional(_ x: Double, digits d: Dragon4, to text: inout [UInt8]) {
        let negative = x.sign == .minus
        let wholeCount = d.exponent >= 0 ? d.exponent + 1 : 1
        let f = PositionalFraction(d)
        let fraction = trimmedFraction(count: f.count, lastNonZero: f.lastNonZero)
        let leftWidth = wholeCount + (negative ? 1 : 0)
        if padLeft > leftWidth { text.append(spaces: padLeft - leftWidth) }
        if negative { text.append(UInt8(ascii: "-")) }
        if d.exponent >= 0 {
            for k in 0..<wholeCount { text.append(k < d.digits.count ? zero + d.digits[k] : zero) }
        } else {
            text.append(zero)
        }
        if fraction.hasPoint { text.append(UInt8(ascii: ".")) }
        for k in 0..<fraction.count { text.append(k < f.count ? zero + f[k] : zero) }
        if padRight >= fraction.count {
            // 3. A dropped point still takes its column when padding on the right.
            if trim == .pointAndZeros && fraction.count == 0 { text.append(spaces: 1) }
            text.append(spaces: padRight - fraction.count)
        }
    }

    /// The widths `positional` gives `x` before padding: sign and integer part, and digits after the point.
    func positionalWidths(_ x: Double, digits d: Dragon4) -> (left: Int, right: Int) {
        let f = PositionalFraction(d)
        let wholeCount = d.exponent >= 0 ? d.exponent + 1 : 1
        return (wholeCount + (x.sign == .minus ? 1 : 0), trimmedFraction(count: f.count, lastNonZero: f.lastNonZero).count)
    }

    /// How many digits follow the point after the trim, and whether the point shows.
    ///
    /// The digits are the first ones of the untrimmed fraction, then zeros.
    private func trimmedFraction(count: Int, lastNonZero: Int) -> (count: Int, hasPoint: Bool) {
        switch trim {
        case .keep:
            return (max(count, minDigits), true)
        case .zeros:
            // 2. A cut can leave trailing zeros ("1.0000000" at precision 8); the trim removes them again.
            return (lastNonZero + 1, true)
        case .leaveOneZero:
            return (max(lastNonZero + 1, 1), true)
        case .pointAndZeros:
            // 1. numpy always prints the point, except when told to drop it.
            return (lastNonZero + 1, lastNonZero >= 0)
        }
    }
}

/// The digits after the point in positional notation: leading zeros, then Dragon4's digits past the integer part.
private struct PositionalFraction {
    let digits: [UInt8]
    /// Digits of `digits` that belong to the integer part, or leading zeros (negative).
    let offset: Int
    let count: Int
    /// The index of the last non-zero digit (−1: none).
    let lastNonZero: Int

    init(_ d: Dragon4) {
        digits = d.digits
        offset = d.exponent + 1
        count = max(0, digits.count - offset)
        var last = count - 1
        while last >= 0 && (last + offset < 0 || digits[last + offset] == 0) { last -= 1 }
        lastNonZero = last
    }

    subscript(k: Int) -> UInt8 { k + offset < 0 ? 0 : digits[k + offset] }
}

// MARK: - Scientific

extension FloatFormat {
    /// `x` (finite) as `d.ddde±XX`, numpy's `dragon4_scientific`.
    package func scientific(_ x: Double) -> String {
        scientific(x, digits: scientificDigits(x))
    }

    /// The digits `scientific` lays out: Dragon4's, `precision + 1` significant digits at most.
    func scientificDigits(_ x: Double) -> Dragon4 {
        // 4. Scientific precision counts digits after the first: precision + 1 in total.
        digits(of: x, mode: .totalLength,
               cutoffMax: precision < 0 ? -1 : precision + 1,
               cutoffMin: minDigits < 0 ? -1 : minDigits + 1,
               zeros: trim == .keep ? .padded : trim == .pointAndZeros ? .counted : .hidden)
    }

    /// `x` laid out from its digits `d`.
    func scientific(_ x: Double, digits d: Dragon4) -> String {
        var text: [UInt8] = []
        appendScientific(x, digits: d, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `x` laid out from its digits `d` to `text`.
    func appendScientific(_ x: Double, digits d: Dragon4, to text: inout [UInt8]) {
        let negative = x.sign == .minus
        let fraction = scientificFraction(d)
        let signWidth = negative ? 1 : 0
        if padLeft > 1 + signWidth { text.append(spaces: padLeft - 1 - signWidth) }
        if negative { text.append(UInt8(ascii: "-")) }
        text.append(zero + d.digits[0])
        if fraction.hasPoint { text.append(UInt8(ascii: ".")) }
        for k in 0..<fraction.count { text.append(k + 1 < d.digits.count ? zero + d.digits[k + 1] : zero) }
        appendExponent(d.exponent, to: &text)
    }

    /// The widths `scientific` gives `x` before padding: sign and first digit, digits after the point, exponent digits.
    func scientificWidths(_ x: Double, digits d: Dragon4) -> (left: Int, fraction: Int, exponent: Int) {
        (x.sign == .minus ? 2 : 1, scientificFraction(d).count, exponentDigitCount(d.exponent))
    }

    /// How many digits follow the point after the trim (Dragon4's after the first, then zeros), and whether the point shows.
    private func scientificFraction(_ d: Dragon4) -> (count: Int, hasPoint: Bool) {
        let count = d.digits.count - 1
        var lastNonZero = count - 1
        while lastNonZero >= 0 && d.digits[lastNonZero + 1] == 0 { lastNonZero -= 1 }
        // 5. Unlike the positional case, a point left bare by the trim stays, even for `'-'`.
        let hasPoint = count > 0 || trim != .pointAndZeros
        switch trim {
        case .keep:
            return (max(count, minDigits), hasPoint)
        case .zeros, .pointAndZeros:
            return (lastNonZero + 1, hasPoint)
        case .leaveOneZero:
            return (max(lastNonZero + 1, 1), hasPoint)
        }
    }

    /// Appends `e+05`, `e-100`: the sign always, at least `exponentDigits` digits (2 by default, 5 at most).
    private func appendExponent(_ exponent: Int, to text: inout [UInt8]) {
        text.append(UInt8(ascii: "e"))
        text.append(exponent >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
        let count = exponentDigitCount(exponent)
        var magnitude = exponent.magnitude
        let start = text.count
        text.append(contentsOf: repeatElement(zero, count: count))
        for k in stride(from: start + count - 1, through: start, by: -1) where magnitude > 0 {
            text[k] = zero + UInt8(magnitude % 10)
            magnitude /= 10
        }
    }

    /// How many digits the exponent prints with.
    private func exponentDigitCount(_ exponent: Int) -> Int {
        let width = exponentDigits < 0 ? 2 : min(exponentDigits, 5)
        var digits = 1, magnitude = exponent.magnitude
        while magnitude >= 10 {
            digits += 1
            magnitude /= 10
        }
        return max(width, digits)
    }
}

// MARK: - Digits

extension FloatFormat {
    /// Dragon4's digits of |x|, from `printf` when that is known to give the same text.
    func digits(of x: Double, mode: Dragon4.CutoffMode, cutoffMax: Int, cutoffMin: Int,
                zeros: RoundedDigits.Zeros) -> Dragon4 {
        RoundedDigits.digits(magnitudeOf: x, mode: mode, cutoffMax: cutoffMax, cutoffMin: cutoffMin, zeros: zeros)
            ?? Dragon4(magnitudeOf: x, mode: mode, cutoffMax: cutoffMax, cutoffMin: cutoffMin)
    }
}

/// The ASCII digit 0.
private let zero = UInt8(ascii: "0")

extension [UInt8] {
    /// Appends `count` spaces (none when `count` ≤ 0).
    mutating func append(spaces count: Int) {
        if count > 0 { append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }
}
