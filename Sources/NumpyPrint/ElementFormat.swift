/// The shared layout of every element of one printed array, numpy's `FloatingFormat` in 'maxprec' mode.
///
/// One pass over the shown values picks the notation and the widths; every
/// element is then printed into the same columns:
///
/// ```
/// scientific ⇔ max|x| ≥ 10⁸  or  min|x| < 10⁻⁴  or  max|x| / min|x| > 10³   (finite x ≠ 0)
/// width      = padLeft + 1 + padRight
/// ```
struct ElementFormat {
    /// Whether the elements are printed as `d.ddde±XX`.
    private(set) var scientific = false
    /// The Dragon4 settings every finite element is printed with.
    private(set) var float = FloatFormat()
    /// The first pass's digits of each value, where the second pass's are the same (else nil).
    private var reusable: [Dragon4?] = []

    /// The layout for `values` (the elements actually shown) at `precision` digits at most.
    init(values: [Double], precision: Int) {
        var largest = -Double.infinity, smallest = Double.infinity
        var finiteCount = 0, negativeInfinity = false
        for x in values {
            if x.isFinite {
                finiteCount += 1
                if x != 0 {
                    largest = max(largest, x.magnitude)
                    smallest = min(smallest, x.magnitude)
                }
            } else if x == -.infinity {
                negativeInfinity = true
            }
        }
        if smallest.isFinite {
            // 1. An overflowing ratio is +inf, which also counts as "> 1000".
            scientific = largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3
        }
        reusable = [Dragon4?](repeating: nil, count: values.count)
        if finiteCount == 0 {
            float = FloatFormat(precision: precision, minDigits: -1, trim: .zeros, padLeft: 0, padRight: 0)
        } else if scientific {
            // 2. First pass: unique digits cut at `precision`, trailing zeros trimmed.
            //    Every element then shows as many fraction digits as the longest one.
            let first = FloatFormat(precision: precision, trim: .zeros)
            var padLeft = 0, fractionDigits = 0, exponentDigits = 0
            for (k, x) in values.enumerated() where x.isFinite {
                let digits = first.scientificDigits(x)
                let widths = first.scientificWidths(x, digits: digits)
                padLeft = max(padLeft, widths.left)
                fractionDigits = max(fractionDigits, widths.fraction)
                exponentDigits = max(exponentDigits, widths.exponent)
                reusable[k] = digits
            }
            float = FloatFormat(precision: fractionDigits, minDigits: fractionDigits, trim: .keep,
                                padLeft: padLeft, padRight: exponentDigits + 2 + fractionDigits,
                                exponentDigits: exponentDigits)
            // 3. The second pass cuts at `fractionDigits`: the same cut when no element needs fewer,
            //    and then the same digits while they come from the exact rounding (≤ 15 digits of a
            //    normal number, or zero); otherwise they are computed again.
            if fractionDigits != precision || precision + 1 > RoundedDigits.safeDigits {
                reusable = []
            } else {
                for (k, x) in values.enumerated() where !(x.magnitude.isNormal || x == 0) { reusable[k] = nil }
            }
        } else {
            // 4. Positional: the point lines up; shorter fractions are padded with spaces. The
            //    second pass only adds `minDigits = 0`, which for |x| < 10⁸ never changes the text.
            let first = FloatFormat(precision: precision, trim: .zeros)
            var padLeft = 0, padRight = 0
            for (k, x) in values.enumerated() where x.isFinite {
                let digits = first.positionalDigits(x)
                let widths = first.positionalWidths(x, digits: digits)
                padLeft = max(padLeft, widths.left)
                padRight = max(padRight, widths.right)
                reusable[k] = digits
            }
            float = FloatFormat(precision: precision, minDigits: 0, trim: .zeros, padLeft: padLeft, padRight: padRight)
        }
        if finiteCount != values.count {
            // 5. nan and inf must fit the column too; "-inf" needs one more place.
            let offset = float.padRight + 1
            float.padLeft = max(float.padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
        }
    }
}

// MARK: - Printing an element

extension ElementFormat {
    /// Appends `values[index]` = `x` in the common layout; nan and ±inf are right-aligned in the column.
    func append(_ x: Double, index: Int, to text: inout [UInt8]) {
        guard x.isFinite else {
            let word: StaticString = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            let width = float.padLeft + float.padRight + 1
            text.append(spaces: width - word.utf8CodeUnitCount)
            word.withUTF8Buffer { text.append(contentsOf: $0) }
            return
        }
        let known = index < reusable.count ? reusable[index] : nil
        if scientific {
            float.appendScientific(x, digits: known ?? float.scientificDigits(x), to: &text)
        } else {
            float.appendPositional(x, digits: known ?? float.positionalDigits(x), to: &text)
        }
    }
}
