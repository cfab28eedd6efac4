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
    /// The cost over m examples (columns), with the course's 0·log 0 = 0.
    ///
    /// ```
    /// bce: J = −1/m · Σ (y·log a + (1−y)·log(1−a))
    /// ce:  J = −1/m · Σ y·log a
    /// mse: J = 1/(2m) · Σ (a − y)²
    /// ```
    /// A saturated output that agrees with its label (a = 1 with y = 1, a = 0 with y = 0)
    /// adds 0, not nan; one that contradicts it still gives J = inf.
    public func cost(_ al: Matrix, _ y: Matrix) -> Double {
        var terms = Matrix.zeros(0, 0)
        return cost(al, y, terms: &terms)
    }

    /// The cost, with the per-example terms written over `terms` (reused when shaped as AL).
    public func cost(_ al: Matrix, _ y: Matrix, terms: inout Matrix) -> Double {
        precondition(al.hasSameShape(as: y),
                     "Loss.cost: AL is \(al.rows)×\(al.cols) but Y is \(y.rows)×\(y.cols)")
        let m = Double(al.cols)
        // 1. The course's utilities sum with np.nansum, so the nan of 0·log 0 drops out
        //    as numpy's 0 does. Only that nan is replaced (label factor exactly 0): every
        //    other term keeps np.sum's bits, and a nan AL still gives a nan J.
        Matrix.elementwise(al, y, into: &terms) { a, yv, t, n in
            func times(_ factor: Double, _ logarithm: Double) -> Double {
                let product = factor * logarithm
                return factor == 0 && product.isNaN ? 0 : product
            }
            switch self {
            case .bce: for i in 0..<n { t[i] = times(yv[i], log(a[i])) + times(1 - yv[i], log(1 - a[i])) }
            case .ce: for i in 0..<n { t[i] = times(yv[i], log(a[i])) }
            case .mse: for i in 0..<n { t[i] = (a[i] - yv[i]) * (a[i] - yv[i]) }
            }
        }
        // 2. The course writes `(-1/m) * np.sum(…)`: the factor is rounded first
        //    and then multiplied, which can differ in the last bit from −Σ/m.
        switch self {
        case .bce, .ce: return (-1 / m) * terms.sum()
        case .mse: return (1 / (2 * m)) * terms.sum()
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
        var dAL = Matrix.zeros(0, 0)
        outputGradient(al, y, into: &dAL)
        return dAL
    }

    /// dA[L] written over `dAL` (reused when shaped as AL).
    public func outputGradient(_ al: Matrix, _ y: Matrix, into dAL: inout Matrix) {
        precondition(al.hasSameShape(as: y),
                     "Loss.outputGradient: AL is \(al.rows)×\(al.cols) but Y is \(y.rows)×\(y.cols)")
        Matrix.elementwise(al, y, into: &dAL) { a, yv, d, n in
            switch self {
            // 3. bce keeps the course's `- (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))`,
            //    which differs from −y/a + (1−y)/(1−a) in the sign of a zero result.
            case .bce: for i in 0..<n { d[i] = -(yv[i] / a[i] - (1 - yv[i]) / (1 - a[i])) }
            case .ce: for i in 0..<n { d[i] = -yv[i] / a[i] }
            case .mse: for i in 0..<n { d[i] = a[i] - yv[i] }
            }
        }
    }
}
