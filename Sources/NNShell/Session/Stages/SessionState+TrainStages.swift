import NNCore

/// `train` with regularisation, dropout, an optimiser, mini-batches or decay.
///
/// ```
/// full batch:  N iterations, each forward (dropout), cost (+ L2), backward, the optimiser's step
/// mini-batch:  N epochs, each np.random.seed(seed + 1 + i), permutation(m), then every batch in order;
///              Cost after epoch i: Σ (summed batch costs) / m
/// decay:       α after epoch i = decay(α0, i)
/// ```
extension SessionState {
    mutating func trainStaged(_ n: Int, _ alpha: Double, every k: Int, x: Matrix, y: Matrix,
                              progress: ((TrainProgress) -> Void)?,
                              stream: ((Output) -> Void)?,
                              interrupted: inout Int?) throws(SessionError) -> [Output] {
        let state = try optimizerState()
        let start = coreNetwork()
        var trainer = StagedTrainer(network: start, x: x, y: y, loss: loss, learningRate: alpha,
                                    stages: stages, state: state, random: random)
        trainer.stepsPastInfiniteCost = !Self.isUnscaled(x) && loss != .mse
        var out: [Output] = []
        func show(_ line: Output) {
            if let stream { stream(line) } else { out.append(line) }
        }
        let epochs = stages.miniBatch != nil
        let unit = epochs ? "epoch" : "iteration"
        var costs: [Double] = []
        costs.reserveCapacity(min(n, 1 << 20))
        var printedRate = alpha
        var stoppedAt: Int?
        var notedInfinite = false
        for i in 0..<n {
            let j = trainer.epoch()
            costs.append(j)
            progress?(TrainProgress(iteration: i, total: n, cost: j))
            let due = i % k == 0 || i == n - 1
            if due || trainer.stalled {
                show(epochs ? .text("Cost after epoch \(i): \(j)") : .cost(iteration: i, value: j))
                if stages.decay != nil && trainer.learningRate != printedRate && !trainer.stalled {
                    show(.text("learning rate after epoch \(i): \(trainer.learningRate)"))
                    printedRate = trainer.learningRate
                }
            }
            if !j.isFinite && !trainer.stalled && !notedInfinite {
                out.append(infiniteCostNote(at: i, unit: unit, x: x))
                notedInfinite = true
            }
            if trainer.stalled {
                out.append(.note("the cost became \(nonFiniteText(j)) at \(unit) \(i) (α = \(trainer.learningRate)): "
                                 + trainingFailureCause(x: x, start: start, value: j, costs: costs, alpha: trainer.learningRate)
                                 + "; training stopped before that step, so the parameters are the last finite ones"))
                stoppedAt = i
                break
            }
            if Interrupt.consume() {
                if !due {
                    show(epochs ? .text("Cost after epoch \(i): \(j)") : .cost(iteration: i, value: j))
                }
                out.append(.note("interrupted after \(unit) \(i) of \(n); the parameters are those after it"))
                stoppedAt = i
                interrupted = i
                break
            }
        }
        storeOptimizerState(trainer.state)
        random = trainer.random
        keepTrained(trainer.network, costs: costs)
        if stoppedAt == nil {
            var how: [String] = []
            if let lambda = stages.lambda { how.append("L2 λ = \(lambda)") }
            if let d = stages.dropout { how.append("dropout keep_prob = \(d.keep)") }
            if stages.optimizer != .gd { how.append(stages.optimizer.name) }
            if let batch = stages.miniBatch {
                how.append("mini-batches of \(batch.size), \(batch.batchCount(x.cols)) per epoch")
            }
            if let decay = stages.decay { how.append("\(decay.name) decay, final α = \(trainer.learningRate)") }
            let steps = stages.optimizer.usesSquares ? "; t = \(trainer.state.t)" : ""
            out.append(.text("trained \(n) \(unit)\(n == 1 ? "" : "s") (α = \(alpha); \(how.joined(separator: ", "))\(steps)); "
                             + "caches and gradients were cleared: `forward` starts again from layer 1"))
        }
        return out
    }
}
