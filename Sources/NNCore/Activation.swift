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
        Matrix.elementwise(z, into: &a) { zp, ap, n in
            switch self {
            case .relu:
                // relu(z) = np.maximum(0, z), whose rules are kept exactly:
                // 1. nan stays nan (np.maximum propagates nan);
                // 2. on a tie it returns its second argument, so −0.0 stays −0.0.
                for i in 0..<n { ap[i] = zp[i] < 0 ? 0 : zp[i] }
            case .sigmoid:
                // σ(z) = 1 / (1 + e^(−z))
                for i in 0..<n { ap[i] = 1 / (1 + exp(-zp[i])) }
            case .tanh:
                for i in 0..<n { ap[i] = Glibc.tanh(zp[i]) }
            case .linear:
                for i in 0..<n { ap[i] = zp[i] }
            case .leakyRelu:
                for i in 0..<n { ap[i] = zp[i] > 0 ? zp[i] : Activation.leakySlope * zp[i] }
            case .softmax:
                preconditionFailure("softmax is computed by columns")
            }
        }
    }

    /// dZ = dA ⊙ g′(Z), computed from the cached Z as the course's `*_backward` do.
    ///
    /// ```
    /// relu:       g′(z) = 1 if z > 0 else 0          (g′(0) = 0, as relu_backward)
    /// sigmoid:    g′(z) = s·(1 − s),  s = σ(z)
    /// tanh:       g′(z) = 1 − tanh²(z)
    /// linear:     g′(z) = 1
    /// leaky_relu: g′(z) = 0.01 if z ≤ 0 else 1       (the same mask as relu_backward)
    /// softmax:    the full Jacobian per column:  dZ = A ⊙ (dA − Σᵢ dA ⊙ A)
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
        Matrix.elementwise(dA, z, into: &dZ) { da, zp, out, n in
            switch self {
            case .relu:
                for i in 0..<n { out[i] = zp[i] <= 0 ? 0 : da[i] }
            case .sigmoid:
                for i in 0..<n {
                    let s = 1 / (1 + exp(-zp[i]))
                    out[i] = da[i] * s * (1 - s)
                }
            case .tanh:
                for i in 0..<n {
                    let t = Glibc.tanh(zp[i])
                    out[i] = da[i] * (1 - t * t)
                }
            case .linear:
                for i in 0..<n { out[i] = da[i] }
            case .leakyRelu:
                // The mask is z ≤ 0, as relu_backward's `dZ[Z <= 0]`: a nan z keeps dA.
                for i in 0..<n { out[i] = zp[i] <= 0 ? Activation.leakySlope * da[i] : da[i] }
            case .softmax:
                preconditionFailure("softmax is differentiated by columns")
            }
        }
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

    /// g′(Z) on its own, for `explain` and diagnosis.
    public func derivative(_ z: Matrix) -> Matrix {
        backward(Matrix.ones(z.rows, z.cols), z)
    }

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
}
