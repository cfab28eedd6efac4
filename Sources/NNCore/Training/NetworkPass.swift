/// Forward over layers 1…L and backward over L…1 through each layer's kind: the pass that
/// the gradient check, `Network.gradients`, the staged `train` and `predict` share.
///
/// ```
/// forward:   A[0] = X;  per layer its kind's forward, A[l] = g[l](P[l]);  A[l]·D[l]/keep  (dropout)
/// cost:      J (+ λ/(2m)·Σ‖W[l]‖²),  dA[L]         (softmax + ce: dZ[L] = AL − Y; sigmoid + bce:
///                                                  AL − Y where dA[L] is not finite)
/// backward:  dA[l]·D[l]/keep before g′,  dP[l] = dA[l] ⊙ g′[l](P[l]),
///            its kind's backward → dZ[l], d(parameters), dA[l−1];  dW[l] += (λ/m)·W[l]  (L2)
/// ```
/// `train`'s fast loop (`TrainingWorkspace`) runs the same operations on dense layers in
/// reused buffers; its tests hold it to this pass bit for bit.
public struct NetworkPass: Sendable {
    /// A[0] = X, A[1], …, A[L].
    public var a: [Matrix]
    /// Each layer's forward caches, at index l − 1.
    public var forward: [LayerForward]
    /// D[l] where dropout drew a mask, at index l − 1.
    public var masks: [Matrix?]
    /// Each layer's backward results, at index l − 1; empty until `backward` runs.
    public var backward: [LayerBackward]
}

// MARK: - Forward

extension Network {
    /// The forward half of the pass, keeping every cache.
    ///
    /// ```
    /// (seed)  P[l] by its kind, A[l] = g[l](P[l]), D[l] and A[l]·D[l]/keep     l = 1…L
    /// ```
    public func forwardPass(_ x: Matrix, dropout: Dropout? = nil, random: inout NumpyRandom) -> NetworkPass {
        let L = depth
        var pass = NetworkPass(a: [x], forward: [], masks: [], backward: [])
        pass.a.reserveCapacity(L + 1)
        pass.forward.reserveCapacity(L)
        if let seed = dropout?.seed { random.seed(seed) }
        for l in 1...L {
            let f = kinds[l - 1].rule.forward(parameters[l - 1], aPrev: pass.a[l - 1])
            var al = activation(l).forward(f.preActivation)
            if let d = dropout, d.applies(to: l, depth: L) {
                let mask = d.mask(al.rows, al.cols, random: &random)
                al = d.apply(al, mask: mask)
                pass.masks.append(mask)
            } else {
                pass.masks.append(nil)
            }
            pass.forward.append(f)
            pass.a.append(al)
        }
        return pass
    }

    /// AL for the input `x`, without dropout.
    ///
    /// ```
    /// A[0] = X;  A[l] = g[l](P[l])  for l = 1…L
    /// ```
    public func forwardAll(_ x: Matrix) -> Matrix {
        var unused = NumpyRandom(seed: 0)   // without dropout nothing is drawn
        return forwardPass(x, random: &unused).a[depth]
    }
}

extension Network {
    /// AL for new examples `x` with the batch statistics of a forward pass over `training`
    /// (batchnorm's μ and σ² of the training X), without dropout.
    ///
    /// ```
    /// caches of the pass over X_train;  A[0] = x;  A[l] = g[l](P[l] with X_train's μ, σ²)
    /// ```
    public func forwardAll(_ x: Matrix, statisticsFrom training: Matrix) -> Matrix {
        var unused = NumpyRandom(seed: 0)
        let pass = forwardPass(training, random: &unused)
        var a = x
        for l in 1...depth {
            let p = kinds[l - 1].rule.inferencePreActivation(parameters[l - 1], aPrev: a, training: pass.forward[l - 1])
            a = activation(l).forward(p)
        }
        return a
    }
}

// MARK: - Backward

extension Network {
    /// The backward half of the pass from the output's upstream, L…1, with dropout's masks
    /// and the L2 term (λ) on every dW[l].
    ///
    /// ```
    /// dA[l]·D[l]/keep,  dP[l] = dA[l] ⊙ g′[l](P[l]),  kind's backward,  dW[l] + (λ/m)·W[l]
    /// ```
    /// dA[0] is skipped: the update never uses it.
    public func backwardPass(_ pass: inout NetworkPass, from output: Propagation.Upstream,
                             dropout: Dropout? = nil, lambda: Double? = nil) {
        let m = pass.a[0].cols
        var results = [LayerBackward?](repeating: nil, count: depth)
        Self.walkBackward(depth: depth, from: output) { l, upstream in
            var upstream = upstream
            if case let .dA(dA, p) = upstream, let d = dropout, let mask = pass.masks[l - 1] {
                upstream = .dA(d.apply(dA, mask: mask), z: p)
            }
            let dP = Propagation.preActivationGradient(upstream, activation: activation(l))
            var r = kinds[l - 1].rule.backward(dP, parameters[l - 1], aPrev: pass.a[l - 1],
                                               forward: pass.forward[l - 1], needPrevious: l > 1)
            if let lambda {
                r.gradients[0] = r.gradients[0] + Regularization.l2Gradient(W(l), lambda: lambda, m: m)
            }
            results[l - 1] = r
            return r.dAPrev.map { .dA($0, z: pass.forward[l - 2].preActivation) }
        }
        pass.backward = results.map { r in
            guard let r else { preconditionFailure("Network.backwardPass: a layer was not reached") }
            return r
        }
    }

