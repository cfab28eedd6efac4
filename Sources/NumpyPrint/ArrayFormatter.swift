import NNCore

/// Prints a matrix character for character as numpy's `print(array)` does for a 2-D float64 array.
///
/// numpy's defaults: at most `precision` digits after the point ('maxprec'),
/// lines of at most `lineWidth` characters, and above `threshold` (1000) elements only the
/// first and last `edgeItems` (3) rows and columns, with `...` between them:
///
/// ```
/// [[ 0.01624345 -0.00611756]
///  [-0.00528172 -0.01072969]]
/// ```
package struct ArrayFormatter: Sendable {
    /// numpy's `precision=`: digits after the point at most (default 8).
    package var precision: Int
    /// numpy's `linewidth=`: characters per line at most (default 75).
    package var lineWidth: Int
    /// numpy's `threshold=`: more elements than this are summarized (default 1000).
    package var threshold: Int
    /// numpy's `edgeitems=`: rows and columns kept at each end of a summarized axis (default 3).
    package var edgeItems: Int

    /// A formatter with numpy's print options `precision`, `linewidth`, `threshold` and `edgeitems`;
    /// a negative precision counts as 0, an edge of less than one item as one.
    package init(precision: Int = 8, lineWidth: Int = 75, threshold: Int = 1000, edgeItems: Int = 3) {
        self.precision = precision
        self.lineWidth = lineWidth
        self.threshold = threshold
        self.edgeItems = max(1, edgeItems)
    }
}

// MARK: - Scalars

extension ArrayFormatter {
    /// The text of `print(np.float64(x))`: shortest round-trip digits, e.g. `0.6931471805599453`, `1e-05`, `nan`.
    ///
    /// ```
    /// positional ⇔ x = 0  or  10⁻⁴ ≤ |x| < 10¹⁶
    /// ```
    package func formatScalar(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let magnitude = x.magnitude
        if magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16) {
            return FloatFormat(trim: .leaveOneZero).positional(x)
        }
        return FloatFormat(trim: .pointAndZeros).scientific(x)
    }
}

// MARK: - Arrays

extension ArrayFormatter {
    /// The text of `print(m)` under `np.printoptions(precision=precision, linewidth=lineWidth)`, without the final newline.
    package func format(_ m: Matrix) -> String {
        if m.count == 0 { return "[]" }
        let summarize = m.count > threshold
        let rows = shownIndices(m.rows, summarize: summarize)
        let cols = shownIndices(m.cols, summarize: summarize)
        var shown: [Double] = []
        shown.reserveCapacity(rows.count * cols.count)
        for r in 0..<rows.count {
            for c in 0..<cols.count { shown.append(m[rows[r], cols[c]]) }
        }
        let element = ElementFormat(values: shown, precision: max(0, precision))

        // 1. numpy's recursion: the outer "[" shifts every row by one column
        //    and each bracket level takes one character off the usable width.
        var text: [UInt8] = [UInt8(ascii: "[")]
        text.reserveCapacity(shown.count * (element.float.padLeft + element.float.padRight + 3) + 4 * rows.leading.count)
        var row = RowBuffers()
        for n in 0..<rows.count {
            if n > 0 { text += "\n ".utf8 }
            if rows.isCut && n == rows.leading.count { text += "...\n ".utf8 }
            appendRow(m, rows[n], cols, element: element, first: n * cols.count, buffers: &row, to: &text)
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    /// One row `[a b c]`, wrapped so no line passes the width; continuation lines start with two spaces.
    /// `first`: the index in the shown values of the row's first element.
    private func appendRow(_ m: Matrix, _ i: Int, _ cols: ShownIndices, element: ElementFormat, first: Int,
                           buffers: inout RowBuffers, to out: inout [UInt8]) {
        let indent: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: " ")]
        // 2. Width left for an element: one for the outer "]" and one for this row's "]".
        let elementWidth = lineWidth - 1 - 1
        buffers.text.removeAll(keepingCapacity: true)
        buffers.line.removeAll(keepingCapacity: true)
        buffers.line += indent
        func extend(_ word: [UInt8]) {
            // 3. A line holding only the indent is never wrapped: wrapping would not help.
            if buffers.line.count + word.count > elementWidth && buffers.line.count > indent.count {
                // 4. The finished line loses its trailing spaces (Python's `rstrip()` on the lines numpy builds).
                var end = buffers.line.count
                while end > 0 && buffers.line[end - 1] == UInt8(ascii: " ") { end -= 1 }
                buffers.text += buffers.line[..<end]
                buffers.text.append(UInt8(ascii: "\n"))
                buffers.line.removeAll(keepingCapacity: true)
                buffers.line += indent
            }
            buffers.line += word
        }
        for n in 0..<cols.count {
            let j = cols[n]
            if n > 0 { buffers.line.append(UInt8(ascii: " ")) }
            if cols.isCut && n == cols.leading.count {
                extend(Array("...".utf8))
                buffers.line.append(UInt8(ascii: " "))
            }
            buffers.word.removeAll(keepingCapacity: true)
            element.append(m[i, j], index: first + n, to: &buffers.word)
            extend(buffers.word)
        }
        buffers.text += buffers.line
        out.append(UInt8(ascii: "["))
        out += buffers.text.dropFirst(indent.count)
        out.append(UInt8(ascii: "]"))
    }

    /// The indices numpy keeps along one axis: all, or the first and last `edgeItems`.
    private func shownIndices(_ count: Int, summarize: Bool) -> ShownIndices {
        if summarize && count > 2 * edgeItems {
            return ShownIndices(leading: 0..<edgeItems, trailing: (count - edgeItems)..<count, isCut: true)
        }
        return ShownIndices(leading: 0..<count, trailing: count..<count, isCut: false)
    }
}

// MARK: - Helpers

/// The indices printed along one axis, and whether `...` stands between the two runs.
private struct ShownIndices {
    var leading: Range<Int>
    var trailing: Range<Int>
    var isCut: Bool

    var count: Int { leading.count + trailing.count }

    /// The n-th index shown.
    subscript(n: Int) -> Int { n < leading.count ? leading.lowerBound + n : trailing.lowerBound + n - leading.count }
}

/// Scratch space for one row, kept between rows: the row's text, the line being filled, one element.
private struct RowBuffers {
    var text: [UInt8] = []
    var line: [UInt8] = []
    var word: [UInt8] = []
}
