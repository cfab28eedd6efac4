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

/// What momentum and Adam carry from step to step, per layer at index l − 1.
///
/// Starts at zeros, as the course's `initialize_velocity` and `initialize_adam` do.
public struct OptimizerState: Equatable, Sendable {
    /// vdW[l], vdb[l].
    public var vW: [Matrix], vb: [Matrix]
    /// sdW[l], sdb[l].
    public var sW: [Matrix], sb: [Matrix]
    /// Adam's step counter t.
    public var t: Int

    /// Zeros shaped as the parameters of `network`, t = 0.
    public init(zerosFor network: Network) {
        vW = network.weights.map { Matrix.zeros($0.rows, $0.cols) }
        vb = network.biases.map { Matrix.zeros($0.rows, $0.cols) }
        sW = vW
        sb = vb
        t = 0
    }

    public init(vW: [Matrix], vb: [Matrix], sW: [Matrix], sb: [Matrix], t: Int) {
        (self.vW, self.vb, self.sW, self.sb, self.t) = (vW, vb, sW, sb, t)
    }
}

// MARK: - The update

extension Optimizer {
    /// One update of every layer by its (dW, db), in the course's order of operations.
    ///
    /// ```
    /// gd        W = W − α·dW
    /// momentum  v = β·v + (1 − β)·dW;  W = W − α·v
    /// adam      v = β1·v + (1 − β1)·dW;  v̂ = v / (1 − β1**t)
    ///           s = β2·s + (1 − β2)·dW**2;  ŝ = s / (1 − β2**t)
    ///           W = W − α·v̂ / (np.sqrt(ŝ) + ε)
    /// ```
    public func update(_ network: inout Network, gradients: [(dW: Matrix, db: Matrix)],
                       state: inout OptimizerState, learningRate alpha: Double) {
        precondition(gradients.count == network.depth, "Optimizer.update: one (dW, db) per layer")
        if case .adam = self { state.t += 1 }
        for l in 0..<network.depth {
            let (dW, db) = gradients[l]
            switch self {
            case .gd:
                network.weights[l] = network.weights[l] - alpha * dW
                network.biases[l] = network.biases[l] - alpha * db
            case let .momentum(beta):
                state.vW[l] = Self.average(state.vW[l], dW, beta)
                state.vb[l] = Self.average(state.vb[l], db, beta)
                network.weights[l] = network.weights[l] - alpha * state.vW[l]
                network.biases[l] = network.biases[l] - alpha * state.vb[l]
            case let .adam(beta1, beta2, epsilon):
                let t = Double(state.t)
                let c1 = 1 - pow(beta1, t), c2 = 1 - pow(beta2, t)
                state.vW[l] = Self.average(state.vW[l], dW, beta1)
                state.vb[l] = Self.average(state.vb[l], db, beta1)
                state.sW[l] = Self.average(state.sW[l], dW.map { $0 * $0 }, beta2)
                state.sb[l] = Self.average(state.sb[l], db.map { $0 * $0 }, beta2)
                network.weights[l] = Self.adamStep(network.weights[l], state.vW[l], state.sW[l], c1, c2, alpha, epsilon)
                network.biases[l] = Self.adamStep(network.biases[l], state.vb[l], state.sb[l], c1, c2, alpha, epsilon)
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
