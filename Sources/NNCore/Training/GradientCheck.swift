#if canImport(Glibc)
import Glibc
#endif

/// The course's two-sided finite-difference check of backward propagation.
///
/// ```
/// gradapprox[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)
/// difference    = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)
/// ```
/// θ runs over W[1], b[1], …, W[L], b[L] (each layer's parameters in its kind's order, so
/// W[l], γ[l], β[l] for batchnorm), each row by row, as the course's `dictionary_to_vector`
/// lays them out.
public struct GradientCheck: Sendable {
    /// One parameter's comparison.
    public struct Part: Sendable {
        /// `W1`, `b1`, …
        public var name: String
        public var gradient: Matrix
        public var approximation: Matrix
        /// ‖grad − approx‖ / (‖grad‖ + ‖approx‖) over this parameter.
        public var difference: Double
        /// For each element: whether J(θ + ε) and J(θ − ε) lie on different sides of a kink,
        /// some Z of a relu or leaky_relu layer changing sign between them.
        public var straddlesKink: [Bool]
        /// For each element: a bound on the rounding error of its finite difference.
        public var roundingError: [Double]
    }

    /// The element where the gradient and its approximation differ most.
    public struct Worst: Sendable {
        public var name: String
        public var row: Int
        public var col: Int
        public var gradient: Double
        public var approximation: Double
        /// Whether its finite difference straddles a kink.
        public var straddlesKink: Bool
    }

    public var parts: [Part]
    /// The difference over every parameter at once, the course's single number.
    public var overall: Double
    public var worst: Worst?
    /// The same among the elements whose finite difference does not straddle a kink.
    public var worstAwayFromKinks: Worst?
    /// Whether the check stopped early (Ctrl-C); `parts` then covers what was done.
    public var interrupted: Bool

    /// How many elements' finite differences straddle a kink.
    public var kinkCount: Int { parts.reduce(0) { $0 + $1.straddlesKink.filter { $0 }.count } }

    /// The difference over the elements whose finite difference does not straddle a kink.
    public var differenceAwayFromKinks: Double {
        GradientCheck.relativeDifference(
            parts.map { p in p.gradient.storage.indices.map { p.straddlesKink[$0] ? 0 : p.gradient.storage[$0] } },
            parts.map { p in p.approximation.storage.indices.map { p.straddlesKink[$0] ? 0 : p.approximation.storage[$0] } })
    }

    /// The difference rounding alone could make, away from kinks:
    ///
    /// ```
    /// ‖r‖ / (‖grad‖ + ‖gradapprox‖)   with  rᵢ = 4u·(|J(θ + ε)| + |J(θ − ε)| + 2) / (2ε),  u = 2⁻⁵³
    /// ```
    /// Each J carries an absolute error of a few u·max(|J|, 1): the relative error of
    /// the sums, and, near a perfect fit, log(a) of an a that is itself rounded to within
    /// u of 1, so a small J is not known to a small relative error.
    public var roundingDifference: Double {
        var rr = 0.0, gg = 0.0, aa = 0.0
        for p in parts {
            for k in p.gradient.storage.indices where !p.straddlesKink[k] {
                rr += p.roundingError[k] * p.roundingError[k]
                gg += p.gradient.storage[k] * p.gradient.storage[k]
                aa += p.approximation.storage[k] * p.approximation.storage[k]
            }
        }
        let denominator = gg.squareRoot() + aa.squareRoot()
        return denominator == 0 ? 0 : rr.squareRoot() / denominator
    }
}

// MARK: - Running the check

