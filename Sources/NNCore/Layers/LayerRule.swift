/// What one kind of layer owns: its parameters, its forward step with the caches it keeps,
/// and its backward step, side by side.
///
/// ```
/// forward:   A[l−1], parameters        → Z[l], other caches, the pre-activation P[l]
///            A[l] = g[l](P[l])                       (P = Z for dense, Z̃ for batchnorm)
/// backward:  dP[l] = dA[l] ⊙ g′[l](P[l])            (Propagation.preActivationGradient)
///            dP[l], caches                → dZ[l], other gradient caches,
///                                            d(parameters) with their 1/m, dA[l−1]
/// ```
/// The activation is applied by the caller, the same for every kind, so the output
/// layer's shortcuts (softmax + ce, sigmoid + bce) hold for every kind.
public protocol LayerRule: Sendable {
    /// The word in `net` and in tables: `dense`, `batchnorm`.
    var name: String { get }
    /// The parameters of a layer of n[l] units on n[l−1] inputs, in the order
    /// `init`, `step`, `train` and the gradient check walk them.
    func parameters(units n: Int, inputs nPrev: Int) -> [LayerParameter]
    /// The names of the caches forward keeps beside Z[l] and A[l], in `LayerForward.caches` order.
    var cacheNames: [String] { get }
    /// The names of the caches backward keeps beside dZ[l], in `LayerBackward.caches` order.
    var gradientCacheNames: [String] { get }
    /// The forward step up to the pre-activation g[l] is applied to.
    func forward(_ parameters: [Matrix], aPrev: Matrix) -> LayerForward
    /// The backward step from dP[l], the gradient at the pre-activation.
    /// `needPrevious: false` skips dA[l−1] (dA[0], which the update never uses).
    func backward(_ dP: Matrix, _ parameters: [Matrix], aPrev: Matrix, forward: LayerForward,
                  needPrevious: Bool) -> LayerBackward
    /// The lecture's equations of the kind, forward then backward, for `explain` and `diagram`.
    var equations: (forward: [String], backward: [String]) { get }
    /// The name of the pre-activation g[l] is applied to: `Z`, or a cache (`Zt`).
    var preActivationName: String { get }
    /// The pre-activation for new examples, with the statistics of a forward step over the
    /// training batch (`training`'s caches: batchnorm's μ and σ²); a kind without batch
    /// statistics forwards as usual.
    func inferencePreActivation(_ parameters: [Matrix], aPrev: Matrix, training: LayerForward) -> Matrix
}

extension LayerRule {
    public var preActivationName: String { "Z" }

    public func inferencePreActivation(_ parameters: [Matrix], aPrev: Matrix, training: LayerForward) -> Matrix {
        forward(parameters, aPrev: aPrev).preActivation
    }
}

/// One parameter of a layer kind: its name in the lecture's notation, its shape, its start.
public struct LayerParameter: Equatable, Sendable {
    /// How `init` sets a parameter.
    public enum Start: Equatable, Sendable {
        /// Drawn by the init scheme, scaled by the fan-in n[l−1] (W[l]).
        case drawn
        case zeros
        case ones
    }

    /// `W`, `b`, `gamma`, `beta`: the session's names are these with the layer number.
    public var name: String
    public var rows: Int
    public var cols: Int
    public var start: Start

    public init(name: String, rows: Int, cols: Int, start: Start) {
        (self.name, self.rows, self.cols, self.start) = (name, rows, cols, start)
    }

    /// The gradient's name: `dW`, `db`, `dgamma`, `dbeta`.
    public var gradientName: String { "d" + name }
}

/// What a layer's forward step leaves behind.
public struct LayerForward: Sendable {
    /// Z[l].
    public var z: Matrix
    /// The kind's other caches, named by `LayerRule.cacheNames`.
    public var caches: [Matrix]
    /// What g[l] is applied to: Z[l] itself for dense, Z̃[l] for batchnorm.
    public var preActivation: Matrix

    public init(z: Matrix, caches: [Matrix] = [], preActivation: Matrix? = nil) {
        self.z = z
        self.caches = caches
        self.preActivation = preActivation ?? z
    }
}

/// What a layer's backward step forms.
public struct LayerBackward: Sendable {
    /// dZ[l].
    public var dZ: Matrix
    /// The kind's other gradient caches, named by `LayerRule.gradientCacheNames`.
    public var caches: [Matrix]
    /// The gradient of each parameter, in `LayerRule.parameters` order, with its 1/m.
    public var gradients: [Matrix]
    /// dA[l−1], unless it was skipped.
    public var dAPrev: Matrix?

    public init(dZ: Matrix, caches: [Matrix] = [], gradients: [Matrix], dAPrev: Matrix?) {
        (self.dZ, self.caches, self.gradients, self.dAPrev) = (dZ, caches, gradients, dAPrev)
    }
}
