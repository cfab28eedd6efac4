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
        let m = Double(aPrev.cols)
        // 1. numpy evaluates `1./m * np.dot(dZ, A_prev.T)` as a scalar times the
        //    product, so the product is formed first and then scaled.
        let dW = (1.0 / m) * Matrix.dot(dZ, aPrev, transposeB: true)
        let db = (1.0 / m) * dZ.sumRows()
        let dAPrev = needPrevious ? Matrix.dot(w, dZ, transposeA: true) : nil
        return (dW, db, dAPrev)
    }
}
