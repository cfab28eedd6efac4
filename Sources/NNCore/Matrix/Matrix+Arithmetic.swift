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

    /// Runs `body(input, output, count)` over the elements, after giving `out`
    /// the input's shape (its storage is reused when the shape already matches).
    static func elementwise(_ m: Matrix, into out: inout Matrix,
                            _ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) {
        if !out.hasSameShape(as: m) { out = Matrix(rows: m.rows, cols: m.cols) }
        m.storage.withUnsafeBufferPointer { p in
            out.storage.withUnsafeMutableBufferPointer { q in
                if let pi = p.baseAddress, let qo = q.baseAddress { body(pi, qo, p.count) }
            }
        }
    }

    /// `elementwise` over two equally shaped inputs: `body(first, second, output, count)`.
    static func elementwise(_ m: Matrix, _ other: Matrix, into out: inout Matrix,
                            _ body: (UnsafePointer<Double>, UnsafePointer<Double>,
                                     UnsafeMutablePointer<Double>, Int) -> Void) {
        precondition(m.hasSameShape(as: other),
                     "Matrix: element-wise shapes differ, \(m.rows)×\(m.cols) and \(other.rows)×\(other.cols)")
        other.storage.withUnsafeBufferPointer { p2 in
            elementwise(m, into: &out) { p1, q, n in
                if let second = p2.baseAddress { body(p1, second, q, n) }
            }
        }
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
        var out = self
        out.addColumn(b)
        return out
    }

    /// `addingColumn` in place: M[i, j] += b[i, 0].
    mutating func addColumn(_ b: Matrix) {
        precondition(b.rows == rows && b.cols == 1,
                     "Matrix: cannot broadcast \(b.rows)×\(b.cols) over the columns of \(rows)×\(cols)")
        let cols = self.cols
        storage.withUnsafeMutableBufferPointer { out in
            b.storage.withUnsafeBufferPointer { bp in
                for i in 0..<bp.count {
                    let bi = bp[i]
                    for j in 0..<cols { out[i * cols + j] += bi }
                }
            }
        }
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
        var out = Matrix.zeros(rows, 1)
        sumRows(scaledBy: 1, into: &out)
        return out
    }

    /// s · `sumRows()` written over `out` (rows × 1): numpy's `s * np.sum(M, axis=1, keepdims=True)`.
    func sumRows(scaledBy s: Double, into out: inout Matrix) {
        precondition(out.rows == rows && out.cols == 1, "Matrix.sumRows: output is \(out.rows)×\(out.cols)")
        let cols = self.cols
        storage.withUnsafeBufferPointer { p in
            out.storage.withUnsafeMutableBufferPointer { q in
                for i in 0..<q.count {
                    let sum = 0.0 + pairwiseSum(UnsafeBufferPointer(rebasing: p[(i * cols)..<((i + 1) * cols)]))
                    q[i] = s * sum
                }
            }
        }
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
