/// The lecture's forward and backward step for one layer, side by side.
public enum Propagation {
    /// The linear part of forward propagation.
    ///
    /// ```
    /// Z[l] = W[l]·A[l−1] + b[l]        (n[l] × m)
    /// ```
    public static func linearForward(w: Matrix, aPrev: Matrix, b: Matrix) -> Matrix {
        var z = Matrix.zeros(0, 0)
        linearForward(w: w, aPrev: aPrev, b: b, into: &z)
        return z
    }

    /// Z[l] written over `z`, reusing its storage when it has Z's shape.
    public static func linearForward(w: Matrix, aPrev: Matrix, b: Matrix, into z: inout Matrix) {
        Matrix.multiply(w, aPrev, into: &z)
        z.addColumn(b)
    }

    /// The gradients of the linear part, given dZ[l].
    ///
    /// ```
    /// dW[l]   = 1/m · dZ[l]·A[l−1]ᵀ                       (n[l] × n[l−1])
    /// db[l]   = 1/m · np.sum(dZ[l], axis=1, keepdims=True)  (n[l] × 1)
    /// dA[l−1] = W[l]ᵀ·dZ[l]                                (n[l−1] × m)
    /// ```
    /// `needPrevious: false` skips dA[0], which the update never uses.
    public static func linearBackward(dZ: Matrix, aPrev: Matrix, w: Matrix,
                                      needPrevious: Bool = true)
        -> (dW: Matrix, db: Matrix, dAPrev: Matrix?) {
        var product = Matrix.zeros(0, 0), db = Matrix.zeros(0, 0), dAPrev = Matrix.zeros(0, 0)
        linearBackward(dZ: dZ, aPrev: aPrev, w: w, product: &product, db: &db, dAPrev: &dAPrev,
                       needPrevious: needPrevious)
        // 1. numpy evaluates `1./m * np.dot(dZ, A_prev.T)` as a scalar times the
        //    product, so the product is formed first and then scaled.
        let dW = (1.0 / Double(aPrev.cols)) * product
        return (dW, db, needPrevious ? dAPrev : nil)
    }

    /// The gradients of the linear part written over buffers, reusing their storage
    /// when they have the right shapes; dW[l] is left as the product P before its 1/m.
    ///
    /// ```
    /// P[l]    = dZ[l]·A[l−1]ᵀ                              (dW[l] = 1/m · P[l])
    /// db[l]   = 1/m · np.sum(dZ[l], axis=1, keepdims=True)
    /// dA[l−1] = W[l]ᵀ·dZ[l]
    /// ```
    /// `needProduct: false` leaves `product` as it is, for a caller that forms
    /// W[l] − α·dW[l] in its own pass; `needPrevious: false` leaves `dAPrev`.
    static func linearBackward(dZ: Matrix, aPrev: Matrix, w: Matrix,
                               product: inout Matrix, db: inout Matrix, dAPrev: inout Matrix,
                               needProduct: Bool = true, needPrevious: Bool = true) {
        precondition(aPrev.cols == dZ.cols,
                     "Propagation.linearBackward: dZ has \(dZ.cols) columns but A[l−1] has \(aPrev.cols)")
        precondition(w.rows == dZ.rows && w.cols == aPrev.rows,
                     "Propagation.linearBackward: W is \(w.rows)×\(w.cols), dZ \(dZ.rows)×\(dZ.cols), "
                     + "A[l−1] \(aPrev.rows)×\(aPrev.cols)")
        if db.rows != dZ.rows || db.cols != 1 { db = Matrix.zeros(dZ.rows, 1) }
        dZ.sumRows(scaledBy: 1.0 / Double(aPrev.cols), into: &db)
        if needPrevious {
            Matrix.multiply(w, dZ, transposeA: true, into: &dAPrev)
        }
        if needProduct {
            Matrix.multiply(dZ, aPrev, transposeB: true, into: &product)
        }
    }
}

// MARK: - One layer backward

extension Propagation {
    /// What layer l's backward step starts from.
    public enum Upstream {
        /// dA[l] and the cached Z[l], for dZ[l] = dA[l] ⊙ g′[l](Z[l]); nil Z only for a linear g.
        case dA(Matrix, z: Matrix?)
        /// AL and Y at an output with softmax and cross-entropy, for dZ[L] = AL − Y.
        case softmaxCrossEntropy(al: Matrix, y: Matrix)
        /// dA[L], Z[L], AL and Y at a sigmoid output with bce: dZ[L] = dA[L] ⊙ σ′(Z[L]),
        /// and AL − Y wherever dA[L] is not finite (AL exactly 0 or 1).
        case sigmoidBinaryCrossEntropy(dA: Matrix, z: Matrix, al: Matrix, y: Matrix)
    }

