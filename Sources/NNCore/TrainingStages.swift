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

// MARK: - One pass over a batch

extension Network {
    /// Forward, cost and backward on (x, y) with the stages' dropout and L2 term.
    ///
    /// ```
    /// forward:   (seed)  Z[l], A[l], D[l] and A[l]·D[l]/keep   l = 1…L
    /// cost:      J = loss + λ/(2m)·Σ‖W[l]‖²;  summed = m·(loss part) as the course's Σ logprobs
    /// backward:  dA[l]·D[l]/keep,  dZ[l], dW[l] + (λ/m)·W[l], db[l], dA[l−1]   l = L…1
    /// ```
    /// `summed` is the cross-entropy summed over the examples (not divided by m),
    /// plus m times the L2 term, which the course's mini-batch loop adds up.
    public func stagedGradients(x: Matrix, y: Matrix, loss: Loss, stages: TrainingStages,
                                random: inout NumpyRandom)
        -> (cost: Double, summed: Double, grads: [(dW: Matrix, db: Matrix)]) {
        let L = depth, m = x.cols
        var a: [Matrix] = [x], z: [Matrix] = [], masks: [Matrix?] = []
        if let seed = stages.dropout?.seed { random.seed(seed) }
        for l in 1...L {
            let zl = Propagation.linearForward(w: W(l), aPrev: a[l - 1], b: b(l))
            var al = activation(l).forward(zl)
            if let d = stages.dropout, d.applies(to: l, depth: L) {
                let mask = d.mask(al.rows, al.cols, random: &random)
                al = d.apply(al, mask: mask)
                masks.append(mask)
            } else {
                masks.append(nil)
            }
            z.append(zl)
            a.append(al)
        }
        let al = a[L]
        var terms = Matrix.zeros(0, 0)
        var j = loss.cost(al, y, terms: &terms)
        var summed = loss.summedCost(terms: terms)
        if let lambda = stages.lambda {
            let term = Regularization.l2Cost(weights, lambda: lambda, m: m)
            j = j + term
            summed = summed + Double(m) * term
        }
        // An infinite J (log 0 at a saturated output) still gets its gradients, which the
        // caller checks; a nan J has none.
        guard !j.isNaN else { return (j, summed, []) }
        var upstream = Propagation.outputUpstream(output: activation(L), loss: loss, al: al, y: y, z: z[L - 1])
        var grads = [(dW: Matrix, db: Matrix)](repeating: (Matrix.zeros(0, 0), Matrix.zeros(0, 0)), count: L)
        for l in stride(from: L, through: 1, by: -1) {
            if case let .dA(dA, zl) = upstream, let d = stages.dropout, let mask = masks[l - 1] {
                upstream = .dA(d.apply(dA, mask: mask), z: zl)
            }
            let g = Propagation.layerBackward(upstream, activation: activation(l), aPrev: a[l - 1], w: W(l),
                                              needPrevious: l > 1)
            var dW = g.dW
            if let lambda = stages.lambda { dW = dW + Regularization.l2Gradient(W(l), lambda: lambda, m: m) }
            grads[l - 1] = (dW, g.db)
            if let dAPrev = g.dAPrev { upstream = .dA(dAPrev, z: z[l - 2]) }
        }
        return (j, summed, grads)
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

extension Array where Element == (dW: Matrix, db: Matrix) {
    /// Whether every dW[l] and db[l] is finite: an update from them keeps the parameters finite.
    var allFinite: Bool {
        allSatisfy { $0.dW.firstNonFinite == nil && $0.db.firstNonFinite == nil }
    }
}
