import NNCore

// MARK: - Handwritten digits

extension BuiltinDataset {
    /// scikit-learn's `load_digits()`: 8 × 8 images of handwritten digits, pixel values 0…16.
    ///
    /// Parsed from `digitsRows` on first use (one character per pixel, 0…9 then a…g).
    /// ```
    /// X = data.T      64 × 1797   (pixel 8·row + col of each image in its column)
    /// Y = target      1 × 1797    (the digit 0…9; `Y = onehot Y 10` for softmax)
    /// ```
    static let digits: BuiltinDataset = {
        let pixels = 64
        var examples: [[Double]] = []
        var labels: [Double] = []
        for line in lines(digitsRows) {
            var values: [Double] = []
            values.reserveCapacity(pixels + 1)
            for byte in line where byte != UInt8(ascii: " ") {
                values.append(pixelValue(byte))
            }
            precondition(values.count == pixels + 1, "BuiltinDataset: malformed digits row \(examples.count)")
            labels.append(values[0])
            examples.append(Array(values[1...]))
        }
        precondition(examples.count == 1797, "BuiltinDataset: \(examples.count) digit images, not 1797")
        return BuiltinDataset(
            x: columns(examples, features: pixels),
            y: Matrix(rows: 1, cols: labels.count, storage: labels),
            description: "handwritten digits (UCI, via scikit-learn): 1797 images of 8×8 pixels, one per "
                + "column of X,\n  pixel values 0…16 (X / 16 scales them to 0…1); Y: the digit 0…9\n"
                + "  for a softmax output: `Y = onehot Y 10` and e.g. `net 64 25 10:softmax`")
    }()

    /// The value of one embedded pixel character: `0`…`9` → 0…9, `a`…`g` → 10…16.
    static func pixelValue(_ byte: UInt8) -> Double {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Double(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "g"): return Double(byte - UInt8(ascii: "a") + 10)
        default: preconditionFailure("BuiltinDataset: pixel character \(byte) outside 0…9, a…g")
        }
    }
}
