/// The shape of an array read from a file, checked before anything is computed from it.
///
/// ```
/// every dimension d:   1 ≤ d ≤ 2³¹ − 1      (the BLAS integer; 0 would be an empty matrix)
/// elements:            d1 · d2 · … · dk,     saturating at Int.max, which no limit admits
/// ```
/// Every loader (.npy, .npz, .csv, .h5) calls `elementCount` first, so a shape
/// such as `(10**15, 0, 1)` or `(0, 2**62, 2**62)` is refused with its dimensions
/// named, and no later product of the dimensions can overflow or be zero.
enum ArrayShape {
    /// The largest dimension accepted (`Int32.max`).
    static let maxDimension = Int(Int32.max)

    /// The number of elements of `shape` (1 for a 0-D array; Int.max when the product
    /// overflows), or why the shape cannot be a matrix.
    static func elementCount(_ shape: [Int], path: String, array: String) throws(FileError) -> Int {
        for (axis, d) in shape.enumerated() where d < 1 || d > maxDimension {
            throw .badShape(path: path, array: array, shape: shape, axis: axis)
        }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return Int.max }
            count = product
        }
        return count
    }
}
