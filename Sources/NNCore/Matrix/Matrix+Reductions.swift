/// numpy's reductions over a 2-D matrix: `np.sum`, `np.mean`, `np.max`, `np.min` with `axis=`.
///
/// ```
/// axis nil   every element        → 1×1
/// axis 1     along each row       → n×1 with keepdims, else numpy's 1-D (n,), kept as a 1×n row
/// axis 0     down each column     → 1×m (with or without keepdims)
/// ```
extension Matrix {
    /// numpy's `np.sum(M, axis=…, keepdims=…)`, in numpy's order of additions.
    ///
    /// 1. Along a row (axis 1, or every element of the contiguous storage) numpy sums pairwise
    ///    (`pairwiseSum`) after its initial 0.0.
    /// 2. Down the columns (axis 0) it adds whole rows in turn: out[j] = ((0 + M[0,j]) + M[1,j]) + …;
    ///    a single column is one contiguous run again, summed pairwise.
    public func sum(axis: Int?, keepdims: Bool) -> Matrix {
        switch axis {
        case nil:
            return Matrix(scalar: sum())
        case 0? where cols == 1:
            return Matrix(scalar: sum())
        case 1?:
            let s = sumRows()
            return keepdims ? s : Matrix(rows: 1, cols: rows, storage: s.storage)
        default:
            var out = [Double](repeating: 0, count: cols)
            for i in 0..<rows {
                for j in 0..<cols { out[j] += storage[i * cols + j] }
            }
            return Matrix(rows: 1, cols: cols, storage: out)
        }
    }

    /// numpy's `np.mean`: the sum divided by how many elements it adds.
    public func mean(axis: Int?, keepdims: Bool) -> Matrix {
        let n = axis == nil ? count : (axis == 1 ? cols : rows)
        return sum(axis: axis, keepdims: keepdims) / Double(n)
    }

    /// numpy's `np.max` (`largest: true`) or `np.min`; a nan anywhere in a group gives nan.
    public func extreme(largest: Bool, axis: Int?, keepdims: Bool) -> Matrix {
        let pick: (Double, Double) -> Double = largest ? { Matrix.maximum($0, $1) } : { Matrix.minimum($0, $1) }
        switch axis {
        case nil:
            return Matrix(scalar: storage.dropFirst().reduce(storage[0], pick))
        case 1?:
            let values = (0..<rows).map { i in row(i).dropFirst().reduce(storage[i * cols], pick) }
            return keepdims ? Matrix(rows: rows, cols: 1, storage: values) : Matrix(rows: 1, cols: rows, storage: values)
        default:
            var out = Array(storage[0..<cols])
            for i in 1..<Swift.max(rows, 1) {
                for j in 0..<cols { out[j] = pick(out[j], storage[i * cols + j]) }
            }
            return Matrix(rows: 1, cols: cols, storage: out)
        }
    }

    /// `np.linalg.norm(M, axis=…, keepdims=…)`: the Frobenius norm, or each row's or column's 2-norm.
    ///
    /// ```
    /// ‖M‖ = √(Σ M[i,j]²)
    /// ```
    public func norm(axis: Int?, keepdims: Bool) -> Matrix {
        map { $0 * $0 }.sum(axis: axis, keepdims: keepdims).map { $0.squareRoot() }
    }
}
