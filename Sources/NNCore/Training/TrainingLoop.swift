/// `train`'s loop: forward → cost → backward → regularise → update, one iteration (one epoch
/// with mini-batches) per `next()`, under one rule for a cost that is not finite.
///
/// ```
/// J finite:   the update runs
/// J = inf:    the update runs when every gradient is finite (a saturated output: log 0 in J,
///             but dZ[L] = AL − Y) and `stepsPastInfiniteCost`; otherwise the loop stalls
/// J = nan:    no update; the loop stalls
/// ```
/// How it runs is chosen here, once: with every stage off on dense layers, the lecture's fast
/// loop (`Trainer`: buffers reused, layer 1 through G = XᵀX where that pays), which keeps the
/// bits of stepping by hand; otherwise the staged pass (`StagedTrainer`: L2, dropout, the
/// optimiser, mini-batches, decay and every layer kind). Both apply the rule above.
public struct TrainingLoop: Sendable {
    private enum Engine: Sendable {
        case lecture(Trainer)
        case staged(StagedTrainer)
    }

    /// What one iteration (or epoch) did.
    public struct Step: Sendable {
        /// J before the update (the epoch's average with mini-batches), as the course prints it.
        public var cost: Double
        /// Whether the update was skipped by the rule above; the loop should stop.
        public var stalled: Bool
        /// Whether this was the first update past an infinite cost.
        public var firstInfiniteStep: Bool
    }

    private var engine: Engine
    private var infiniteSteps = 0
    /// The iterations (or epochs) asked for.
    public let planned: Int
    /// The iterations (or epochs) run so far.
    public private(set) var done = 0

    /// A loop of `iterations` on (x, y) from `network`, with `stages`, the optimiser's `state`
    /// (nil: zeros) and the generator dropout and mini-batches draw from.
    public init(network: Network, x: Matrix, y: Matrix, loss: Loss, learningRate: Double, iterations: Int,
                stages: TrainingStages, state: OptimizerState? = nil, random: NumpyRandom,
                stepsPastInfiniteCost: Bool) {
        planned = iterations
        if stages.isPlain && network.isDense {
            var trainer = Trainer(network: network, x: x, y: y, loss: loss, learningRate: learningRate,
                                  iterations: iterations)
            trainer.stepsPastInfiniteCost = stepsPastInfiniteCost
            engine = .lecture(trainer)
        } else {
            var trainer = StagedTrainer(network: network, x: x, y: y, loss: loss, learningRate: learningRate,
                                        stages: stages, state: state ?? OptimizerState(zerosFor: network),
                                        random: random)
            trainer.stepsPastInfiniteCost = stepsPastInfiniteCost
            engine = .staged(trainer)
        }
    }
}

// MARK: - Running

extension TrainingLoop {
    /// One iteration, or one epoch with mini-batches.
    public mutating func next() -> Step {
        let cost: Double, stalled: Bool
        switch engine {
        case var .lecture(trainer):
            cost = trainer.iterate()
            stalled = trainer.stalled
            engine = .lecture(trainer)
        case var .staged(trainer):
            cost = trainer.epoch()
            stalled = trainer.stalled
            engine = .staged(trainer)
        }
        done += 1
        let steppedPastInfinity = !cost.isFinite && !stalled
        if steppedPastInfinity { infiniteSteps += 1 }
        return Step(cost: cost, stalled: stalled, firstInfiniteStep: steppedPastInfinity && infiniteSteps == 1)
    }

    /// The network after the iterations so far (W[1] formed on the Gram path).
    public var network: Network {
        switch engine {
        case let .lecture(trainer): return trainer.network
        case let .staged(trainer): return trainer.network
        }
    }

    /// Whether this is the lecture's own loop (every stage off, dense layers).
    public var isLecturesLoop: Bool {
        if case .lecture = engine { return true } else { return false }
    }

    /// How layer 1 is formed in the lecture's loop; nil in the staged one.
    public var firstLayer: FirstLayerAlgorithm? {
        if case let .lecture(trainer) = engine { return trainer.algorithm } else { return nil }
    }

    /// The optimiser's state after the updates so far; nil in the lecture's loop, which keeps none.
    public var state: OptimizerState? {
        if case let .staged(trainer) = engine { return trainer.state } else { return nil }
    }

    /// The generator after the draws so far; nil in the lecture's loop, which draws nothing.
    public var random: NumpyRandom? {
        if case let .staged(trainer) = engine { return trainer.random } else { return nil }
    }

    /// The learning rate the next iteration uses (decay changes it after each epoch).
    public var learningRate: Double {
        switch engine {
        case let .lecture(trainer): return trainer.learningRate
        case let .staged(trainer): return trainer.learningRate
        }
    }
}