    /// Whether backward starts from dA[L] but falls back on dZ[L] = AL − Y where
    /// dA[L] is not finite: a sigmoid output with binary cross-entropy.
    ///
    /// ```
    /// dZ[L] = dA[L] ⊙ σ′(Z[L]) = AL − Y                 (for 0 < AL < 1)
    /// AL = 1 exactly: dA[L] = −(Y/1 − (1−Y)/0) is nan or inf; AL − Y is finite
    /// ```
    public static func usesSaturationFallback(output g: Activation, loss: Loss) -> Bool {
        g == .sigmoid && loss == .bce
    }

    /// What backward starts from at the output layer L, for `output` g[L] and `loss`.
    ///
    /// ```
    /// softmax + ce:   dZ[L] = AL·Σy − Y
    /// sigmoid + bce:  dA[L] ⊙ σ′(Z[L]), AL − Y where dA[L] is not finite
    /// otherwise:      dA[L] ⊙ g′[L](Z[L])
    /// ```
    /// `dA` is dA[L] when the caller has it; otherwise it is formed from AL and Y.
    public static func outputUpstream(output g: Activation, loss: Loss, al: Matrix, y: Matrix, z: Matrix,
                                      dA: Matrix? = nil) -> Upstream {
        if usesSoftmaxShortcut(output: g, loss: loss) { return .softmaxCrossEntropy(al: al, y: y) }
        let dAL = dA ?? loss.outputGradient(al, y)
        if usesSaturationFallback(output: g, loss: loss) {
            return .sigmoidBinaryCrossEntropy(dA: dAL, z: z, al: al, y: y)
        }
        return .dA(dAL, z: z)
    }

    /// Where dA[L] is not finite, in storage order: the entries `sigmoidBinaryCrossEntropy`
    /// takes from AL − Y.
    public static func saturatedEntries(_ dA: Matrix) -> [(row: Int, col: Int)] {
        dA.storage.indices.filter { !dA.storage[$0].isFinite }.map { ($0 / dA.cols, $0 % dA.cols) }
    }

    /// Whether backward starts from dZ[L] = AL − Y instead of dA[L]: a softmax output with cross-entropy.
    ///
    /// ```
    /// dZ[L] = AL ⊙ (dA[L] − Σᵢ dA[L] ⊙ AL) = AL·Σᵢ Y − Y     when dA[L] = −Y/AL
    ///       = AL − Y                                      when Σᵢ Y = 1 (one-hot labels)
    /// ```
    public static func usesSoftmaxShortcut(output g: Activation, loss: Loss) -> Bool {
        g == .softmax && loss == .ce
    }

    /// One layer of backward propagation: dZ[l], then the gradients of the linear part.
    ///
    /// ```
    /// dZ[l]   = dA[l] ⊙ g′[l](Z[l])        (output with softmax + ce: dZ[L] = AL·Σy − Y, AL − Y for one-hot Y;
    ///                                   sigmoid + bce: AL − Y where dA[L] is not finite)
    /// dW[l]   = 1/m · dZ[l]·A[l−1]ᵀ
    /// db[l]   = 1/m · np.sum(dZ[l], axis=1, keepdims=True)
    /// dA[l−1] = W[l]ᵀ·dZ[l]
    /// ```
    /// `needPrevious: false` skips dA[0], which the update never uses.
    public static func layerBackward(_ upstream: Upstream, activation g: Activation, aPrev: Matrix, w: Matrix,
                                     needPrevious: Bool = true)
        -> (dZ: Matrix, dW: Matrix, db: Matrix, dAPrev: Matrix?) {
        var dZ = Matrix.zeros(0, 0)
        activationBackward(upstream, activation: g, into: &dZ)
        let linear = linearBackward(dZ: dZ, aPrev: aPrev, w: w, needPrevious: needPrevious)
        return (dZ, linear.dW, linear.db, linear.dAPrev)
    }

