import NNCore

/// The data sets `dataset NAME` loads into X and Y, one example per column.
///
/// ```
/// X: n[0] × m     Y: 1 × m   (labels; `Y = onehot Y K` for a softmax output)
/// X_test, Y_test likewise, where the course splits the data
/// ```
package struct BuiltinDataset {
    package var x: Matrix
    package var y: Matrix
    package var xTest: Matrix? = nil
    package var yTest: Matrix? = nil
    package var description: String

    package static let names = ["xor", "flower", "cancer", "digits", "moons", "circles", "football"]

    /// The named data set; `random` is reseeded and advanced for those drawn from numpy's generator.
    /// Nil for an unknown name and for those read from a file (see `fileName(of:)`).
    package static func load(_ name: String, random: inout NumpyRandom) -> BuiltinDataset? {
        switch name {
        case "xor": return xor
        case "flower": return flower(random: &random)
        case "cancer": return cancer
        case "digits": return digits
        case "moons": return moons(random: &random)
        case "circles": return circles(random: &random)
        default: return nil
        }
    }

    /// The file a data set is read from, for those not built in (`football` → football.csv).
    package static func fileName(of name: String) -> String? {
        name == "football" ? footballFile : nil
    }

    /// The data set `name` from its file's table, or nil if the table is not the one it needs.
    package static func fromTable(_ name: String, _ table: Matrix) -> BuiltinDataset? {
        name == "football" ? football(table: table) : nil
    }

    /// What the file of data set `name` holds, for messages.
    package static func tableText(of name: String) -> String {
        name == "football" ? footballTable : "a table"
    }
}

// MARK: - XOR

extension BuiltinDataset {
    /// The four corners of the unit square, labelled x₁ xor x₂.
    static let xor = BuiltinDataset(x: Matrix([[0, 0, 1, 1], [0, 1, 0, 1]]), y: Matrix([[0, 1, 1, 0]]),
                                    description: "the four XOR points, y = x₁ xor x₂")
}

// MARK: - Embedded tables

extension BuiltinDataset {
    /// The lines of an embedded table, as UTF-8 slices, blank lines skipped.
    static func lines(_ text: String) -> [Substring.UTF8View] {
        text.utf8.split(separator: UInt8(ascii: "\n"))
    }

    /// A matrix with one example per column, from per-example rows of numbers.
    ///
    /// ```
    /// X[i, j] = examples[j][i]      (X = table.T)
    /// ```
    static func columns(_ examples: [[Double]], features: Int) -> Matrix {
        var x = Matrix.zeros(features, examples.count)
        for (j, example) in examples.enumerated() {
            precondition(example.count == features,
                         "BuiltinDataset: example \(j) has \(example.count) values, not \(features)")
            for i in 0..<features { x.storage[i * examples.count + j] = example[i] }
        }
        return x
    }
}
