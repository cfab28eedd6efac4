#if canImport(Glibc)
import Glibc
#endif

/// The activation g[l] of a layer, with its derivative beside it.
///
/// ```
/// A[l]  = g[l](Z[l])                 forward
/// dZ[l] = dA[l] ⊙ g′[l](Z[l])        backward
/// ```
public enum Activation: String, CaseIterable, Sendable {
    case relu
    case sigmoid
    case tanh
    case linear
    case leakyRelu = "leaky_relu"
    case softmax

    /// The slope of leaky_relu for z ≤ 0.
    public static let leakySlope = 0.01

    /// The name used in commands and tables (`leaky_relu`, not `leakyRelu`).
    public var name: String { rawValue }
}

// MARK: - Forward and backward

extension Activation {
    /// A = g(Z), element by element (softmax: column by column).
    public func forward(_ z: Matrix) -> Matrix {
        if self == .linear { return z }
        var a = Matrix.zeros(0, 0)
        forward(z, into: &a)
        return a
    }

    /// A = g(Z) written over `a`, reusing its storage when it has Z's shape.
    public func forward(_ z: Matrix, into a: inout Matrix) {
        if self == .softmax {
            a = Activation.softmaxColumns(z)
            return
        }
        Matrix.elementwise(z, into: &a, elementwise.forward)
    }

    /// dZ = dA ⊙ g′(Z), computed from the cached Z as the course's `*_backward` do.
    ///
    /// ```
    /// dZ = dA ⊙ g′(Z)                  element by element, g′ beside g in `elementwise`
    /// softmax: the full Jacobian per column:  dZ = A ⊙ (dA − Σᵢ dA ⊙ A)
    /// ```
    /// With cross-entropy the softmax backward collapses to dZ[L] = AL − Y,
    /// which `Propagation.layerBackward` uses directly.
    public func backward(_ dA: Matrix, _ z: Matrix) -> Matrix {
        if self == .linear {
            precondition(dA.hasSameShape(as: z),
                         "Activation.backward: dA is \(dA.rows)×\(dA.cols) but Z is \(z.rows)×\(z.cols)")
            return dA
        }
        var dZ = Matrix.zeros(0, 0)
        backward(dA, z, into: &dZ)
        return dZ
    }

    /// dZ = dA ⊙ g′(Z) written over `dZ`, reusing its storage when it has Z's shape.
    public func backward(_ dA: Matrix, _ z: Matrix, into dZ: inout Matrix) {
        precondition(dA.hasSameShape(as: z),
                     "Activation.backward: dA is \(dA.rows)×\(dA.cols) but Z is \(z.rows)×\(z.cols)")
        if self == .softmax {
            dZ = Activation.softmaxBackward(dA, z)
            return
        }
        Matrix.elementwise(dA, z, into: &dZ, elementwise.backward)
    }

    /// g′(Z) on its own, for `explain` and diagnosis.
    public func derivative(_ z: Matrix) -> Matrix {
        backward(Matrix.ones(z.rows, z.cols), z)
    }
}

// MARK: - g and g′ of each activation, side by side

extension Activation {
    /// a[i] = g(z[i]) over n elements.
    private typealias ForwardKernel = (_ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ n: Int) -> Void
    /// out[i] = dA[i] · g′(z[i]) over n elements.
    private typealias BackwardKernel = (_ dA: UnsafePointer<Double>, _ z: UnsafePointer<Double>,
                                _ out: UnsafeMutablePointer<Double>, _ n: Int) -> Void

