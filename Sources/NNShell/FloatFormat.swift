/// One Double laid out as numpy's `format_float_positional` / `format_float_scientific` do.
///
/// Both take Dragon4's unique digits, cut at `precision` when it is ≥ 0, then
/// trim and pad:
///
/// ```
/// positional   [pad][-]ddd.ddd[pad]       e.g. " 0.5   "
/// scientific   [pad][-]d.ddde±XX          e.g. "-1.5e-05"
/// ```
struct FloatFormat {
    /// What happens to trailing zeros and the point (numpy's `trim=`).
    enum Trim {
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

// MARK: - Positional

extension FloatFormat {
    /// `x` (finite) as `ddd.ddd`, numpy's `dragon4_positional(..., fractional=True)`.
    func positional(_ x: Double) -> String {
        let d = Dragon4(magnitudeOf: x, mode: .fractionLength, cutoffMax: precision, cutoffMin: minDigits)
        let sign = x.sign == .minus ? "-" : ""
        var whole = ""
        var fraction: [Character] = []
        if d.exponent >= 0 {
            let wholeCount = d.exponent + 1
            for k in 0..<wholeCount { whole.append(k < d.digits.count ? digitCharacter(d.digits[k]) : "0") }
            if d.digits.count > wholeCount { fraction = d.digits[wholeCount...].map(digitCharacter) }
        } else {
            whole = "0"
            fraction = Array(repeating: "0", count: -(d.exponent + 1)) + d.digits.map(digitCharacter)
        }
        // 1. numpy always prints the point, except when told to drop it.
        var hasPoint = trim != .pointAndZeros || !fraction.isEmpty
        switch trim {
        case .leaveOneZero where fraction.isEmpty:
            fraction = ["0"]
        case .keep where minDigits > fraction.count:
            fraction += Array(repeating: "0", count: minDigits - fraction.count)
        default:
            break
        }
        // 2. A cut can leave trailing zeros ("1.0000000" at precision 8); the trim removes them again.
        if trim != .keep && !fraction.isEmpty {
            while fraction.last == "0" { fraction.removeLast() }
            if fraction.isEmpty {
                if trim == .leaveOneZero { fraction = ["0"] }
                if trim == .pointAndZeros { hasPoint = false }
            }
        }
        var text = sign + whole + (hasPoint ? "." : "") + String(fraction)
        if padRight >= fraction.count {
            // 3. A dropped point still takes its column when padding on the right.
            if trim == .pointAndZeros && fraction.isEmpty { text += " " }
            text += String(repeating: " ", count: padRight - fraction.count)
        }
        let leftWidth = whole.count + sign.count
        if padLeft > leftWidth { text = String(repeating: " ", count: padLeft - leftWidth) + text }
        return text
    }
}

// MARK: - Scientific

extension FloatFormat {
    /// `x` (finite) as `d.ddde±XX`, numpy's `dragon4_scientific`.
    func scientific(_ x: Double) -> String {
        // 4. Scientific precision counts digits after the first: precision + 1 in total.
        let d = Dragon4(magnitudeOf: x, mode: .totalLength,
                        cutoffMax: precision < 0 ? -1 : precision + 1,
                        cutoffMin: minDigits < 0 ? -1 : minDigits + 1)
        let sign = x.sign == .minus ? "-" : ""
        var text = ""
        if padLeft > 1 + sign.count { text += String(repeating: " ", count: padLeft - 1 - sign.count) }
        text += sign + String(digitCharacter(d.digits[0]))
        var fraction = d.digits.dropFirst().map(digitCharacter)
        let hasPoint = !fraction.isEmpty || trim != .pointAndZeros
        switch trim {
        case .leaveOneZero where fraction.isEmpty:
            fraction = ["0"]
        case .keep where minDigits > fraction.count:
            fraction += Array(repeating: "0", count: minDigits - fraction.count)
        default:
            break
        }
        if trim != .keep && !fraction.isEmpty {
            while fraction.last == "0" { fraction.removeLast() }
            // 5. Unlike the positional case, a point left bare by the trim stays, even for `'-'`.
            if fraction.isEmpty && trim == .leaveOneZero { fraction = ["0"] }
        }
        text += (hasPoint ? "." : "") + String(fraction)
        return text + exponentText(d.exponent)
    }

    /// `e+05`, `e-100`: the sign always, at least `exponentDigits` digits (2 by default, 5 at most).
    private func exponentText(_ exponent: Int) -> String {
        let width = exponentDigits < 0 ? 2 : min(exponentDigits, 5)
        let magnitude = String(exponent.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - magnitude.count))
        return "e" + (exponent >= 0 ? "+" : "-") + zeros + magnitude
    }
}

// MARK: - Digits

private func digitCharacter(_ digit: UInt8) -> Character {
    Character(Unicode.Scalar(48 + digit))
}
