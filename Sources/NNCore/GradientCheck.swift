#if canImport(Glibc)
import Glibc
#endif

/// The course's two-sided finite-difference check of backward propagation.
///
/// ```
/// gradapprox[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)
/// difference    = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)
/// ```
/// θ runs over W[1], b[1], …, W[L], b[L], each row by row, as the course's
/// `dictionary_to_vector` lays them out.
public struct GradientCheck: Sendable {
    /// One parameter's comparison.
    public struct Part: Sendable {
        /// `W1`, `b1`, …
        public var name: String
        public var gradient: Matrix
        public var approximation: Matrix
        /// ‖grad − approx‖ / (‖grad‖ + ‖approx‖) over this parameter.
        public var difference: Double
    }

    /// The element where the gradient and its approximation differ most.
    public struct Worst: Sendable {
        public var name: String
        public var row: Int
        public var col: Int
        public var gradient: Double
        public var approximation: Double
    }

    public var parts: [Part]
    /// The difference over every parameter at once, the course's single number.
    public var overall: Double
    public var worst: Worst?
    /// Whether the check stopped early (Ctrl-C); `parts` then covers what was done.
    public var interrupted: Bool
}

// MARK: - Running the check

extension GradientCheck {
    /// Compares `gradients` (dW[l], db[l] for l = 1…L) with finite differences
    /// of the cost of `network` on (x, y), with the L2 term when `lambda` is given. `shouldStop` is polled between
    /// parameters' elements so a long check can be interrupted.
    public static func run(network: Network, x: Matrix, y: Matrix, loss: Loss, lambda: Double? = nil,
                           gradients: [(dW: Matrix, db: Matrix)], epsilon: Double,
                           shouldStop: () -> Bool = { false }) -> GradientCheck {
        precondition(gradients.count == network.depth, "GradientCheck: one (dW, db) per layer")
        var net = network
        var parts: [Part] = []
        var interrupted = false
        func cost(_ n: Network) -> Double {
            let j = loss.cost(n.forwardAll(x), y)
            guard let lambda else { return j }
            return j + Regularization.l2Cost(n.weights, lambda: lambda, m: x.cols)
        }

        outer: for l in 1...network.depth {
            for isBias in [false, true] {
                let grad = isBias ? gradients[l - 1].db : gradients[l - 1].dW
                let theta = isBias ? network.b(l) : network.W(l)
                precondition(grad.hasSameShape(as: theta), "GradientCheck: gradient shape differs from its parameter")
                var approx = Matrix.zeros(theta.rows, theta.cols)
                for k in 0..<theta.count {
                    if shouldStop() { interrupted = true; break outer }
                    var plus = theta, minus = theta
                    plus.storage[k] += epsilon
                    minus.storage[k] -= epsilon
                    if isBias { net.biases[l - 1] = plus } else { net.weights[l - 1] = plus }
                    let jPlus = cost(net)
                    if isBias { net.biases[l - 1] = minus } else { net.weights[l - 1] = minus }
                    let jMinus = cost(net)
                    approx.storage[k] = (jPlus - jMinus) / (2 * epsilon)
                }
                if isBias { net.biases[l - 1] = theta } else { net.weights[l - 1] = theta }
                let name = (isBias ? "b" : "W") + String(l)
                parts.append(Part(name: name, gradient: grad, approximation: approx,
                                  difference: relativeDifference([grad.storage], [approx.storage])))
            }
        }
        let overall = relativeDifference(parts.map(\.gradient.storage), parts.map(\.approximation.storage))
        var worst: Worst?
        var largest = -1.0
        for part in parts {
            for k in 0..<part.gradient.count {
                let d = Swift.abs(part.gradient.storage[k] - part.approximation.storage[k])
                if d > largest || d.isNaN {
                    largest = d.isNaN ? .infinity : d
                    worst = Worst(name: part.name, row: k / part.gradient.cols, col: k % part.gradient.cols,
                                  gradient: part.gradient.storage[k], approximation: part.approximation.storage[k])
                }
            }
        }
        return GradientCheck(parts: parts, overall: overall, worst: worst, interrupted: interrupted)
    }

    /// ‖g − a‖ / (‖g‖ + ‖a‖) over the concatenation of the pieces (0 when both are zero).
    static func relativeDifference(_ g: [[Double]], _ a: [[Double]]) -> Double {
        var diff = 0.0, gg = 0.0, aa = 0.0
        for (gp, ap) in zip(g, a) {
            for (u, v) in zip(gp, ap) {
                diff += (u - v) * (u - v)
                gg += u * u
                aa += v * v
            }
        }
        let denominator = gg.squareRoot() + aa.squareRoot()
        return denominator == 0 ? 0 : diff.squareRoot() / denominator
    }
}
