import NNCore

/// The data sets `dataset NAME` loads into X and Y.
struct BuiltinDataset {
    var x: Matrix
    var y: Matrix
    var description: String

    static let names = ["xor"]

    /// The named data set; `random` advances for those drawn from numpy's generator.
    static func load(_ name: String, random: inout NumpyRandom) -> BuiltinDataset? {
        switch name {
        case "xor":
            return BuiltinDataset(x: Matrix([[0, 0, 1, 1], [0, 1, 0, 1]]), y: Matrix([[0, 1, 1, 0]]),
                                  description: "the four XOR points, y = x₁ xor x₂")
        default:
            return nil
        }
    }
}
