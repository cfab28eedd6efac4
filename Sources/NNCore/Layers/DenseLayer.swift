/// The lecture's fully connected layer: W[l] and b[l], forward and backward side by side.
///
/// ```
/// forward:   Z[l]    = W[l]·A[l−1] + b[l]                            (n[l] × m)
/// backward:  dW[l]   = 1/m · dZ[l]·A[l−1]ᵀ                           (n[l] × n[l−1])
///            db[l]   = 1/m · np.sum(dZ[l], axis=1, keepdims=True)    (n[l] × 1)
///            dA[l−1] = W[l]ᵀ·dZ[l]                                   (n[l−1] × m)
/// ```
/// The pre-activation is Z[l] itself, so dP[l] is dZ[l].
struct DenseLayer: LayerRule {
    var name: String { "dense" }

    func parameters(units n: Int, inputs nPrev: Int) -> [LayerParameter] {
        [LayerParameter(name: "W", rows: n, cols: nPrev, start: .drawn),
         LayerParameter(name: "b", rows: n, cols: 1, start: .zeros)]
    }

    var cacheNames: [String] { [] }
    var gradientCacheNames: [String] { [] }

    func forward(_ parameters: [Matrix], aPrev: Matrix) -> LayerForward {
        LayerForward(z: Propagation.linearForward(w: parameters[0], aPrev: aPrev, b: parameters[1]))
    }

    func backward(_ dP: Matrix, _ parameters: [Matrix], aPrev: Matrix, forward: LayerForward,
                  needPrevious: Bool) -> LayerBackward {
        let linear = Propagation.linearBackward(dZ: dP, aPrev: aPrev, w: parameters[0], needPrevious: needPrevious)
        return LayerBackward(dZ: dP, gradients: [linear.dW, linear.db], dAPrev: linear.dAPrev)
    }

    var equations: (forward: [String], backward: [String]) {
        (["Z[l] = W[l]·A[l−1] + b[l]", "A[l] = g[l](Z[l])"],
         ["dZ[l] = dA[l] ⊙ g′[l](Z[l])", "dW[l] = 1/m · dZ[l]·A[l−1]ᵀ",
          "db[l] = 1/m · np.sum(dZ[l], axis=1, keepdims=True)", "dA[l−1] = W[l]ᵀ·dZ[l]"])
    }
}
