/// `train` with the stages beyond the lecture (`TrainingStages`): one epoch per call.
///
/// ```
/// full batch:  one iteration of forward, cost, backward, update on (X, Y)
/// mini-batch:  np.random.seed(seed + 1 + i);  p = permutation(m)
///              for each batch of X[:, p], Y[:, p]: forward, cost, backward, update
///              J = (Σ summed batch costs) / m
/// decay:       α = decay(α0, i) after epoch i
/// ```
/// The lecture's plain loop keeps `Trainer`, whose fast paths this one does not need.
public struct StagedTrainer: Sendable {
    public private(set) var network: Network
    public private(set) var state: OptimizerState
    /// The generator dropout and the permutations draw from.
    public private(set) var random: NumpyRandom
    private let x: Matrix
    private let y: Matrix
    private let loss: Loss
    public let stages: TrainingStages
    /// α0, and the rate the next epoch uses.
    public let initialLearningRate: Double
    public private(set) var learningRate: Double
    /// Epochs run so far.
    public private(set) var epochs = 0
    /// Whether the last epoch stopped before an update: a cost was nan, or it was
    /// infinite and a gradient was not finite. `train` stops there.
    public private(set) var stalled = false
    /// Updates whose cost was infinite but whose gradients were finite, so they ran.
    public private(set) var infiniteCostSteps = 0
    /// Whether an infinite cost with finite gradients may update (as `Trainer`'s).
    public var stepsPastInfiniteCost = true

    public init(network: Network, x: Matrix, y: Matrix, loss: Loss, learningRate: Double,
                stages: TrainingStages, state: OptimizerState, random: NumpyRandom) {
        precondition(network.depth >= 1 && x.rows == network.units(0) && y.cols == x.cols,
                     "StagedTrainer: X is \(x.rows)×\(x.cols) and Y \(y.rows)×\(y.cols) for n[0] = \(network.units(0))")
        self.network = network
        self.x = x
        self.y = y
        self.loss = loss
        self.stages = stages
        self.state = state
        self.random = random
        initialLearningRate = learningRate
        self.learningRate = learningRate
    }
}

// MARK: - Epochs

extension StagedTrainer {
    /// One epoch; returns its cost (full batch: J before the update; mini-batch: the
    /// epoch average). A cost that is nan, or infinite with a gradient that is not
    /// finite, stops the epoch before that update and sets `stalled`; an infinite cost
    /// with finite gradients (a saturated output, dZ[L] = AL − Y) updates as usual.
    public mutating func epoch() -> Double {
        let m = x.cols
        var cost: Double
        stalled = false
        if let batches = stages.miniBatch {
            let p = batches.permutation(epoch: epochs, m: m, random: &random)
            var total = 0.0
            for k in 0..<batches.batchCount(m) {
                let columns = batches.columns(batch: k, of: p)
                let (xb, yb) = (x.selectingColumns(columns), y.selectingColumns(columns))
                let (j, summed, stepped) = iterate(x: xb, y: yb)
                guard stepped else { epochs += 1; stalled = true; return j }
                total += summed
            }
            cost = total / Double(m)
        } else {
            let pass = iterate(x: x, y: y)
            cost = pass.cost
            guard pass.stepped else { epochs += 1; stalled = true; return cost }
        }
        if let decay = stages.decay { learningRate = decay.learningRate(initialLearningRate, afterEpoch: epochs) }
        epochs += 1
        return cost
    }

    /// Forward, cost, backward and the optimiser's update on one batch; the update is
    /// skipped (`stepped` false) when the cost is nan or a gradient is not finite.
    private mutating func iterate(x: Matrix, y: Matrix) -> (cost: Double, summed: Double, stepped: Bool) {
        let pass = network.stagedGradients(x: x, y: y, loss: loss, stages: stages, random: &random)
        guard !pass.cost.isNaN, pass.grads.count == network.depth, pass.grads.allFinite,
              pass.cost.isFinite || stepsPastInfiniteCost else {
            return (pass.cost, pass.summed, false)
        }
        stages.optimizer.update(&network, gradients: pass.grads, state: &state, learningRate: learningRate)
        if !pass.cost.isFinite { infiniteCostSteps += 1 }
        return (pass.cost, pass.summed, true)
    }
}
