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

    /// The layout for `values` (the elements actually shown) at `precision` digits at most.
    init(values: [Double], precision: Int) {
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.filter { $0 != 0 }.map { $0.magnitude }
        if let largest = magnitudes.max(), let smallest = magnitudes.min() {
            // 1. An overflowing ratio is +inf, which also counts as "> 1000".
            scientific = largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3
        }
        if finite.isEmpty {
            float = FloatFormat(precision: precision, minDigits: -1, trim: .zeros, padLeft: 0, padRight: 0)
        } else if scientific {
            // 2. First pass: unique digits cut at `precision`, trailing zeros trimmed.
            //    Every element then shows as many fraction digits as the longest one.
            let first = FloatFormat(precision: precision, trim: .zeros)
            var padLeft = 0, fractionDigits = 0, exponentDigits = 0
            for x in finite {
                let widths = first.scientificWidths(x, digits: first.scientificDigits(x))
                padLeft = max(padLeft, widths.left)
                fractionDigits = max(fractionDigits, widths.fraction)
                exponentDigits = max(exponentDigits, widths.exponent)
            }
            float = FloatFormat(precision: fractionDigits, minDigits: fractionDigits, trim: .keep,
                                padLeft: padLeft, padRight: exponentDigits + 2 + fractionDigits,
                                exponentDigits: exponentDigits)
        } else {
            // 3. Positional: the point lines up; shorter fractions are padded with spaces.
            let first = FloatFormat(precision: precision, trim: .zeros)
            var padLeft = 0, padRight = 0
            for x in finite {
                let widths = first.positionalWidths(x, digits: first.positionalDigits(x))
                padLeft = max(padLeft, widths.left)
                padRight = max(padRight, widths.right)
            }
            float = FloatFormat(precision: precision, minDigits: 0, trim: .zeros, padLeft: padLeft, padRight: padRight)
        }
        if finite.count != values.count {
            // 4. nan and inf must fit the column too; "-inf" needs one more place.
            let negativeInfinity = values.contains { $0 == -.infinity }
            let offset = float.padRight + 1
            float.padLeft = max(float.padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
        }
    }
}

// MARK: - Printing an element

extension ElementFormat {
    /// Appends `x` in the common layout; nan and ±inf are right-aligned in the column.
    func append(_ x: Double, to text: inout [UInt8]) {
        guard x.isFinite else {
            let word: StaticString = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            let width = float.padLeft + float.padRight + 1
            text.append(spaces: width - word.utf8CodeUnitCount)
            word.withUTF8Buffer { text.append(contentsOf: $0) }
            return
        }
        if scientific {
            float.appendScientific(x, digits: float.scientificDigits(x), to: &text)
        } else {
            float.appendPositional(x, digits: float.positionalDigits(x), to: &text)
        }
    }
}
