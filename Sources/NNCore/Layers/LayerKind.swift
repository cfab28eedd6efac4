/// The kinds of layer a network is built of: a closed set, each kind's rule in its own file.
///
/// ```
/// dense       Z[l] = W[l]·A[l−1] + b[l]                               A[l] = g[l](Z[l])
/// batchnorm   Z[l] = W[l]·A[l−1],  Ẑ = (Z[l] − μ)/√(σ² + ε),  Z̃[l] = γ[l]·Ẑ + β[l]   A[l] = g[l](Z̃[l])
/// ```
/// This is the one place that chooses among the kinds: everything else (the stepper,
/// `train`, the gradient check) asks a kind's `rule`.
public enum LayerKind: Equatable, Sendable {
    /// The lecture's fully connected layer.
    case dense
    /// A fully connected layer normalised over the batch (course 2, week 3), without b[l].
    case batchNorm(epsilon: Double)

    /// ε of `batchnorm` unless one is given: PyTorch's `BatchNorm1d` default.
    public static let defaultEpsilon = 1e-5

    /// What the kind computes.
    public var rule: any LayerRule {
        switch self {
        case .dense: return DenseLayer()
        case let .batchNorm(epsilon): return BatchNormLayer(epsilon: epsilon)
        }
    }

    /// The word in `net` and in the network's table.
    public var name: String { rule.name }

    /// The kind with its settings, as the network's table shows it: `dense`, `batchnorm ε=1e-05`.
    public var label: String {
        switch self {
        case .dense: return "dense"
        case let .batchNorm(epsilon): return "batchnorm ε=\(epsilon)"
        }
    }
}
