import Glibc

/// The decimal digits of a finite Double as numpy's Dragon4 produces them in "unique" mode.
///
/// The value v = m · 2^e lies between its neighbours' midpoints v − μ⁻ and
/// v + μ⁺; digits are produced until they name v unambiguously (shortest
/// round trip), unless a cutoff stops them first, in which case the last digit
/// is rounded from the exact binary value.
///
/// ```
/// v ≈ 0.d₁d₂…dₙ · 10^(exponent + 1)      (d₁ has weight 10^exponent)
/// ```
struct Dragon4 {
    /// Where a cutoff counts from: digits after the point, or digits in total.
    enum CutoffMode {
        case fractionLength
        case totalLength
    }

    /// Decimal digits, each 0…9, most significant first; never empty.
    var digits: [UInt8]
    /// The power of ten of the first digit.
    var exponent: Int
}

// MARK: - Digit generation

extension Dragon4 {
    /// Digits of `|x|` (finite), stopping at `cutoffMax` digits and producing at least `cutoffMin` (−1: no limit).
    ///
    /// ```
    /// |x| = m · 2^e,  m < 2^53
    /// ```
    init(magnitudeOf x: Double, mode: CutoffMode, cutoffMax: Int, cutoffMin: Int) {
        precondition(x.isFinite, "Dragon4: \(x) is not finite")
        let bits = x.bitPattern
        let fraction = bits & ((1 << 52) - 1)
        let biased = Int((bits >> 52) & 0x7FF)
        // 1. Normal numbers carry the hidden bit; their lower neighbour is half as
        //    far away as the upper one exactly when the fraction is zero (a power
        //    of two), except for the smallest normal exponent.
        if biased != 0 {
            self.init(mantissa: (1 << 52) | fraction, exponent: biased - 1075, mantissaBit: 52,
                      unequalMargins: biased != 1 && fraction == 0,
                      mode: mode, cutoffMax: cutoffMax, cutoffMin: cutoffMin)
        } else {
            let mantissaBit = fraction == 0 ? 0 : 63 - fraction.leadingZeroBitCount
            self.init(mantissa: fraction, exponent: -1074, mantissaBit: mantissaBit,
                      unequalMargins: false, mode: mode, cutoffMax: cutoffMax, cutoffMin: cutoffMin)
        }
    }

