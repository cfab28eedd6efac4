/// The stages beyond the lecture's loop that stepping by hand and `train` share:
/// L2 regularisation, dropout, the optimiser, mini-batches and learning-rate decay.
///
/// ```
/// forward   Z[l] = W[l]·A[l−1] + b[l];  A[l] = g[l](Z[l]);  A[l] = A[l]·D[l]/keep   (dropout)
/// cost      J = cross-entropy + λ/(2m)·Σl ‖W[l]‖²                                (L2)
/// backward  dA[l] = dA[l]·D[l]/keep before g′;  dW[l] += (λ/m)·W[l]
/// step      gd, momentum or adam
/// ```
public struct TrainingStages: Equatable, Sendable {
    /// λ of L2 regularisation, or nil.
    public var lambda: Double?
    public var dropout: Dropout?
    public var optimizer: Optimizer
    public var miniBatch: MiniBatch?
    public var decay: LearningRateDecay?

    public init(lambda: Double? = nil, dropout: Dropout? = nil, optimizer: Optimizer = .gd,
                miniBatch: MiniBatch? = nil, decay: LearningRateDecay? = nil) {
        self.lambda = lambda
        self.dropout = dropout
        self.optimizer = optimizer
        self.miniBatch = miniBatch
        self.decay = decay
    }

    /// The lecture's own loop: full batch, plain gradient descent, nothing added.
    public var isPlain: Bool {
        lambda == nil && dropout == nil && optimizer == .gd && miniBatch == nil && decay == nil
    }
}

extension Loss {
    /// The loss summed over the examples from its per-example terms (the course's
    /// `np.sum(logprobs)` of its mini-batch loop): −Σ terms, or ½·Σ terms for mse.
    public func summedCost(terms: Matrix) -> Double {
        switch self {
        case .bce, .ce: return -terms.sum()
        case .mse: return 0.5 * terms.sum()
        }
    }
}