    /// `layerBackward` written over buffers, reusing their storage when they have
    /// the right shapes; dW[l] is left as P[l] = dZ[l]·A[l−1]ᵀ, before its 1/m.
    ///
    /// ```
    /// dZ[l] = dA[l] ⊙ g′[l](Z[l])          (output with softmax + ce: dZ[L] = AL − Y)
    /// P[l], db[l], dA[l−1]                 as `linearBackward(…, product:…)`
    /// ```
    static func layerBackward(_ upstream: Upstream, activation g: Activation, aPrev: Matrix, w: Matrix,
                              dZ: inout Matrix, product: inout Matrix, db: inout Matrix, dAPrev: inout Matrix,
                              needProduct: Bool = true, needPrevious: Bool = true) {
        activationBackward(upstream, activation: g, into: &dZ)
        linearBackward(dZ: dZ, aPrev: aPrev, w: w, product: &product, db: &db, dAPrev: &dAPrev,
                       needProduct: needProduct, needPrevious: needPrevious)
    }

    /// The gradient at layer l's pre-activation P[l] (Z[l] for dense, Z̃[l] for batchnorm),
    /// from what backward starts with: the activation half of every kind's backward step.
    ///
    /// ```
    /// dP[l] = dA[l] ⊙ g′[l](P[l])          (output with softmax + ce: dP[L] = AL − Y)
    /// ```
    public static func preActivationGradient(_ upstream: Upstream, activation g: Activation) -> Matrix {
        var dP = Matrix.zeros(0, 0)
        activationBackward(upstream, activation: g, into: &dP)
        return dP
    }

    /// dZ[l] written over `dZ`, reusing its storage when it has the right shape.
    ///
    /// ```
    /// dZ[l] = dA[l] ⊙ g′[l](Z[l])          (output with softmax + ce: dZ[L] = AL − Y)
    /// ```
    private static func activationBackward(_ upstream: Upstream, activation g: Activation, into dZ: inout Matrix) {
        switch upstream {
        case let .dA(dA, z?):
            g.backward(dA, z, into: &dZ)
        case let .dA(dA, nil):
            precondition(g == .linear, "Propagation.activationBackward: \(g.name)′ needs Z, only linear does without")
            Matrix.elementwise(dA, into: &dZ) { da, out, n in
                for i in 0..<n { out[i] = da[i] }
            }
        case let .softmaxCrossEntropy(al, y):
            precondition(g == .softmax, "Propagation.activationBackward: AL − Y is the softmax's dZ, not \(g.name)'s")
            // 1. The general gradient is dZ = AL·Σᵢy − Y, column by column; labels that sum
            //    to 1 (one-hot, probabilities) give AL·1 − Y, which is AL − Y to the bit.
            //    Labels that do not (Y = [[1],[1]]) need the sum: AL − Y is not their gradient.
            // 2. Each column's Σy is summed where it is used, so `train` still allocates
            //    nothing per iteration.
            let (rows, cols) = (y.rows, y.cols)
            Matrix.elementwise(al, y, into: &dZ) { a, yv, d, _ in
                for j in 0..<cols {
                    var sum = 0.0
                    for i in 0..<rows { sum += yv[i * cols + j] }
                    for i in 0..<rows { d[i * cols + j] = a[i * cols + j] * sum - yv[i * cols + j] }
                }
            }
        case let .sigmoidBinaryCrossEntropy(dA, z, al, y):
            precondition(g == .sigmoid, "Propagation.activationBackward: the AL − Y fallback is the sigmoid's, not \(g.name)'s")
            precondition(dA.hasSameShape(as: al) && al.hasSameShape(as: y),
                         "Propagation.activationBackward: dA, AL and Y differ in shape")
            g.backward(dA, z, into: &dZ)
            // 3. The course's utilities backpropagate sigmoid + bce as dZ[L] = AL − Y. Where
            //    AL is exactly 0 or 1, dA[L] is 0/0 or ±inf and dA ⊙ σ′ is nan; AL − Y is
            //    the same gradient's limit. Elsewhere the lecture's chain keeps its bits.
            Matrix.elementwise(dA, into: &dZ) { da, out, n in
                al.storage.withUnsafeBufferPointer { a in
                    y.storage.withUnsafeBufferPointer { yv in
                        for i in 0..<n where !da[i].isFinite { out[i] = a[i] - yv[i] }
                    }
                }
            }
        }
    }
}