    /// Burger–Dybvig digit generation on exact integers, with numpy's cutoffs and rounding.
    ///
    /// ```
    /// v = r / s,   μ⁻ = mLow / s,   μ⁺ = mHigh / s
    /// ```
    private init(mantissa: UInt64, exponent: Int, mantissaBit: Int, unequalMargins: Bool,
                 mode: CutoffMode, cutoffMax: Int, cutoffMin: Int) {
        guard mantissa != 0 else {
            self.init(digits: [0], exponent: 0)
            return
        }
        var state = Scaled(mantissa: mantissa, exponent: exponent, mantissaBit: mantissaBit,
                           unequalMargins: unequalMargins, fractionCutoff: mode == .fractionLength ? cutoffMax : -1)
        var digitExponent = state.digitExponent
        var cutoffMaxExponent = digitExponent - 16384
        if cutoffMax >= 0 {
            cutoffMaxExponent = max(cutoffMaxExponent, mode == .totalLength ? digitExponent - cutoffMax : -cutoffMax)
        }
        var cutoffMinExponent = digitExponent
        if cutoffMin >= 0 {
            cutoffMinExponent = min(cutoffMinExponent, mode == .totalLength ? digitExponent - cutoffMin : -cutoffMin)
        }
        let firstExponent = digitExponent - 1

        // 5. Round-half-even on the margins: an even mantissa owns its midpoints.
        let isEven = mantissa & 1 == 0
        var digits: [UInt8] = []
        var digit = 0
        var low = false, high = false
        while true {
            digitExponent -= 1
            digit = state.value.divideDigit(by: state.scale)
            let lowCompare = BigNatural.compare(state.value, state.marginLow)
            let highCompare = BigNatural.compare(state.value + state.marginHigh, state.scale)
            low = isEven ? lowCompare <= 0 : lowCompare < 0
            high = isEven ? highCompare >= 0 : highCompare > 0
            if ((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent {
                break
            }
            digits.append(UInt8(digit))
            state.value.multiply(by: 10)
            state.marginLow.multiply(by: 10)
        }

        // 6. The last digit: down if only the lower neighbour is close, up if only
        //    the upper one is, else by the exact remainder against ½, ties to even.
        var roundDown = low
        if low == high {
            var twice = state.value
            twice.shiftLeft(by: 1)
            let half = BigNatural.compare(twice, state.scale)
            roundDown = half < 0 || (half == 0 && digit % 2 == 0)
        }
        self.init(digits: digits, last: digit, roundDown: roundDown, exponent: firstExponent)
    }

    /// The digits with the last one placed: `last` as it is, or rounded up with its carry.
    private init(digits: [UInt8], last digit: Int, roundDown: Bool, exponent: Int) {
        var digits = digits
        var outExponent = exponent
        if roundDown {
            digits.append(UInt8(digit))
        } else if digit < 9 {
            digits.append(UInt8(digit + 1))
        } else {
            // 7. Carry: drop trailing nines; a carry out of the first digit gives "1".
            while let last = digits.last, last == 9 { digits.removeLast() }
            if let last = digits.popLast() {
                digits.append(last + 1)
            } else {
                digits = [1]
                outExponent += 1
            }
        }
        self.init(digits: digits, exponent: outExponent)
    }
}

// MARK: - Scaling

extension Dragon4 {
    /// The value and its margins as exact integers over one scale, with the first digit's
    /// place found: `value / scale` lies in [0.1, 1) times 10^digitExponent.
    private struct Scaled {
        var value: BigNatural
        var scale: BigNatural
        var marginLow: BigNatural
        let unequalMargins: Bool
        /// ⌊log₁₀ v⌋ + 1, or the fractional cutoff's place above it.
        let digitExponent: Int

        var marginHigh: BigNatural { unequalMargins ? marginLow + marginLow : marginLow }

        /// `fractionCutoff`: the digits after the point a fractional cutoff keeps (−1: none).
        init(mantissa: UInt64, exponent: Int, mantissaBit: Int, unequalMargins: Bool, fractionCutoff: Int) {
            self.unequalMargins = unequalMargins
            value = BigNatural(mantissa)
            // 2. Everything is doubled (quadrupled with unequal margins) so that the
            //    half-ulp margins are integers too.
            let extra = unequalMargins ? 2 : 1
            if exponent > 0 {
                value.shiftLeft(by: exponent + extra)
                scale = BigNatural(UInt64(1) << extra)
                marginLow = .powerOfTwo(exponent)
            } else {
                value.shiftLeft(by: extra)
                scale = .powerOfTwo(-exponent + extra)
                marginLow = BigNatural(1)
            }
            // 3. numpy's estimate of ⌊log₁₀ v⌋ + 1: exact or one too low.
            let log10of2 = 0.30102999566398119521373889472449
            var digitExponent = Int(ceil(Double(mantissaBit + exponent) * log10of2 - 0.69))
            // 4. A fractional cutoff above the first digit starts generation at the
            //    cutoff, so a tiny value rounds to 0 or 1 in the last kept place.
            if fractionCutoff >= 0 && digitExponent <= -fractionCutoff {
                digitExponent = -fractionCutoff + 1
            }
            if digitExponent > 0 {
                scale.multiply(byPowerOfTen: digitExponent)
            } else if digitExponent < 0 {
                value.multiply(byPowerOfTen: -digitExponent)
                marginLow.multiply(byPowerOfTen: -digitExponent)
            }
            if value >= scale {
                digitExponent += 1
            } else {
                value.multiply(by: 10)
                marginLow.multiply(by: 10)
            }
            self.digitExponent = digitExponent
        }
    }
}
