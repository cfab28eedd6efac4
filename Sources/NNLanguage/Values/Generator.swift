import NNCore

/// The words that make a new matrix: `randn R C`, `zeros R C`, `onehot Y K`, …, the
/// generators nnstep has always had. A leaf of `Expression`: its sizes are numbers, never
/// other expressions.
public enum Generator: Equatable, Sendable {
    /// `randn R C`
    case randn(Int, Int)
    /// `rand R C`
    case rand(Int, Int)
    /// `zeros R C`
    case zeros(Int, Int)
    /// `ones R C`
    case ones(Int, Int)
    /// `permutation N`: numpy's `np.random.permutation(N)` as a 1×N row.
    case permutation(Int)
    /// `normal R C [scale S]`: numpy's `np.random.normal(0, S, (R, C))`.
    case normal(Int, Int, scale: Double)
    /// `onehot NAME K`
    case onehot(MatrixName, Int)
}

// MARK: - Writing back as text

extension Generator: CustomStringConvertible {
    /// The generator as nnstep's own words spell it (`randn 2 3`, `normal 2 3 scale 0.5`).
    public var description: String {
        switch self {
        case let .randn(r, c): return "randn \(r) \(c)"
        case let .rand(r, c): return "rand \(r) \(c)"
        case let .zeros(r, c): return "zeros \(r) \(c)"
        case let .ones(r, c): return "ones \(r) \(c)"
        case let .permutation(n): return "permutation \(n)"
        case let .normal(r, c, s): return "normal \(r) \(c)" + (s == 1 ? "" : " scale \(s)")
        case let .onehot(n, k): return "onehot \(n) \(k)"
        }
    }
}
