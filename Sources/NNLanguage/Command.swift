import NNCore

/// One parsed line of the nnstep language. The session never sees raw text.
public enum Command: Equatable, Sendable {
    // MARK: Building
    /// `net 2 4:relu 3 1:sigmoid`: sizes n[0]…n[L], activations where given.
    case net([LayerSpec])
    /// `act L NAME`
    case act(layer: Int, Activation)
    /// `loss bce|ce|mse`
    case loss(Loss)
    /// `seed N`, as `np.random.seed(N)`.
    case seed(UInt32)
    /// `init [small|xavier|he|zeros] [seed N]`
    case initialize(InitScheme, seed: UInt32?)
    /// `dataset NAME`
    case dataset(String)

    // MARK: Values
    /// `NAME = VALUE`
    case assign(MatrixName, Expression)
    /// `NAME[i,j] = NUMBER` (zero-based).
    case assignElement(MatrixName, row: Int, col: Int, Double)

    // MARK: Stepping
    /// `forward`, `forward L`, `forward all`
    case forward(StageTarget)
    /// `cost` (or bare `loss`)
    case cost
    /// `backward`, `backward L`, `backward all`
    case backward(StageTarget)
    /// `step LR`
    case step(learningRate: Double)
    /// `train N LR [every K]`
    case train(iterations: Int, learningRate: Double, every: Int?)
    /// `regularize l2 LAMBDA` (nil: `regularize off`)
    case regularize(lambda: Double?)
    /// `dropout KEEP [layers L…] [seed N]` (nil: `dropout off`)
    case dropout(Dropout?)
    /// `optimizer gd | momentum [beta B] | adam [beta1 B1] [beta2 B2] [eps E]`
    case optimizer(Optimizer)
    /// `minibatch SIZE [seed N]`, `minibatch off`, `minibatch next`
    case minibatch(MiniBatchCommand)
    /// `decay inverse RATE`, `decay scheduled RATE [interval K]` (nil: `decay off`)
    case decay(LearningRateDecay?)
    /// `batchnorm L… [eps E]`, `batchnorm off [L…]`, bare `batchnorm`
    case batchnorm(BatchNormChange)
    /// `predict [X]`
    case predict(MatrixName?)
    /// `accuracy [X Y]`
    case accuracy(x: MatrixName?, y: MatrixName?)

    // MARK: Looking
    /// `show …`
    case show(ShowTarget)
    /// `set precision N`
    case setPrecision(Int)
    /// `set max-elements N`: the largest matrix a command may make.
    case setMaxElements(Int)
    /// `set linewidth N`: characters per line of a printed matrix (numpy's `linewidth=`).
    case setLineWidth(Int)
    /// `set output brief|full`: how much the stages print.
    case setOutput(OutputMode)
    /// `explain forward L`, `explain backward L`, `explain cost`, `explain NAME[i,j]`
    case explain(ExplainTarget)
    /// `diagram`: the lecture's forward/backward flow chart for this network.
    case diagram
    /// `plot cost`, `plot boundary`
    case plot(PlotTarget)
    /// `trace K`: example K (column K, zero-based) through forward and backward.
    case trace(example: Int)

    // MARK: Checking
    /// `expect NAME VALUE [atol A] [rtol R]`
    case expect(MatrixName, Expression, atol: Double?, rtol: Double?)

    /// `gradcheck [eps E]`: the course's two-sided finite-difference check.
    case gradcheck(epsilon: Double?)

    // MARK: Files and session
    /// `save FILE [NAME…]`: `.npz` (and `.npy`) for matrices, `.nnscript` for commands.
    case save(path: String, names: [MatrixName])
    /// `export FILE.py|FILE.ipynb`: the session as numpy code with the course's functions.
    case export(path: String)
    /// `load FILE [KEY] [as NAME]`
    case load(path: String, key: String?, as: MatrixName?)
    /// `run FILE.nnscript`
    case run(path: String)
    /// `reset`
    case reset
    /// `reset default`: the built-in default session again.
    case resetDefault
    /// `history`
    case history
    /// `undo`: back to the state before the last command that changed it.
    case undo
    /// `redo`: forward again after `undo`.
    case redo
    /// `help [COMMAND]`
    case help(String?)
    /// `clear`: a clean screen (nothing in a replay).
    case clear
    /// `quit` or `exit`
    case quit
}

/// One entry of `net`: n[l] and optionally g[l].
public struct LayerSpec: Equatable, Sendable {
    public var units: Int
    public var activation: Activation?

    public init(units: Int, activation: Activation? = nil) {
        self.units = units
        self.activation = activation
    }
}

/// What `minibatch` does.
public enum MiniBatchCommand: Equatable, Sendable {
    /// `minibatch SIZE [seed N]`: train in mini-batches.
    case on(MiniBatch)
    /// `minibatch off`: full batch again.
    case off
    /// `minibatch next`: put the next batch of the epoch into X and Y, to step by hand.
    case next
}

/// Which layers `forward` or `backward` runs.
/// What `batchnorm` does: normalise layers, make layers dense again, or say which are normalised.
public enum BatchNormChange: Equatable, Sendable {
    /// `batchnorm L… [eps E]` (nil: ε = `LayerKind.defaultEpsilon`)
    case on(layers: [Int], epsilon: Double?)
    /// `batchnorm off [L…]` (empty: every layer)
    case off(layers: [Int])
    /// Bare `batchnorm`.
    case show
}

public enum StageTarget: Equatable, Sendable {
    /// The next layer in order.
    case next
    /// Layer l.
    case layer(Int)
    /// Every remaining layer.
    case all
}

/// What `show` prints.
public enum ShowTarget: Equatable, Sendable {
    /// Bare `show`: the network, the stage, which values exist and which are stale.
    case overview
    /// `show NAME…`
    case names([MatrixName])
    /// `show layer L`
    case layer(Int)
    /// `show params`
    case params
    /// `show grads`
    case grads
}

/// What `explain` works out.
public enum ExplainTarget: Equatable, Sendable {
    case forward(Int)
    case backward(Int)
    case cost
    /// The stage that makes NAME, worked out at element [i, j] (or [0, 0]).
    case name(MatrixName, row: Int?, col: Int?)
}

/// What `plot` draws.
public enum PlotTarget: String, CaseIterable, Equatable, Sendable {
    /// The cost per iteration of the last `train`.
    case cost
    /// The decision regions of a 2-input network over its data points.
    case boundary
}
