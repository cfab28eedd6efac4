import NNCore
import NNLanguage

/// `train`, `predict` and `accuracy`.
extension SessionState {
    /// `train N LR [every K]`: N iterations of forward, cost, backward, step.
    /// Prints `Cost after iteration i: J` for i = 0, K, 2K, … and the last one.
    /// An interrupt stops it after the current iteration with the state consistent.
    /// With `stream`, the cost lines go there as they are computed, ahead of the result.
    /// Stopped after iteration i, it records `train i+1 …` as what ran (`context.stopped`).
    mutating func train(_ n: Int, _ alpha: Double, every: Int?,
                        _ context: inout CommandContext) throws(SessionError) -> [Output] {
        let progress = context.progress, stream = context.stream
        let k = try checkTrainArguments(n, alpha, every: every)
        let restored = endWalk()
        let (x, y) = try trainingData()
        let start = coreNetwork()
        var loop = TrainingLoop(network: start, x: x, y: y, loss: loss, learningRate: alpha, iterations: n,
                                stages: stages, state: stages.isPlain ? nil : try optimizerState(), random: random,
                                stepsPastInfiniteCost: !Self.isUnscaled(x) && loss != .mse)
        var out: [Output] = restored + Self.learningRateNote(alpha)
        // Nothing can fail once the loop starts, so a line shown early is never taken back.
        func show(_ line: Output) {
            if let stream { stream(line) } else { out.append(line) }
        }
        let epochs = stages.miniBatch != nil
        let unit = epochs ? "epoch" : "iteration"
        func costLine(_ i: Int, _ j: Double) -> Output {
            epochs ? .text("Cost after epoch \(i): \(j)") : .cost(iteration: i, value: j)
        }
        var costs: [Double] = []
        costs.reserveCapacity(min(n, 1 << 20))
        var printedRate = alpha
        var stoppedAt: Int?
        for i in 0..<n {
            let rate = loop.learningRate
            let step = loop.next()
            let j = step.cost
            costs.append(j)
            progress?(TrainProgress(iteration: i, total: n, cost: j))
            let due = i % k == 0 || i == n - 1
            if due || step.stalled {
                show(costLine(i, j))
                if stages.decay != nil && loop.learningRate != printedRate && !step.stalled {
                    show(.text("learning rate after epoch \(i): \(loop.learningRate)"))
                    printedRate = loop.learningRate
                }
            }
            if step.firstInfiniteStep { out.append(infiniteCostNote(at: i, unit: unit, x: x)) }
            if step.stalled {
                let kept = loop.isLecturesLoop
                    ? "training stopped before that iteration's step, so the parameters are the last finite ones "
                        + "(`undo` takes the whole `train` back)"
                    : "training stopped before that step, so the parameters are the last finite ones"
                out.append(.note("the cost became \(nonFiniteText(j)) at \(unit) \(i) (α = \(rate)): "
                                 + trainingFailureCause(x: x, start: start, value: j, costs: costs, alpha: rate)
                                 + "; " + kept))
                stoppedAt = i
                break
            }
            if context.shouldStop() {
                if !due { show(costLine(i, j)) }
                out.append(.note("interrupted after \(unit) \(i) of \(n); the parameters are those after it"))
                stoppedAt = i
                context.stopped = .train(iterations: i + 1, learningRate: alpha, every: every)
                break
            }
        }
        if let state = loop.state { storeOptimizerState(state) }
        if let drawn = loop.random { random = drawn }
        keepTrained(loop.network, costs: costs)
        if stoppedAt == nil { out.append(trainedLine(n, alpha, loop, examples: x.cols)) }
        return out
    }

    /// `train N LR [every K]`'s numbers, checked before anything changes; K (100 unless given).
    private func checkTrainArguments(_ n: Int, _ alpha: Double, every: Int?) throws(SessionError) -> Int {
        try requireNetwork(.train)
        guard n >= 1 else {
            throw .invalidNumber(what: "the number of iterations", value: String(n), expected: "at least 1")
        }
        guard alpha.isFinite else {
            throw .invalidNumber(what: "the learning rate", value: String(alpha), expected: "a finite number such as 0.0075")
        }
        let k = every ?? 100
        guard k >= 1 else {
            throw .invalidNumber(what: "every", value: String(k), expected: "print every K ≥ 1 iterations")
        }
        return k
    }