    /// g and dA ⊙ g′ element by element, each activation's pair next to each other.
    ///
    /// ```
    /// forward:  a[i]   = g(z[i])
    /// backward: out[i] = dA[i] · g′(z[i])      from the cached z, as the course's `*_backward`
    /// ```
    /// softmax has none: it is computed and differentiated by columns.
    private var elementwise: (forward: ForwardKernel, backward: BackwardKernel) {
        switch self {
        case .relu:
            // g(z) = np.maximum(0, z), whose rules are kept exactly:
            // 1. nan stays nan (np.maximum propagates nan);
            // 2. on a tie it returns its second argument, so −0.0 stays −0.0.
            // g′(z) = 1 if z > 0 else 0: relu_backward's `dZ[Z <= 0] = 0`, so g′(0) = 0.
            return ({ z, a, n in for i in 0..<n { a[i] = z[i] < 0 ? 0 : z[i] } },
                    { dA, z, out, n in for i in 0..<n { out[i] = z[i] <= 0 ? 0 : dA[i] } })
        case .sigmoid:
            // g(z) = σ(z) = 1 / (1 + e^(−z));  g′(z) = s·(1 − s) with s = σ(z).
            return ({ z, a, n in for i in 0..<n { a[i] = 1 / (1 + exp(-z[i])) } },
                    { dA, z, out, n in
                        for i in 0..<n {
                            let s = 1 / (1 + exp(-z[i]))
                            out[i] = dA[i] * s * (1 - s)
                        }
                    })
        case .tanh:
            // g(z) = tanh(z);  g′(z) = 1 − tanh²(z).
            return ({ z, a, n in for i in 0..<n { a[i] = Glibc.tanh(z[i]) } },
                    { dA, z, out, n in
                        for i in 0..<n {
                            let t = Glibc.tanh(z[i])
                            out[i] = dA[i] * (1 - t * t)
                        }
                    })
        case .linear:
            // g(z) = z;  g′(z) = 1.
            return ({ z, a, n in for i in 0..<n { a[i] = z[i] } },
                    { dA, _, out, n in for i in 0..<n { out[i] = dA[i] } })
        case .leakyRelu:
            // g(z) = z if z > 0 else 0.01·z;  g′(z) = 0.01 if z ≤ 0 else 1.
            // g′'s mask is z ≤ 0, as relu_backward's `dZ[Z <= 0]`: a nan z keeps dA.
            return ({ z, a, n in for i in 0..<n { a[i] = z[i] > 0 ? z[i] : Activation.leakySlope * z[i] } },
                    { dA, z, out, n in
                        for i in 0..<n { out[i] = z[i] <= 0 ? Activation.leakySlope * dA[i] : dA[i] }
                    })
        case .softmax:
            preconditionFailure("softmax is computed and differentiated by columns")
        }
    }
}

// MARK: - softmax, by columns

extension Activation {
    /// Softmax of each column, shifted by the column's maximum for stability.
    ///
    /// ```
    /// A[i, j] = e^(Z[i, j] − maxₖ Z[k, j]) / Σₖ e^(Z[k, j] − maxₖ Z[k, j])
    /// ```
    static func softmaxColumns(_ z: Matrix) -> Matrix {
        var e = Matrix.zeros(z.rows, z.cols)
        for j in 0..<z.cols {
            var m = -Double.infinity
            for i in 0..<z.rows { m = Swift.max(m, z[i, j]) }
            for i in 0..<z.rows { e[i, j] = exp(z[i, j] - m) }
        }
        return normalizingColumns(e)
    }

    /// Each column divided by its sum: numpy's `e / np.sum(e, axis=0, keepdims=True)`.
    ///
    /// ```
    /// A[i, j] = e[i, j] / Σₖ e[k, j]
    /// ```
    /// The sums follow numpy's order of additions, so A matches numpy bit for
    /// bit whenever e does:
    /// 1. With two or more columns numpy adds row after row into the running
    ///    column sums: ((0 + e[0, j]) + e[1, j]) + … .
    /// 2. A single column is one run of memory, which numpy sums pairwise
    ///    (`pairwiseSum`); from 8 rows on the two orders can differ.
    static func normalizingColumns(_ e: Matrix) -> Matrix {
        var sums = [Double](repeating: 0, count: e.cols)
        if e.cols == 1 {
            sums[0] = e.sum()
        } else {
            for i in 0..<e.rows {
                for j in 0..<e.cols { sums[j] += e[i, j] }
            }
        }
        var out = e
        for i in 0..<e.rows {
            for j in 0..<e.cols { out[i, j] = e[i, j] / sums[j] }
        }
        return out
    }

    /// The softmax's full Jacobian applied to each column of dA.
    ///
    /// ```
    /// dZ = A ⊙ (dA − Σᵢ dA ⊙ A)
    /// ```
    static func softmaxBackward(_ dA: Matrix, _ z: Matrix) -> Matrix {
        let a = Activation.softmaxColumns(z)
        var out = Matrix.zeros(z.rows, z.cols)
        for j in 0..<z.cols {
            var dot = 0.0
            for i in 0..<z.rows { dot += dA[i, j] * a[i, j] }
            for i in 0..<z.rows { out[i, j] = a[i, j] * (dA[i, j] - dot) }
        }
        return out
    }
}
