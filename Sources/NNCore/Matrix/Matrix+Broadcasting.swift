/// numpy's broadcasting of two (or three) 2-D operands, element by element.
///
/// ```
/// shapes (r₁, c₁) and (r₂, c₂) broadcast  ⇔  each pair of sizes is equal or one of them is 1
/// out[i, j] = f(A[i or 0, j or 0], B[i or 0, j or 0])
/// ```
/// so a column b (n×1) spreads over the columns of W·A (n×m), a row over the
/// rows, and a 1×1 value over everything, as numpy's scalars do.
extension Matrix {
    /// The shape two shapes broadcast to, or nil when they do not.
    public static func broadcastShape(_ a: Matrix, _ b: Matrix) -> (rows: Int, cols: Int)? {
        guard let rows = broadcastSize(a.rows, b.rows), let cols = broadcastSize(a.cols, b.cols) else { return nil }
        return (rows, cols)
    }

    private static func broadcastSize(_ x: Int, _ y: Int) -> Int? {
        if x == y || y == 1 { return x }
        if x == 1 { return y }
        return nil
    }

    /// f(A, B) element by element after broadcasting both to one shape.
    public static func broadcast(_ a: Matrix, _ b: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
        guard let (rows, cols) = broadcastShape(a, b) else {
            preconditionFailure("Matrix.broadcast: \(a.rows)×\(a.cols) and \(b.rows)×\(b.cols) do not broadcast")
        }
        if a.hasSameShape(as: b) { return a.zipMap(b, f) }
        if b.count == 1 { let y = b.storage[0]; return a.map { f($0, y) } }   // a number: one pass
        if a.count == 1 { let x = a.storage[0]; return b.map { f(x, $0) } }
        var out = [Double](repeating: 0, count: rows * cols)
        let (ar, ac) = a.strides, (br, bc) = b.strides
        for i in 0..<rows {
            for j in 0..<cols {
                out[i * cols + j] = f(a.storage[i * ar + j * ac], b.storage[i * br + j * bc])
            }
        }
        return Matrix(rows: rows, cols: cols, storage: out)
    }

    /// f(C, A, B) element by element after broadcasting all three, as `np.where(C, A, B)`.
    public static func broadcast(_ c: Matrix, _ a: Matrix, _ b: Matrix,
                                 _ f: (Double, Double, Double) -> Double) -> Matrix {
        guard let r1 = broadcastSize(c.rows, a.rows), let c1 = broadcastSize(c.cols, a.cols),
              let rows = broadcastSize(r1, b.rows), let cols = broadcastSize(c1, b.cols) else {
            preconditionFailure("Matrix.broadcast: \(c.rows)×\(c.cols), \(a.rows)×\(a.cols) and \(b.rows)×\(b.cols) do not broadcast")
        }
        var out = [Double](repeating: 0, count: rows * cols)
        let (cr, cc) = c.strides, (ar, ac) = a.strides, (br, bc) = b.strides
        for i in 0..<rows {
            for j in 0..<cols {
                out[i * cols + j] = f(c.storage[i * cr + j * cc], a.storage[i * ar + j * ac], b.storage[i * br + j * bc])
            }
        }
        return Matrix(rows: rows, cols: cols, storage: out)
    }

    /// Steps through storage per row and per column; 0 along an axis of size 1, which broadcasts.
    private var strides: (row: Int, col: Int) {
        (rows == 1 ? 0 : cols, cols == 1 ? 0 : 1)
    }
}

// MARK: - numpy's element-wise rules

extension Matrix {
    /// `np.maximum(x, y)` for one pair: nan wins, and a tie gives y (so −0.0 vs 0.0 gives y).
    public static func maximum(_ x: Double, _ y: Double) -> Double {
        if x.isNaN { return x }
        if y.isNaN { return y }
        return x > y ? x : y
    }

    /// `np.minimum(x, y)` for one pair: nan wins, and a tie gives y.
    public static func minimum(_ x: Double, _ y: Double) -> Double {
        if x.isNaN { return x }
        if y.isNaN { return y }
        return x < y ? x : y
    }
}

// MARK: - Subscripts

extension Matrix {
    /// The rows and columns listed, in order (repeats allowed): numpy's `M[np.ix_(rows, cols)]`.
    public func selecting(rows rowIndices: [Int], cols colIndices: [Int]) -> Matrix {
        var out: [Double] = []
        out.reserveCapacity(rowIndices.count * colIndices.count)
        for i in rowIndices {
            precondition(i >= 0 && i < rows, "Matrix.selecting: row \(i) out of \(rows)")
            for j in colIndices {
                precondition(j >= 0 && j < cols, "Matrix.selecting: column \(j) out of \(cols)")
                out.append(storage[i * cols + j])
            }
        }
        return Matrix(rows: rowIndices.count, cols: colIndices.count, storage: out)
    }
}
