/// Element-wise operations, scalar operations and numpy's broadcasts.
extension Matrix {
    // MARK: - Element-wise

    /// Applies `f` to every element.
    public func map(_ f: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: storage.map(f))
    }

    /// Combines two equally shaped matrices element by element.
    public func zipMap(_ other: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
        precondition(hasSameShape(as: other),
                     "Matrix: element-wise shapes differ, \(rows)×\(cols) and \(other.rows)×\(other.cols)")
        var out = [Double](repeating: 0, count: count)
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                for k in 0..<a.count { out[k] = f(a[k], b[k]) }
            }
        }
        return Matrix(rows: rows, cols: cols, storage: out)
    }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, +) }
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, -) }

    /// The Hadamard product ⊙ (numpy's `A * B` for equal shapes).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, *) }
    public static func / (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, /) }

    public static prefix func - (m: Matrix) -> Matrix { m.map { -$0 } }

    // MARK: - Scalars

    public static func * (lhs: Double, rhs: Matrix) -> Matrix { rhs.map { lhs * $0 } }
    public static func * (lhs: Matrix, rhs: Double) -> Matrix { lhs.map { $0 * rhs } }
    public static func / (lhs: Matrix, rhs: Double) -> Matrix { lhs.map { $0 / rhs } }
    public static func + (lhs: Matrix, rhs: Double) -> Matrix { lhs.map { $0 + rhs } }
    public static func - (lhs: Double, rhs: Matrix) -> Matrix { rhs.map { lhs - $0 } }

    // MARK: - Broadcasts

    /// Adds a column vector to every column, the broadcast of `Z = W·A + b`.
    ///
    /// ```
    /// Z[i, j] = M[i, j] + b[i, 0]      b is n × 1
    /// ```
    public func addingColumn(_ b: Matrix) -> Matrix {
        precondition(b.rows == rows && b.cols == 1,
                     "Matrix: cannot broadcast \(b.rows)×\(b.cols) over the columns of \(rows)×\(cols)")
        var out = storage
        for i in 0..<rows {
            let bi = b.storage[i]
            for j in 0..<cols { out[i * cols + j] += bi }
        }
        return Matrix(rows: rows, cols: cols, storage: out)
    }

    // MARK: - Reductions

    /// Sums each row, keeping the column axis: numpy's `np.sum(M, axis=1, keepdims=True)`.
    ///
    /// ```
    /// db[i, 0] = Σⱼ M[i, j]
    /// ```
    /// Each row is summed pairwise as numpy does (see `pairwiseSum`), after
    /// numpy's initial 0.0 (so a row of -0.0 sums to 0.0), and the result
    /// equals numpy's bit for bit.
    public func sumRows() -> Matrix {
        var out = [Double](repeating: 0, count: rows)
        storage.withUnsafeBufferPointer { p in
            for i in 0..<rows {
                out[i] = 0.0 + pairwiseSum(UnsafeBufferPointer(rebasing: p[(i * cols)..<((i + 1) * cols)]))
            }
        }
        return Matrix(rows: rows, cols: 1, storage: out)
    }

    /// The sum of every element, numpy's `np.sum(M)` on a contiguous array.
    public func sum() -> Double {
        storage.withUnsafeBufferPointer { 0.0 + pairwiseSum($0) }
    }

    /// The largest absolute element (0 for an empty matrix).
    public func maxAbs() -> Double {
        storage.reduce(0) { Swift.max($0, Swift.abs($1)) }
    }
}