extension GradientCheck {
    /// Compares `gradients` (each layer's, in its kind's parameter order) with finite differences
    /// of the cost of `network` on (x, y), with the L2 term when `lambda` is given. `shouldStop` is polled
    /// between parameters' elements so a long check can be interrupted; `progress` hears
    /// (elements done, elements in all) after each element.
    public static func run(network: Network, x: Matrix, y: Matrix, loss: Loss, lambda: Double? = nil,
                           gradients: [[Matrix]], epsilon: Double,
                           shouldStop: () -> Bool = { false },
                           progress: ((Int, Int) -> Void)? = nil) -> GradientCheck {
        precondition(gradients.count == network.depth, "GradientCheck: one list of gradients per layer")
        var net = network
        var parts: [Part] = []
        var interrupted = false
        let total = network.parameters.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        var done = 0
        let u = Double.ulpOfOne / 2
        // The signs of every pre-activation of a layer with a kink (relu, leaky_relu), to tell
        // whether θ + ε and θ − ε fall on the same side of each kink.
        var signsPlus: [Bool] = [], signsMinus: [Bool] = []
        var unused = NumpyRandom(seed: 0)   // without dropout nothing is drawn
        func cost(_ n: Network, signs: inout [Bool]) -> Double {
            signs.removeAll(keepingCapacity: true)
            let pass = n.forwardPass(x, random: &unused)
            for l in 1...n.depth where n.activation(l) == .relu || n.activation(l) == .leakyRelu {
                for v in pass.forward[l - 1].preActivation.storage { signs.append(v > 0) }
            }
            let j = loss.cost(pass.a[n.depth], y)
            guard let lambda else { return j }
            return j + Regularization.l2Cost(n.weights, lambda: lambda, m: x.cols)
        }

        outer: for l in 1...network.depth {
            for (index, spec) in network.specs(l).enumerated() {
                let grad = gradients[l - 1][index]
                let theta = network.parameters[l - 1][index]
                precondition(grad.hasSameShape(as: theta), "GradientCheck: gradient shape differs from its parameter")
                var approx = Matrix.zeros(theta.rows, theta.cols)
                var kinks = [Bool](repeating: false, count: theta.count)
                var rounding = [Double](repeating: 0, count: theta.count)
                for k in 0..<theta.count {
                    if shouldStop() { interrupted = true; break outer }
                    var plus = theta, minus = theta
                    plus.storage[k] += epsilon
                    minus.storage[k] -= epsilon
                    net.parameters[l - 1][index] = plus
                    let jPlus = cost(net, signs: &signsPlus)
                    net.parameters[l - 1][index] = minus
                    let jMinus = cost(net, signs: &signsMinus)
                    approx.storage[k] = (jPlus - jMinus) / (2 * epsilon)
                    kinks[k] = signsPlus != signsMinus
                    rounding[k] = 4 * u * (Swift.abs(jPlus) + Swift.abs(jMinus) + 2) / (2 * epsilon)
                    done += 1
                    progress?(done, total)
                }
                net.parameters[l - 1][index] = theta
                parts.append(Part(name: spec.name + String(l), gradient: grad, approximation: approx,
                                  difference: relativeDifference([grad.storage], [approx.storage]),
                                  straddlesKink: kinks, roundingError: rounding))
            }
        }
        let overall = relativeDifference(parts.map(\.gradient.storage), parts.map(\.approximation.storage))
        return GradientCheck(parts: parts, overall: overall, worst: worstElement(parts, awayFromKinks: false),
                             worstAwayFromKinks: worstElement(parts, awayFromKinks: true), interrupted: interrupted)
    }

    /// The element where |grad − gradapprox| is largest (a nan counts as largest).
    static func worstElement(_ parts: [Part], awayFromKinks: Bool) -> Worst? {
        var worst: Worst?
        var largest = -1.0
        for part in parts {
            for k in 0..<part.gradient.count where !(awayFromKinks && part.straddlesKink[k]) {
                let d = Swift.abs(part.gradient.storage[k] - part.approximation.storage[k])
                if d > largest || d.isNaN {
                    largest = d.isNaN ? .infinity : d
                    worst = Worst(name: part.name, row: k / part.gradient.cols, col: k % part.gradient.cols,
                                  gradient: part.gradient.storage[k], approximation: part.approximation.storage[k],
                                  straddlesKink: part.straddlesKink[k])
                }
            }
        }
        return worst
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
