/// A stack of layers l = 1…L on an input of n[0] features: sizes n[0]…n[L], each layer's
/// kind and activation g[l], and its parameters (W[l], b[l] for dense).
///
/// Layers are numbered 1…L as in the lecture; layer 0 is the input, so the
/// arrays below hold layer l at index l − 1.
public struct Network: Equatable, Sendable {
    /// n[0]…n[L]: input size first, output size last.
    public private(set) var sizes: [Int]
    /// g[1]…g[L], stored at index l − 1.
    public var activations: [Activation]
    /// The kind of layer l at index l − 1.
    public private(set) var kinds: [LayerKind]
    /// Layer l's parameters at index l − 1, in its kind's `parameters` order (W, b for dense).
    public var parameters: [[Matrix]]

    /// A network with its parameters at zero (γ at one); `activations` defaults to relu on
    /// the hidden layers and sigmoid on the output, `kinds` to dense layers.
    public init(sizes: [Int], activations: [Activation]? = nil, kinds: [LayerKind]? = nil) {
        precondition(sizes.count >= 2, "Network: needs at least an input and an output size")
        precondition(sizes.allSatisfy { $0 > 0 }, "Network: sizes must be positive")
        let layers = sizes.count - 1
        self.sizes = sizes
        self.activations = activations
            ?? (Array(repeating: .relu, count: layers - 1) + [.sigmoid])
        self.kinds = kinds ?? Array(repeating: .dense, count: layers)
        precondition(self.activations.count == layers, "Network: one activation per layer")
        precondition(self.kinds.count == layers, "Network: one kind per layer")
        parameters = []
        parameters.reserveCapacity(layers)
        for l in 1...layers {
            parameters.append(specs(l).map { p in
                p.start == .ones ? Matrix.ones(p.rows, p.cols) : Matrix.zeros(p.rows, p.cols)
            })
        }
    }
}

// MARK: - From parameters held elsewhere

extension Network {
    /// A network whose parameters come from `parameter(l, spec)` where it has them, shared
    /// rather than copied, and start as the kind says (zeros, γ at one) where it has not.
    public init(sizes: [Int], activations: [Activation], kinds: [LayerKind]? = nil,
                parameters parameter: (Int, LayerParameter) -> Matrix?) {
        precondition(sizes.count >= 2, "Network: needs at least an input and an output size")
        let layers = sizes.count - 1
        precondition(activations.count == layers, "Network: one activation per layer")
        self.sizes = sizes
        self.activations = activations
        self.kinds = kinds ?? Array(repeating: .dense, count: layers)
        precondition(self.kinds.count == layers, "Network: one kind per layer")
        parameters = []
        parameters.reserveCapacity(layers)
        for l in 1...layers {
            parameters.append(specs(l).map { p in
                parameter(l, p) ?? (p.start == .ones ? Matrix.ones(p.rows, p.cols) : Matrix.zeros(p.rows, p.cols))
            })
        }
    }

    /// A network of dense layers holding the given W[l] and b[l], shared rather than copied.
    public init(sizes: [Int], activations: [Activation], weights: [Matrix], biases: [Matrix]) {
        precondition(weights.count == sizes.count - 1 && biases.count == sizes.count - 1,
                     "Network: one W and b per layer")
        self.init(sizes: sizes, activations: activations) { l, p in p.name == "W" ? weights[l - 1] : biases[l - 1] }
    }
}

// MARK: - Layers

extension Network {
    /// L, the number of layers with parameters.
    public var depth: Int { sizes.count - 1 }

    /// n[l] for l = 0…L.
    public func units(_ l: Int) -> Int { sizes[l] }

    /// g[l] for l = 1…L.
    public func activation(_ l: Int) -> Activation { activations[l - 1] }

    /// The kind of layer l, for l = 1…L.
    public func kind(_ l: Int) -> LayerKind { kinds[l - 1] }

    /// The parameters layer l has, with their shapes, for l = 1…L.
    public func specs(_ l: Int) -> [LayerParameter] {
        kinds[l - 1].rule.parameters(units: sizes[l], inputs: sizes[l - 1])
    }

    /// Whether every layer is the lecture's dense layer, as `train`'s fast loop needs.
    public var isDense: Bool { kinds.allSatisfy { $0 == .dense } }

    public func W(_ l: Int) -> Matrix { parameters[l - 1][0] }