    /// The one walk over the layers L…1, which the pass and `train`'s fast loop share:
    /// `layer(l, upstream)` runs layer l's backward from what reaches it and returns the
    /// next layer's upstream, dA[l−1] with its cached pre-activation (nil at layer 1).
    ///
    /// ```
    /// upstream(L) = the output's (dA[L], or AL − Y);   upstream(l − 1) = dA[l−1], P[l−1]
    /// ```
    @inline(__always)
    static func walkBackward(depth L: Int, from output: Propagation.Upstream,
                             _ layer: (Int, Propagation.Upstream) -> Propagation.Upstream?) {
        var upstream = output
        for l in stride(from: L, through: 1, by: -1) {
            let next = layer(l, upstream)
            precondition(l == 1 || next != nil, "Network.walkBackward: layer \(l) formed no dA[\(l - 1)]")
            if let next { upstream = next }
        }
    }
}

// MARK: - Cost and gradients

extension Network {
    /// The cost J and every parameter's gradient for (x, y), leaving the parameters as they are.
    ///
    /// ```
    /// forward:  P[l], A[l] for l = 1…L
    /// cost:     J, dA[L]
    /// backward: dZ[l], d(parameters of l), dA[l−1] for l = L…1   (dA[0] skipped: not needed)
    /// ```
    /// The gradients are in each kind's `parameters` order: [dW[l], db[l]] for dense.
    public func gradients(x: Matrix, y: Matrix, loss: Loss) -> (cost: Double, grads: [[Matrix]]) {
        var unused = NumpyRandom(seed: 0)   // without dropout nothing is drawn
        let pass = stagedGradients(x: x, y: y, loss: loss, stages: TrainingStages(), random: &unused)
        return (pass.cost, pass.grads)
    }

    /// Forward, cost and backward on (x, y) with the stages' dropout and L2 term.
    ///
    /// ```
    /// cost:  J = loss + λ/(2m)·Σ‖W[l]‖²;  summed = m·(loss part) as the course's Σ logprobs
    /// ```
    /// `summed` is the cross-entropy summed over the examples (not divided by m),
    /// plus m times the L2 term, which the course's mini-batch loop adds up. An infinite J
    /// (log 0 at a saturated output) still gets its gradients, which the caller checks;
    /// a nan J has none.
    public func stagedGradients(x: Matrix, y: Matrix, loss: Loss, stages: TrainingStages,
                                random: inout NumpyRandom)
        -> (cost: Double, summed: Double, grads: [[Matrix]]) {
        let L = depth, m = x.cols
        var pass = forwardPass(x, dropout: stages.dropout, random: &random)
        let al = pass.a[L]
        var terms = Matrix.zeros(0, 0)
        var j = loss.cost(al, y, terms: &terms)
        var summed = loss.summedCost(terms: terms)
        if let lambda = stages.lambda {
            let term = Regularization.l2Cost(weights, lambda: lambda, m: m)
            j = j + term
            summed = summed + Double(m) * term
        }
        guard !j.isNaN else { return (j, summed, []) }
        let upstream = Propagation.outputUpstream(output: activation(L), loss: loss, al: al, y: y,
                                                  z: pass.forward[L - 1].preActivation)
        backwardPass(&pass, from: upstream, dropout: stages.dropout, lambda: stages.lambda)
        return (j, summed, pass.backward.map(\.gradients))
    }

    /// One iteration of gradient descent on (x, y); returns the cost J computed
    /// before the update, as the course's loop prints it.
    ///
    /// ```
    /// θ −= α·dθ for every parameter θ      after forward, cost and backward
    /// ```
    /// A loop should keep one `TrainingWorkspace` across iterations instead.
    public mutating func trainingIteration(x: Matrix, y: Matrix, loss: Loss, learningRate alpha: Double) -> Double {
        var workspace = TrainingWorkspace(depth: depth)
        return trainingIteration(x: x, y: y, loss: loss, learningRate: alpha, workspace: &workspace)
    }
}

extension Array where Element == [Matrix] {
    /// Whether every gradient is finite: an update from them keeps the parameters finite.
    var allFinite: Bool {
        allSatisfy { layer in layer.allSatisfy { $0.firstNonFinite == nil } }
    }
}
