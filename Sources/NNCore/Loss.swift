#if canImport(Glibc)
import Glibc
#endif

/// The cost J and the gradient dA[L] that starts backward propagation.
///
/// As in the lecture, the 1/m lives in dW and db, never in dA.
public enum Loss: String, CaseIterable, Sendable {
    /// Binary cross-entropy, for a sigmoid output.
    case bce
    /// Categorical cross-entropy, for a softmax output.
    case ce
    /// Half the mean squared error.
    case mse

    public var name: String { rawValue }

    /// The loss that goes with an output activation: sigmoid → bce, softmax → ce, others → mse.
    public static func `default`(for output: Activation) -> Loss {
        switch output {
        case .sigmoid: return .bce
        case .softmax: return .ce
        default: return .mse
        }
    }
}

// MARK: - Cost and its gradient

extension Loss {
    /// The cost over m examples (columns).
    ///
    /// ```
    /// bce: J = −1/m · Σ (y·log a + (1−y)·log(1−a))
    /// ce:  J = −1/m · Σ y·log a
    /// mse: J = 1/(2m) · Σ (a − y)²
    /// ```
    public func cost(_ al: Matrix, _ y: Matrix) -> Double {
        precondition(al.hasSameShape(as: y),
                     "Loss.cost: AL is \(al.rows)×\(al.cols) but Y is \(y.rows)×\(y.cols)")
        let m = Double(al.cols)
        // 1. The course writes `(-1/m) * np.sum(…)`: the factor is rounded first
        //    and then multiplied, which can differ in the last bit from −Σ/m.
        switch self {
        case .bce:
            let terms = al.zipMap(y) { a, yv in yv * log(a) + (1 - yv) * log(1 - a) }
            return (-1 / m) * terms.sum()
        case .ce:
            let terms = al.zipMap(y) { a, yv in yv * log(a) }
            return (-1 / m) * terms.sum()
        case .mse:
            let terms = al.zipMap(y) { a, yv in (a - yv) * (a - yv) }
            return (1 / (2 * m)) * terms.sum()
        }
    }

    /// The backward initialisation dA[L] = ∂L/∂AL, per example (no 1/m).
    ///
    /// ```
    /// bce: dA[L] = −(y/a − (1−y)/(1−a))        (the lecture's formula)
    /// ce:  dA[L] = −y/a
    /// mse: dA[L] = a − y
    /// ```
    public func outputGradient(_ al: Matrix, _ y: Matrix) -> Matrix {
        precondition(al.hasSameShape(as: y),
                     "Loss.outputGradient: AL is \(al.rows)×\(al.cols) but Y is \(y.rows)×\(y.cols)")
        switch self {
        // 2. bce keeps the course's `- (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))`,
        //    which differs from −y/a + (1−y)/(1−a) in the sign of a zero result.
        case .bce: return al.zipMap(y) { a, yv in -(yv / a - (1 - yv) / (1 - a)) }
        case .ce: return al.zipMap(y) { a, yv in -yv / a }
        case .mse: return al - y
        }
    }
}