    /// b[l] of a dense layer.
    public func b(_ l: Int) -> Matrix {
        precondition(kinds[l - 1] == .dense, "Network.b: layer \(l) is \(kinds[l - 1].name), which has no b")
        return parameters[l - 1][1]
    }

    /// W[1]…W[L]: every kind of layer has a W[l], first among its parameters.
    public var weights: [Matrix] {
        get { parameters.map { $0[0] } }
        set {
            precondition(newValue.count == depth, "Network.weights: one W per layer")
            for l in newValue.indices { parameters[l][0] = newValue[l] }
        }
    }

    /// b[1]…b[L] of a network of dense layers.
    public var biases: [Matrix] {
        get {
            precondition(isDense, "Network.biases: a batchnorm layer has no b")
            return parameters.map { $0[1] }
        }
        set {
            precondition(isDense && newValue.count == depth, "Network.biases: one b per dense layer")
            for l in newValue.indices { parameters[l][1] = newValue[l] }
        }
    }

    /// The shape W[l] must have: n[l] × n[l−1].
    public func weightShape(_ l: Int) -> (rows: Int, cols: Int) { (sizes[l], sizes[l - 1]) }

    /// The shape b[l] must have: n[l] × 1.
    public func biasShape(_ l: Int) -> (rows: Int, cols: Int) { (sizes[l], 1) }

    /// The number of parameters, Σ n[l]·(n[l−1] + 1) for dense layers.
    public var parameterCount: Int {
        (1...depth).reduce(0) { total, l in total + specs(l).reduce(0) { $0 + $1.rows * $1.cols } }
    }
}

// MARK: - Initialisation

/// How `init` draws W[l]; b[l] and β[l] always start at zero, γ[l] at one.
public enum InitScheme: String, CaseIterable, Sendable {
    /// randn · 0.01, the course's `initialize_parameters_deep`.
    case small
    /// randn / √n[l−1], the course's application notebook.
    case xavier
    /// randn · √(2 / n[l−1]).
    case he
    /// All zeros (to show why symmetry must be broken).
    case zeros

    public var name: String { rawValue }
}

extension Network {
    /// Draws W[1]…W[L] in order from `random` and starts every other parameter as its kind says.
    ///
    /// ```
    /// small:  W[l] = randn(n[l], n[l−1]) * 0.01
    /// xavier: W[l] = randn(n[l], n[l−1]) / np.sqrt(n[l−1])
    /// he:     W[l] = randn(n[l], n[l−1]) * np.sqrt(2 / n[l−1])
    /// zeros:  W[l] = np.zeros((n[l], n[l−1]))
    /// b[l] = β[l] = zeros,  γ[l] = ones
    /// ```
    public mutating func initialize(_ scheme: InitScheme, random: inout NumpyRandom) {
        for l in 1...depth {
            parameters[l - 1] = specs(l).map { Self.initialParameter($0, scheme, random: &random) }
        }
    }

    /// W[l] as `initialize` draws it, an r × c matrix for a layer of fan-in c.
    ///
    /// 1. The draw is scaled where it lies: the same products and quotients as
    ///    `randn(r, c) * s`, without a second matrix of W's size beside the first.
    public static func initialWeights(_ scheme: InitScheme, _ r: Int, _ c: Int,
                                      random: inout NumpyRandom) -> Matrix {
        let fanIn = Double(c)
        var w = scheme == .zeros ? Matrix.zeros(r, c) : random.randn(r, c)
        w.storage.withUnsafeMutableBufferPointer { values in
            switch scheme {
            case .small: for i in values.indices { values[i] *= 0.01 }
            case .xavier:
                let d = fanIn.squareRoot()
                for i in values.indices { values[i] /= d }
            case .he:
                let s = (2 / fanIn).squareRoot()
                for i in values.indices { values[i] *= s }
            case .zeros: break
            }
        }
        return w
    }

    /// A parameter as `init` starts it: drawn by `scheme` (W[l]), or zeros or ones.
    public static func initialParameter(_ p: LayerParameter, _ scheme: InitScheme,
                                        random: inout NumpyRandom) -> Matrix {
        switch p.start {
        case .zeros: return Matrix.zeros(p.rows, p.cols)
        case .ones: return Matrix.ones(p.rows, p.cols)
        case .drawn: return initialWeights(scheme, p.rows, p.cols, random: &random)
        }
    }
}