    /// X and Y as `train` takes them: n[0] × m and n[L] × m, with room for every layer's caches.
    private func trainingData() throws(SessionError) -> (x: Matrix, y: Matrix) {
        let x = try value(.X), y = try value(.Y)
        guard x.rows == sizes[0] else {
            throw .shapes(stage: CommandSpec.train.name, detail: "X has \(count(x.rows, "row")) but n[0] = \(sizes[0])")
        }
        guard y.rows == sizes[depth], y.cols == x.cols else {
            throw .shapes(stage: CommandSpec.train.name, detail: "Y is \(y.numpyShape) but must be (\(sizes[depth]), \(x.cols)), "
                          + "n[\(depth)]×m with m = \(x.cols) from X")
        }
        try checkCaches(examples: x.cols, copies: 4)   // Z, A, dA and dZ of every layer at once
        return (x, y)
    }

    /// A note when α is not positive: θ − α·dθ then leaves θ as it is (α = 0) or climbs the cost.
    static func learningRateNote(_ alpha: Double) -> [Output] {
        if alpha == 0 {
            return [.note("α = 0 leaves every parameter as it is (θ − 0·dθ = θ); the course's rates are small "
                          + "positive numbers such as 0.0075")]
        }
        guard alpha < 0 else { return [] }
        return [.note("α = \(alpha) is negative: θ − α·dθ moves uphill, so the cost rises at each step; "
                      + "the course's rates are small positive numbers such as 0.0075")]
    }

    /// `train`'s closing line: what ran, and that the caches went.
    private func trainedLine(_ n: Int, _ alpha: Double, _ loop: TrainingLoop, examples m: Int) -> Output {
        let cleared = "caches and gradients were cleared: `forward` starts again from layer 1"
        if loop.isLecturesLoop {
            let how = loop.firstLayer == .gram
                ? "; layer 1 was carried through G = XᵀX (\(m)×\(m)), W1 formed once at the end" : ""
            return .text("trained \(n) iterations (α = \(alpha)\(how)); " + cleared)
        }
        let unit = stages.miniBatch != nil ? "epoch" : "iteration"
        var how: [String] = []
        if let lambda = stages.lambda { how.append("L2 λ = \(lambda)") }
        if let d = stages.dropout { how.append("dropout keep_prob = \(d.keep)") }
        if stages.optimizer != .gd { how.append(stages.optimizer.name) }
        if let batch = stages.miniBatch { how.append("mini-batches of \(batch.size), \(batch.batchCount(m)) per epoch") }
        if let decay = stages.decay { how.append("\(decay.name) decay, final α = \(loop.learningRate)") }
        let normalised = (1...depth).filter { !rule($0).cacheNames.isEmpty }
        if !normalised.isEmpty {
            how.append("batchnorm on layer" + (normalised.count == 1 ? " " : "s ") + normalised.map(String.init).joined(separator: ", "))
        }
        let steps = stages.optimizer.usesSquares ? "; t = \(loop.state?.t ?? 0)" : ""
        return .text("trained \(n) \(unit)\(n == 1 ? "" : "s") (α = \(alpha); \(how.joined(separator: ", "))\(steps)); "
                     + cleared)
    }

