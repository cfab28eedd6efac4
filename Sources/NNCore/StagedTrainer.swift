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
    /// epoch average). When a cost is not finite the epoch stops before that update.
    public mutating func epoch() -> Double {
        let m = x.cols
        var cost: Double
        if let batches = stages.miniBatch {
            let p = batches.permutation(epoch: epochs, m: m, random: &random)
            var total = 0.0
            for k in 0..<batches.batchCount(m) {
                let columns = batches.columns(batch: k, of: p)
                let (xb, yb) = (x.selectingColumns(columns), y.selectingColumns(columns))
                let (j, summed) = iterate(x: xb, y: yb)
                guard j.isFinite else { epochs += 1; return j }
                total += summed
            }
            cost = total / Double(m)
        } else {
            cost = iterate(x: x, y: y).cost
            guard cost.isFinite else { epochs += 1; return cost }
        }
        if let decay = stages.decay { learningRate = decay.learningRate(initialLearningRate, afterEpoch: epochs) }
        epochs += 1
        return cost
    }

    /// Forward, cost, backward and the optimiser's update on one batch.
    private mutating func iterate(x: Matrix, y: Matrix) -> (cost: Double, summed: Double) {
        let pass = network.stagedGradients(x: x, y: y, loss: loss, stages: stages, random: &random)
        guard pass.cost.isFinite else { return (pass.cost, pass.summed) }
        stages.optimizer.update(&network, gradients: pass.grads, state: &state, learningRate: learningRate)
        return (pass.cost, pass.summed)
    }
}
