/// Full-batch gradient descent on a fixed (X, Y): `train`'s loop, one iteration per call.
///
/// ```
/// repeat T times:  forward, cost, backward, W[l] −= α·dW[l], b[l] −= α·db[l]
/// ```
/// Layer 1 runs the algorithm `FirstLayerAlgorithm.choose` finds cheaper:
/// the plain one keeps the bits of stepping by hand; the Gram one
/// (`GramFirstLayer`) is the same algebra without reading X after the first
/// iteration. Either way `network` is the true network after the iterations
/// run so far, so a caller may stop at any iteration and read it.
public struct Trainer: Sendable {
    /// The network as the iterations leave it, except W[1] on the Gram path.
    private var net: Network
    private let x: Matrix
    private let y: Matrix
    private let loss: Loss
    private let alpha: Double
    private let planned: Int
    private var workspace: TrainingWorkspace
    /// How layer 1 is formed.
    public let algorithm: FirstLayerAlgorithm
    /// Iterations run so far.
    public private(set) var iterations = 0
    /// Whether the last iteration left the parameters as they were: its cost was nan,
    /// or it was infinite and a gradient was not finite. `train` stops there.
    public private(set) var stalled = false
    /// Iterations whose cost was infinite but whose gradients were finite, so they stepped.
    public private(set) var infiniteCostSteps = 0
    /// Whether an infinite cost with finite gradients may step (see `iterate`); the session
    /// turns it off when X is not scaled, where stepping on only makes the weights explode,
    /// and for mse, whose J overflows only when the outputs themselves do.
    public var stepsPastInfiniteCost = true

    /// A loop of `iterations` iterations of α on (x, y); `algorithm` forces
    /// one way of forming layer 1 (by default the cheaper).
    public init(network: Network, x: Matrix, y: Matrix, loss: Loss, learningRate alpha: Double,
                iterations: Int, algorithm: FirstLayerAlgorithm? = nil) {
        precondition(network.isDense, "Trainer: the lecture's fast loop runs dense layers; StagedTrainer runs every kind")
        precondition(network.depth >= 1 && x.rows == network.units(0) && y.cols == x.cols,
                     "Trainer: X is \(x.rows)×\(x.cols) and Y \(y.rows)×\(y.cols) for n[0] = \(network.units(0))")
        net = network
        self.x = x
        self.y = y
        self.loss = loss
        self.alpha = alpha
        planned = iterations
        workspace = TrainingWorkspace(depth: network.depth)
        self.algorithm = algorithm ?? FirstLayerAlgorithm.choose(n1: network.units(1), n0: network.units(0),
                                                                 m: x.cols, iterations: iterations)
    }
}

// MARK: - Iterating

extension Trainer {
    /// One iteration; returns the cost J computed before its update, as the course prints it.
    ///
    /// ```
    /// J finite:            forward, cost, backward, step (the fast paths)
    /// J = inf:             the step runs when every dW[l], db[l] is finite (a saturated
    ///                      output: log 0 in J, but dZ[L] = AL − Y) and
    ///                      `stepsPastInfiniteCost`; otherwise `stalled`
    /// J = nan:             no step; `stalled`
    /// ```
    public mutating func iterate() -> Double {
        if algorithm == .gram && workspace.gram == nil {
            workspace.gram = GramFirstLayer(w: net.W(1), x: x, alpha: alpha)
        }
        iterations += 1
        let j = net.trainingIteration(x: x, y: y, loss: loss, learningRate: alpha, workspace: &workspace,
                                      prepareNext: algorithm == .plain && iterations < planned)
        stalled = j.isNaN || (!j.isFinite && (!stepsPastInfiniteCost || !stepWithCheckedGradients()))
        return j
    }

    /// The step of an iteration whose cost was infinite, which the fast path skipped:
    /// the gradients of one plain pass, and W[l] −= α·dW[l], b[l] −= α·db[l] when all of
    /// them are finite. Returns whether it stepped.
    ///
    /// 1. The Gram path's G-space state belongs to the old W[1]: it is dropped and formed
    ///    again from the new W[1] on the next iteration.
    private mutating func stepWithCheckedGradients() -> Bool {
        var current = network
        var unused = NumpyRandom(seed: 0)  // without dropout nothing is drawn
        let pass = current.stagedGradients(x: x, y: y, loss: loss, stages: TrainingStages(), random: &unused)
        guard pass.grads.count == current.depth, pass.grads.allFinite else { return false }
        var unusedState = OptimizerState(zerosFor: current)   // gd keeps no state
        Optimizer.gd.update(&current, gradients: pass.grads, state: &unusedState, learningRate: alpha)
        net = current
        workspace.gram = nil  // 1.
        infiniteCostSteps += 1
        return true
    }

    /// α, which the lecture's loop keeps fixed.
    public var learningRate: Double { alpha }

    /// The network after the iterations so far, with W[1] formed on the Gram path.
    public var network: Network {
        guard let gram = workspace.gram else { return net }
        var out = net
        out.parameters[0][0] = gram.weights(x: x)
        return out
    }
}
