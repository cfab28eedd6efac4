/// L2 regularisation: the course's `compute_cost_with_regularization` and
/// `backward_propagation_with_regularization`.
///
/// ```
/// J     = cross-entropy + λ/(2m)·Σl ‖W[l]‖²_F
/// dW[l] = 1/m · dZ[l]·A[l−1]ᵀ + (λ/m)·W[l]      (db[l] unchanged)
/// ```
public enum Regularization {
    /// The term added to the cost, in the course's order of operations.
    ///
    /// ```
    /// (1/m)·(λ/2)·(np.sum(np.square(W1)) + np.sum(np.square(W2)) + …)
    /// ```
    public static func l2Cost(_ weights: [Matrix], lambda: Double, m: Int) -> Double {
        var total = 0.0
        for w in weights { total += squaredNorm(w) }
        return (1 / Double(m)) * (lambda / 2) * total
    }

    /// ‖W‖²_F as `np.sum(np.square(W))` adds it (pairwise).
    public static func squaredNorm(_ w: Matrix) -> Double {
        w.map { $0 * $0 }.sum()
    }

    /// The term added to dW[l]: (λ/m)·W[l].
    public static func l2Gradient(_ w: Matrix, lambda: Double, m: Int) -> Matrix {
        (lambda / Double(m)) * w
    }
}
