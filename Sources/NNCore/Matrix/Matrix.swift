/// A dense two-dimensional array of `Double`, stored row by row.
///
/// The lecture's matrices all live here: parameters `W[l]` (n[l] × n[l−1]),
/// biases `b[l]` (n[l] × 1), and the caches `Z[l]`, `A[l]` (n[l] × m) with one
/// example per column.
///
/// ```
/// element (i, j)  ↦  storage[i · cols + j]
/// ```
public struct Matrix: Equatable, Sendable {
    /// Number of rows (numpy's `shape[0]`).
    public let rows: Int
    /// Number of columns (numpy's `shape[1]`).
    public let cols: Int
    /// The elements, row-major; `storage.count == rows · cols`.
    public var storage: [Double]

    /// A matrix over the given row-major elements.
    public init(rows: Int, cols: Int, storage: [Double]) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        precondition(storage.count == rows * cols,
                     "Matrix: \(storage.count) elements do not fill \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix with every element equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.init(rows: rows, cols: cols, storage: Array(repeating: value, count: rows * cols))
    }
}

// MARK: - Shape and elements

extension Matrix {
    /// numpy's `np.zeros((rows, cols))`.
    public static func zeros(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, repeating: 0)
    }

    /// numpy's `np.ones((rows, cols))`.
    public static func ones(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, repeating: 1)
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Double]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "Matrix: ragged rows")
        self.init(rows: nested.count, cols: cols, storage: nested.flatMap { $0 })
    }

    /// A 1×1 matrix holding `value`, as the cost J is kept.
    public init(scalar value: Double) {
        self.init(rows: 1, cols: 1, storage: [value])
    }

    /// `(rows, cols)`, as numpy's `shape`.
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    /// Number of elements (numpy's `size`).
    public var count: Int { storage.count }

    /// Whether both matrices have the same shape.
    public func hasSameShape(as other: Matrix) -> Bool {
        rows == other.rows && cols == other.cols
    }

    /// The element at row `i`, column `j` (zero-based, as numpy).
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "Matrix: index (\(i), \(j)) out of \(rows)×\(cols)")
            return storage[i * cols + j]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "Matrix: index (\(i), \(j)) out of \(rows)×\(cols)")
            storage[i * cols + j] = newValue
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> ArraySlice<Double> {
        storage[(i * cols)..<((i + 1) * cols)]
    }

    /// The transpose, numpy's `A.T`.
    public var T: Matrix {
        var out = [Double](repeating: 0, count: count)
        for i in 0..<rows {
            for j in 0..<cols {
                out[j * rows + i] = storage[i * cols + j]
            }
        }
        return Matrix(rows: cols, cols: rows, storage: out)
    }

    /// Whether every element is finite (no nan, no ±inf).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// The position of the first element that is nan or infinite, row by row.
    public var firstNonFinite: (row: Int, col: Int)? {
        guard let k = storage.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (k / cols, k % cols)
    }
}
