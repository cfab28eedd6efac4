/// numpy's legacy global generator (`np.random.seed`, `randn`, `rand`), bit for bit.
///
/// PLACEHOLDER: being written; interface fixed.
public struct NumpyRandom: Sendable {
    public init(seed: UInt32) {}
    /// `np.random.randn(rows, cols)`, filled row by row.
    public mutating func randn(_ rows: Int, _ cols: Int) -> Matrix { Matrix.zeros(rows, cols) }
    /// `np.random.rand(rows, cols)`, filled row by row.
    public mutating func rand(_ rows: Int, _ cols: Int) -> Matrix { Matrix.zeros(rows, cols) }
}
