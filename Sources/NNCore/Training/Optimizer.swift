#if canImport(Glibc)
import Glibc
#endif

/// How `step` updates the parameters from dW and db: a closed set.
///
/// ```
/// gd        W −= α·dW
/// momentum  v = β·v + (1−β)·dW;  W −= α·v
/// adam      t += 1
///           v = β1·v + (1−β1)·dW;   v̂ = v/(1−β1^t)
///           s = β2·s + (1−β2)·dW²;  ŝ = s/(1−β2^t)
///           W −= α·v̂/(√ŝ + ε)
/// ```
public enum Optimizer: Equatable, Sendable {
    case gd
    case momentum(beta: Double)
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    /// The course's defaults: β = 0.9, β1 = 0.9, β2 = 0.999, ε = 1e-8.
    public static let defaultBeta = 0.9, defaultBeta2 = 0.999, defaultEpsilon = 1e-8

    public var name: String {
        switch self {
        case .gd: return "gd"
        case .momentum: return "momentum"
        case .adam: return "adam"
        }
    }

    /// Whether the update keeps v (momentum and adam) and s (adam).
    public var usesVelocity: Bool { self != .gd }
    public var usesSquares: Bool { if case .adam = self { return true } else { return false } }
}

/// What momentum and Adam carry from step to step: for every parameter θ of layer l (at
/// index l − 1, in its kind's order), v and s shaped as θ.
///
/// Starts at zeros, as the course's `initialize_velocity` and `initialize_adam` do.
public struct OptimizerState: Equatable, Sendable {
    /// vdθ for each parameter θ of each layer (vdW[l], vdb[l] for dense).
    public var v: [[Matrix]]
    /// sdθ likewise (Adam only).
    public var s: [[Matrix]]
    /// Adam's step counter t.
    public var t: Int

    /// Zeros shaped as the parameters of `network`, t = 0.
    public init(zerosFor network: Network) {
        v = network.parameters.map { layer in layer.map { Matrix.zeros($0.rows, $0.cols) } }
        s = v
        t = 0
    }
}

// MARK: - The update

extension Optimizer {
    /// One update of every parameter of every layer by its gradient, in the course's order of operations.
    ///
    /// ```
    /// gd        θ = θ − α·dθ
    /// momentum  v = β·v + (1 − β)·dθ;  θ = θ − α·v
    /// adam      v = β1·v + (1 − β1)·dθ;  v̂ = v / (1 − β1**t)
    ///           s = β2·s + (1 − β2)·dθ**2;  ŝ = s / (1 − β2**t)
    ///           θ = θ − α·v̂ / (np.sqrt(ŝ) + ε)
    /// ```
    /// gd's step is `Matrix.descend`, the one gradient-descent update of the core, which
    /// `train`'s fast loop also runs (θ − α·(1/m·P), with dW's two roundings).
    public func update(_ network: inout Network, gradients: [[Matrix]],
                       state: inout OptimizerState, learningRate alpha: Double) {
        precondition(gradients.count == network.depth, "Optimizer.update: one list of gradients per layer")
        if case .adam = self { state.t += 1 }
        for l in 0..<network.depth {
            precondition(gradients[l].count == network.parameters[l].count,
                         "Optimizer.update: layer \(l + 1) has \(network.parameters[l].count) parameters, "
                         + "\(gradients[l].count) gradients")
            for k in gradients[l].indices {
                let g = gradients[l][k]
                switch self {
                case .gd:
                    network.parameters[l][k].descend(alpha: alpha, scale: 1, product: g)
                case let .momentum(beta):
                    state.v[l][k] = Self.average(state.v[l][k], g, beta)
                    network.parameters[l][k] = network.parameters[l][k] - alpha * state.v[l][k]
                case let .adam(beta1, beta2, epsilon):
                    let t = Double(state.t)
                    let c1 = 1 - pow(beta1, t), c2 = 1 - pow(beta2, t)
                    state.v[l][k] = Self.average(state.v[l][k], g, beta1)
                    state.s[l][k] = Self.average(state.s[l][k], g.map { $0 * $0 }, beta2)
                    network.parameters[l][k] = Self.adamStep(network.parameters[l][k], state.v[l][k], state.s[l][k],
                                                             c1, c2, alpha, epsilon)
                }
            }
        }
    }
    /// β·v + (1 − β)·g, element by element.
    static func average(_ v: Matrix, _ g: Matrix, _ beta: Double) -> Matrix {
        precondition(v.hasSameShape(as: g), "Optimizer: the state is \(v.rows)×\(v.cols), the gradient \(g.rows)×\(g.cols)")
        let c = 1 - beta
        return v.zipMap(g) { beta * $0 + c * $1 }
    }

    /// θ − α·(v/c1) / (√(s/c2) + ε), as `W - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)`.
    static func adamStep(_ theta: Matrix, _ v: Matrix, _ s: Matrix, _ c1: Double, _ c2: Double,
                         _ alpha: Double, _ epsilon: Double) -> Matrix {
        var out = theta
        for i in 0..<theta.count {
            let vHat = v.storage[i] / c1, sHat = s.storage[i] / c2
            out.storage[i] = theta.storage[i] - (alpha * vHat) / (sHat.squareRoot() + epsilon)
        }
        return out
    }
}
