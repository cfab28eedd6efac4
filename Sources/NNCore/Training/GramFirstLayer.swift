/// Layer 1 of full-batch training carried through the Gram matrix G = XᵀX, without X.
///
/// When every iteration sees the same X (n[0] × m) and m < n[0], the next
/// iteration's Z[1] follows from this one's without touching X again:
/// ```
/// W[1](t+1)    = W[1](t) − (α/m)·dZ[1](t)·Xᵀ
/// W[1](t+1)·X  = W[1](t)·X − (α/m)·dZ[1](t)·(XᵀX)
/// Z[1](t+1)    = W[1](t+1)·X + b[1](t+1)
/// W[1](T)      = W[1](0) − (α/m)·(Σt dZ[1](t))·Xᵀ      (formed once, when W[1] is needed)
/// ```
/// 1. Both lines are the plain update rearranged by the associativity of the
///    product, so the algorithm is the course's own; only the rounding
///    differs, by a few units in the last place of each iteration's values.
/// 2. An iteration costs n[1]·m² multiply-adds (dZ[1]·G) instead of
///    2·n[1]·n[0]·m (W[1]·X and dZ[1]·Xᵀ); G costs n[0]·m² once and the
///    final W[1] n[1]·m·n[0] once (`FirstLayerAlgorithm.choose`).
/// 3. The sum Σ dZ[1] is compensated (Kahan), so the final W[1] carries the
///    rounding of one product, not of T additions.
/// 4. Z[1] without b[1] is kept apart (`linear`), so b[1] is added afresh
///    each iteration as `linearForward` adds it.
struct GramFirstLayer: Sendable {
    /// G = XᵀX (m × m), and W[1] when training started.
    let gram: Matrix, start: Matrix
    /// W[1](t)·X (n[1] × m), brought forward by each step's dZ[1]·G (`product`).
    var linear: Matrix, product: Matrix
    /// Σt dZ[1](t) and its Kahan compensation, n[1] × m; α of every step (one `train`, one α).
    var sum: Matrix, compensation: Matrix
    let alpha: Double

    /// G formed from `x`, and W[1]·X from the network's W[1].
    init(w: Matrix, x: Matrix, alpha: Double) {
        gram = Matrix.dot(x, x, transposeA: true)
        start = w
        linear = Matrix.dot(w, x)
        sum = Matrix.zeros(w.rows, x.cols)
        compensation = Matrix.zeros(w.rows, x.cols)
        product = Matrix.zeros(w.rows, x.cols)
        self.alpha = alpha
    }
}

// MARK: - One iteration

extension GramFirstLayer {
    /// Z[1] = W[1]·X + b[1] from the carried product, into `z`.
    func forward(b: Matrix, into z: inout Matrix) {
        if !z.hasSameShape(as: linear) { z = Matrix.zeros(linear.rows, linear.cols) }
        z.storage.withUnsafeMutableBufferPointer { out in
            linear.storage.withUnsafeBufferPointer { p in
                for i in 0..<p.count { out[i] = p[i] }
            }
        }
        z.addColumn(b)
    }

    /// The step of W[1] by dZ[1], applied to W[1]·X and recorded in the sum.
    ///
    /// ```
    /// W[1]·X ← W[1]·X − α·(1/m · dZ[1]·G)        Σ dZ[1] += dZ[1]
    /// ```
    mutating func step(dZ: Matrix) {
        precondition(dZ.hasSameShape(as: linear),
                     "GramFirstLayer.step: dZ1 is \(dZ.rows)×\(dZ.cols), W1·X \(linear.rows)×\(linear.cols)")
        Matrix.multiply(dZ, gram, into: &product)
        linear.descend(alpha: alpha, scale: 1.0 / Double(dZ.cols), product: product)
        sum.storage.withUnsafeMutableBufferPointer { s in
            compensation.storage.withUnsafeMutableBufferPointer { c in
                dZ.storage.withUnsafeBufferPointer { d in
                    for i in 0..<s.count {
                        let y = d[i] - c[i]
                        let t = s[i] + y
                        c[i] = (t - s[i]) - y
                        s[i] = t
                    }
                }
            }
        }
    }

    /// W[1] after every step so far: W[1](0) − α·(1/m · (Σ dZ[1])·Xᵀ).
    func weights(x: Matrix) -> Matrix {
        var w = start
        w.descend(alpha: alpha, scale: 1.0 / Double(x.cols), product: Matrix.dot(sum, x, transposeB: true))
        return w
    }
}

// MARK: - When it pays

/// How full-batch training forms layer 1: a closed set.
public enum FirstLayerAlgorithm: String, Sendable, CaseIterable {
    /// Z[1] = W[1]·X and dW[1] = 1/m·dZ[1]·Xᵀ every iteration, as the course writes it.
    case plain
    /// Z[1] carried through G = XᵀX (`GramFirstLayer`), W[1] formed at the end.
    case gram

    /// Layers whose plain iteration costs fewer multiply-adds than this stay
    /// plain, so the lecture's small networks keep the bits of stepping by hand.
    static let gramThreshold = 1 << 22

    /// The cheaper of the two for `iterations` iterations of a first layer
    /// n[1] × n[0] on m examples, counting multiply-adds:
    ///
    /// ```
    /// plain  T · 2·n[1]·n[0]·m
    /// gram   T · n[1]·m²  +  n[0]·m²  +  n[1]·m·n[0]       (G once, W[1] once)
    /// ```
    /// gram is taken only when it saves at least a third.
    public static func choose(n1: Int, n0: Int, m: Int, iterations: Int) -> FirstLayerAlgorithm {
        let (t, n1, n0, m) = (Double(iterations), Double(n1), Double(n0), Double(m))
        let perIteration = 2 * n1 * n0 * m
        guard perIteration >= Double(gramThreshold), m < n0 else { return .plain }
        let plain = t * perIteration
        let gram = t * n1 * m * m + n0 * m * m + n1 * m * n0
        return gram * 1.5 <= plain ? .gram : .plain
    }
}
