/// A fully connected network: layer sizes n[0]…n[L], activations g[1]…g[L],
/// and the parameters W[l], b[l].
///
/// Layers are numbered 1…L as in the lecture; layer 0 is the input, so the
/// arrays below hold layer l at index l − 1.
public struct Network: Equatable, Sendable {
    /// n[0]…n[L]: input size first, output size last.
    public private(set) var sizes: [Int]
    /// g[1]…g[L], stored at index l − 1.
    public var activations: [Activation]
    /// W[1]…W[L], stored at index l − 1; W[l] is n[l] × n[l−1].
    public var weights: [Matrix]
    /// b[1]…b[L], stored at index l − 1; b[l] is n[l] × 1.
    public var biases: [Matrix]

    /// A network with zero parameters; `activations` defaults to relu on the
    /// hidden layers and sigmoid on the output.
    public init(sizes: [Int], activations: [Activation]? = nil) {
        precondition(sizes.count >= 2, "Network: needs at least an input and an output size")
        precondition(sizes.allSatisfy { $0 > 0 }, "Network: sizes must be positive")
        let layers = sizes.count - 1
        self.sizes = sizes
        self.activations = activations
            ?? (Array(repeating: .relu, count: layers - 1) + [.sigmoid])
        precondition(self.activations.count == layers, "Network: one activation per layer")
        self.weights = (1...layers).map { Matrix.zeros(sizes[$0], sizes[$0 - 1]) }
        self.biases = (1...layers).map { Matrix.zeros(sizes[$0], 1) }
    }

    /// A network holding the given parameters, shared rather than copied (W[l] is meant to be n[l] × n[l−1], b[l] n[l] × 1).
    public init(sizes: [Int], activations: [Activation], weights: [Matrix], biases: [Matrix]) {
        precondition(sizes.count >= 2, "Network: needs at least an input and an output size")
        let layers = sizes.count - 1
        precondition(activations.count == layers && weights.count == layers && biases.count == layers,
                     "Network: one activation, W and b per layer")
        self.sizes = sizes
        self.activations = activations
        self.weights = weights
        self.biases = biases
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

    public func W(_ l: Int) -> Matrix { weights[l - 1] }
    public func b(_ l: Int) -> Matrix { biases[l - 1] }

    /// The shape W[l] must have: n[l] × n[l−1].
    public func weightShape(_ l: Int) -> (rows: Int, cols: Int) { (sizes[l], sizes[l - 1]) }

    /// The shape b[l] must have: n[l] × 1.
    public func biasShape(_ l: Int) -> (rows: Int, cols: Int) { (sizes[l], 1) }

    /// The number of parameters Σ n[l]·(n[l−1] + 1).
    public var parameterCount: Int {
        (1...depth).reduce(0) { $0 + sizes[$1] * (sizes[$1 - 1] + 1) }
    }
}

// MARK: - Initialisation

/// How `init` draws W[l]; b[l] always starts at zero.
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
    /// Draws W[1]…W[L] in order from `random` and sets every b[l] to zero.
    ///
    /// ```
    /// small:  W[l] = randn(n[l], n[l−1]) * 0.01
    /// xavier: W[l] = randn(n[l], n[l−1]) / np.sqrt(n[l−1])
    /// he:     W[l] = randn(n[l], n[l−1]) * np.sqrt(2 / n[l−1])
    /// zeros:  W[l] = np.zeros((n[l], n[l−1]))
    /// ```
    public mutating func initialize(_ scheme: InitScheme, random: inout NumpyRandom) {
        for l in 1...depth {
            let (r, c) = weightShape(l)
            weights[l - 1] = Self.initialWeights(scheme, r, c, random: &random)
            biases[l - 1] = Matrix.zeros(r, 1)
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
}