    /// The parameters `train` ends with, and its costs for `plot cost`. The caches and gradients
    /// belong to parameters that no longer exist, so they go (X, the parameters and the
    /// optimiser's state stay).
    mutating func keepTrained(_ net: Network, costs: [Double]) {
        for l in 1...depth {
            for (p, m) in zip(rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]), net.parameters[l - 1]) {
                store.set(.layer(Self.slot(p.name), l), m)
            }
        }
        store.removeAll { name in
            if case let .layer(slot, l) = name { return !slot.isParameter && !slot.isOptimizerState && !(slot == .A && l == 0) }
            return name == .J
        }
        trainCosts = costs
        stage = .idle
    }

    /// Why `train`'s cost stopped being finite, most specific first:
    ///
    /// ```
    /// a parameter already nan or inf    → name it
    /// max |X| > 100                     → X is not scaled
    /// finite at iteration 0, then not    → the steps overshoot: the learning rate is too large
    /// otherwise                         → log(0): a saturated output (learning rate, initial weights)
    /// ```
    func trainingFailureCause(x: Matrix, start: Network, value: Double, costs: [Double] = [],
                              alpha: Double = 0) -> String {
        for l in 1...depth {
            let specs = rule(l).parameters(units: sizes[l], inputs: sizes[l - 1])
            for (slot, m) in zip(specs.map { Self.slot($0.name) }, start.parameters[l - 1]) where m.firstNonFinite != nil {
                return "\(MatrixName.layer(slot, l)) already held nan or inf before training; set it again or run `init`"
            }
        }
        let largest = x.storage.reduce(0) { max($0, abs($1)) }
        if Self.isUnscaled(x) {
            return "X is not scaled (its largest |value| is \(short(largest))), so Z[1] saturates the output; "
                + "scale it first: `undo`, then `X = X / \(short(largest))` puts every value in [−1, 1] "
                + "(or divide each row of X by its own largest value in numpy and `load` it)"
        }
        let finite = costs.filter(\.isFinite)
        if let first = finite.first, let last = finite.last {
            let rose = finite.count >= 2 && last > first ? " and rose to \(short(last))" : ""
            return "from finite parameters and a finite cost (\(short(first)) at iteration 0\(rose)), "
                + "\(count(finite.count, CommandSpec.step.name)) of α = \(alpha) overshot until the output saturated: the learning rate is "
                + "too large; `undo`, then train with a smaller one, e.g. α = \(alpha / 10)"
        }
        return nonFiniteCause(.J, value: value)
    }

    /// Why `train` goes on past an infinite cost: J has log 0 in it, but the gradients
    /// it follows are finite, as in the course's runs with np.nansum. Unscaled X is named,
    /// since it is the likeliest reason an output saturates.
    ///
    /// ```
    /// AL exactly 0 or 1 where Y is not:  −log 0 = inf in J
    /// dZ[L] = AL − Y                      finite, so the step is taken
    /// ```
    func infiniteCostNote(at i: Int, unit: String, x: Matrix) -> Output {
        let largest = x.storage.reduce(0) { max($0, abs($1)) }
        let why = largest > 100
            ? "X is not scaled (its largest |value| is \(short(largest))), so an output is exactly 0 or 1 where Y is not"
            : "some A[L] is exactly 0 or 1 where Y is not"
        return .note("the cost is inf at \(unit) \(i): \(why), so J holds −log(0) = inf; "
                     + "the gradients (dZ[L] = AL − Y) are finite, so training goes on, as the course's run does")
    }

    /// Whether X is too large to train on as it is: some |value| above 100. `train` then stops at
    /// an infinite cost instead of stepping past it, and names the scaling that fixes it.
    static func isUnscaled(_ x: Matrix) -> Bool {
        x.storage.contains { abs($0) > 100 }
    }

    /// `predict [X]`: AL > 0.5, or the argmax of each column for softmax.
    mutating func predict(_ xName: MatrixName?) throws(SessionError) -> [Output] {
        let (name, p, warning) = try predictions(xName, command: CommandSpec.predict.name)
        return [.formula(activations.last == .softmax ? "ŷ = argmax of each column of AL" : "ŷ = AL > 0.5"),
                .matrix(MatrixOutput(name: "predictions for \(name)", matrix: p))] + warning
    }

    /// `accuracy [X Y]`: the fraction of columns predicted right, and the count.
    mutating func accuracy(_ xName: MatrixName?, _ yName: MatrixName?) throws(SessionError) -> [Output] {
        let (_, p, warning) = try predictions(xName, command: CommandSpec.accuracy.name)
        let yn = yName ?? .Y
        let y = try value(yn, current: false)
        let labels: Matrix
        if y.rows == 1 {
            labels = y
        } else {
            labels = Matrix(rows: 1, cols: y.cols, storage: (0..<y.cols).map { Double(y.argmaxRow(inColumn: $0)) })
        }
        guard labels.cols == p.cols else {
            throw .shapes(stage: CommandSpec.accuracy.name, detail: "\(yn) has \(y.cols) examples but the predictions have \(p.cols)")
        }
        let right = zip(labels.storage, p.storage).filter { $0 == $1 }.count
        let fraction = Double(right) / Double(p.cols)
        return [.text("accuracy: \(fraction) (\(right)/\(p.cols))")] + warning
    }

    /// The predictions for X (or `xName`). A parameter, the input or AL holding nan or inf
    /// is refused, so that predictions scored from nan are never taken as real.
    private func predictions(_ xName: MatrixName?, command: String) throws(SessionError) -> (MatrixName, Matrix, [Output]) {
        try requireNetwork(command)
        let name = xName ?? .X
        let x = try value(name, current: false)
        guard x.rows == sizes[0] else {
            throw .shapes(stage: command, detail: "\(name) has \(count(x.rows, "row")) but n[0] = \(sizes[0])")
        }
        try checkCaches(examples: x.cols)
        for l in 1...depth {
            for slot in rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).map({ Self.slot($0.name) }) {
                let p = MatrixName.layer(slot, l)
                if let m = store[p], let bad = m.firstNonFinite {
                    throw .nonFinitePrediction(
                        command: command, what: "\(p)[\(bad.row),\(bad.col)] is \(nonFiniteText(m[bad.row, bad.col]))",
                        cause: "a `step` or `train` with too large a learning rate, or a value set by hand, made it; "
                            + "`undo` back to finite parameters (`history` lists the commands), or `init` to draw W again")
                }
            }
        }
        if let bad = x.firstNonFinite {
            throw .nonFinitePrediction(command: command, what: "\(name)[\(bad.row),\(bad.col)] is \(nonFiniteText(x[bad.row, bad.col]))",
                                       cause: "set \(name) again with finite values")
        }
        let net = coreNetwork()
        let al: Matrix
        if (1...depth).allSatisfy({ rule($0).cacheNames.isEmpty }) {
            al = net.forwardAll(x)
        } else {
            // 1. Batch norm normalises new examples with the training batch's μ and σ²: those of a
            //    forward pass over X with the current parameters (what `forward all` stores as mu, var).
            let training = try value(.X, current: false)
            guard training.rows == sizes[0] else {
                throw .shapes(stage: command, detail: "X, the training batch whose μ and σ² batch norm uses, "
                              + "has \(count(training.rows, "row")) but n[0] = \(sizes[0])")
            }
            try checkCaches(examples: training.cols)
            al = net.forwardAll(x, statisticsFrom: training)
        }
        let warning: [Output] = []
        if let bad = al.firstNonFinite {
            throw .nonFinitePrediction(command: command, what: "AL[\(bad.row),\(bad.col)] is \(nonFiniteText(al[bad.row, bad.col]))",
                                       cause: "Z overflowed past ±1.8e308 on the way: the weights or \(name) are too large; "
                                           + "scale \(name) (e.g. `\(name) = \(name) / 255` for pixels) or `init` smaller weights")
        }
        if activations.last == .softmax {
            let cols = (0..<al.cols).map { Double(al.argmaxRow(inColumn: $0)) }
            return (name, Matrix(rows: 1, cols: al.cols, storage: cols), warning)
        }
        return (name, al.map { $0 > 0.5 ? 1 : 0 }, warning)
    }
}

extension Matrix {
    /// The row of column `j` holding its largest value (the first on a tie),
    /// numpy's `np.argmax(M[:, j])`: the class a softmax output predicts.
    func argmaxRow(inColumn j: Int) -> Int {
        var best = 0
        for i in 0..<rows where self[i, j] > self[best, j] { best = i }
        return best
    }
}

/// Where a running `train` stands, for a progress bar.
public struct TrainProgress: Sendable {
    public var iteration: Int
    public var total: Int
    public var cost: Double
}
