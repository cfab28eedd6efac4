import NNCore

/// `train`, `predict` and `accuracy`.
extension SessionState {
    /// `train N LR [every K]`: N iterations of forward, cost, backward, step.
    /// Prints `Cost after iteration i: J` for i = 0, K, 2K, … and the last one.
    /// An interrupt stops it after the current iteration with the state consistent.
    /// With `stream`, the cost lines go there as they are computed, ahead of the result.
    mutating func train(_ n: Int, _ alpha: Double, every: Int?, progress: ((TrainProgress) -> Void)?,
                        stream: ((Output) -> Void)? = nil) throws(SessionError) -> [Output] {
        try requireNetwork("train")
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
        let restored = endWalk()
        let x = try value(.X), y = try value(.Y)
        guard x.rows == sizes[0] else {
            throw .shapes(stage: "train", detail: "X has \(count(x.rows, "row")) but n[0] = \(sizes[0])")
        }
        guard y.rows == sizes[depth], y.cols == x.cols else {
            throw .shapes(stage: "train", detail: "Y is \(y.numpyShape) but must be (\(sizes[depth]), \(x.cols)), "
                          + "n[\(depth)]×m with m = \(x.cols) from X")
        }
        try checkCaches(examples: x.cols)
        if !stages.isPlain {
            return restored + (try trainStaged(n, alpha, every: k, x: x, y: y, progress: progress, stream: stream))
        }
        let startingParameters = coreNetwork()
        var trainer = Trainer(network: startingParameters, x: x, y: y, loss: loss, learningRate: alpha, iterations: n)
        var out: [Output] = restored
        // Nothing can fail once the loop starts, so a line shown early is never taken back.
        func show(_ line: Output) {
            if let stream { stream(line) } else { out.append(line) }
        }
        var costs: [Double] = []
        costs.reserveCapacity(min(n, 1 << 20))
        var stoppedAt: Int?
        for i in 0..<n {
            let j = trainer.iterate()
            costs.append(j)
            progress?(TrainProgress(iteration: i, total: n, cost: j))
            if i % k == 0 || i == n - 1 || trainer.stalled { show(.cost(iteration: i, value: j)) }
            if trainer.stalled {
                out.append(.note("the cost became \(nonFiniteText(j)) at iteration \(i) (α = \(alpha)): "
                                 + trainingFailureCause(x: x, start: startingParameters, value: j)
                                 + "; training stopped before that iteration's step, so the parameters are the last finite ones"))
                stoppedAt = i
                break
            }
            if !j.isFinite && trainer.infiniteCostSteps == 1 { out.append(infiniteCostNote(at: i, unit: "iteration", x: x)) }
            if Interrupt.consume() {
                if i % k != 0 && i != n - 1 { show(.cost(iteration: i, value: j)) }
                out.append(.note("interrupted after iteration \(i) of \(n); the parameters are those after it"))
                stoppedAt = i
                break
            }
        }
        let net = trainer.network
        for l in 1...depth {
            store.set(.layer(.W, l), net.W(l))
            store.set(.layer(.b, l), net.b(l))
        }
        // The caches and gradients belong to parameters that no longer exist.
        store.removeAll { name in
            if case let .layer(slot, l) = name { return !slot.isParameter && !slot.isOptimizerState && !(slot == .A && l == 0) }
            return name == .J
        }
        trainCosts = costs
        stage = .idle
        if stoppedAt == nil {
            let how = trainer.algorithm == .gram
                ? "; layer 1 was carried through G = XᵀX (\(x.cols)×\(x.cols)), W1 formed once at the end" : ""
            out.append(.text("trained \(n) iterations (α = \(alpha)\(how)); caches and gradients were cleared: "
                             + "`forward` starts again from layer 1"))
        }
        return out
    }

    /// Why `train`'s cost stopped being finite, most specific first:
    ///
    /// ```
    /// a parameter already nan or inf    → name it
    /// max |X| > 100                     → X is not scaled
    /// otherwise                         → log(0): a saturated output (learning rate, initial weights)
    /// ```
    func trainingFailureCause(x: Matrix, start: Network, value: Double) -> String {
        for l in 1...depth {
            for (slot, m) in [(Slot.W, start.W(l)), (.b, start.b(l))] where m.firstNonFinite != nil {
                return "\(MatrixName.layer(slot, l)) already held nan or inf before training; set it again or run `init`"
            }
        }
        let largest = x.storage.reduce(0) { max($0, abs($1)) }
        if largest > 100 {
            return "X is not scaled (its largest |value| is \(short(largest))), so Z[1] saturates the output; "
                + "scale each feature (row of X) first, e.g. by its largest value"
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

    /// `predict [X]`: AL > 0.5, or the argmax of each column for softmax.
    mutating func predict(_ xName: MatrixName?) throws(SessionError) -> [Output] {
        let (name, p, warning) = try predictions(xName)
        return [.formula(activations.last == .softmax ? "ŷ = argmax of each column of AL" : "ŷ = AL > 0.5"),
                .matrix(MatrixOutput(name: "predictions for \(name)", matrix: p))] + warning
    }

    /// `accuracy [X Y]`: the fraction of columns predicted right, and the count.
    mutating func accuracy(_ xName: MatrixName?, _ yName: MatrixName?) throws(SessionError) -> [Output] {
        let (_, p, warning) = try predictions(xName, for: "accuracy")
        let yn = yName ?? .Y
        let y = try value(yn, current: false)
        let labels: Matrix
        if y.rows == 1 {
            labels = y
        } else {
            labels = Matrix(rows: 1, cols: y.cols, storage: (0..<y.cols).map { Double(y.argmaxRow(inColumn: $0)) })
        }
        guard labels.cols == p.cols else {
            throw .shapes(stage: "accuracy", detail: "\(yn) has \(y.cols) examples but the predictions have \(p.cols)")
        }
        let right = zip(labels.storage, p.storage).filter { $0 == $1 }.count
        let fraction = Double(right) / Double(p.cols)
        return [.text("accuracy: \(fraction) (\(right)/\(p.cols))")] + warning
    }

    /// The predictions for X (or `xName`), and a note when AL is not finite, so that
    /// predictions scored from nan are never taken as real.
    /// `command` names the command in its errors.
    private func predictions(_ xName: MatrixName?, for command: String = "predict")
        throws(SessionError) -> (MatrixName, Matrix, [Output]) {
        try requireNetwork(command)
        let name = xName ?? .X
        let x = try value(name, current: false)
        guard x.rows == sizes[0] else {
            throw .shapes(stage: command, detail: "\(name) has \(count(x.rows, "row")) but n[0] = \(sizes[0])")
        }
        try checkCaches(examples: x.cols)
        let al = coreNetwork().forwardAll(x)
        var warning: [Output] = []
        if let bad = al.firstNonFinite {
            warning = [.note("AL[\(bad.row),\(bad.col)] is \(nonFiniteText(al[bad.row, bad.col])), so these predictions "
                             + "mean nothing: a parameter or \(name) holds nan or inf (`show` names them; `init` draws W again)")]
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
