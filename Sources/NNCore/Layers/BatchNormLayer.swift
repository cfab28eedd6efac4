/// A fully connected layer normalised over the batch, as the course's lecture on batch
/// norm writes it (course 2, week 3): W[l], γ[l] and β[l], and no b[l], which β replaces.
///
/// ```
/// forward:   Z[l] = W[l]·A[l−1]
///            μ    = 1/m · Σ Z[l]             σ² = 1/m · Σ (Z[l] − μ)²     (over axis 1)
///            Ẑ    = (Z[l] − μ) / √(σ² + ε)   Z̃[l] = γ[l]·Ẑ + β[l]       A[l] = g[l](Z̃[l])
/// backward:  dZ̃[l] = dA[l] ⊙ g′[l](Z̃[l])
///            dγ[l] = 1/m · Σ dZ̃ ⊙ Ẑ          dβ[l] = 1/m · Σ dZ̃
///            dẐ    = dZ̃ ⊙ γ[l]
///            dZ[l] = 1/m · 1/√(σ² + ε) · (m·dẐ − Σ dẐ − Ẑ·Σ(dẐ ⊙ Ẑ))
///            dW[l] = 1/m · dZ[l]·A[l−1]ᵀ     dA[l−1] = W[l]ᵀ·dZ[l]
/// ```
/// The lecture's 1/m convention holds: dZ̃, dẐ and dZ carry none (dZ is linear in dẐ,
/// so the batch formula keeps the convention); dW, dγ and dβ carry it, as dW and db do.
///
/// The caches are named `mu`, `var` (σ²), `Zn` (Ẑ) and `Zt` (Z̃); backward keeps `dZt` and `dZn`.
/// Each operation is numpy's, in the order the formulas are written: `np.sum` pairwise
/// along a row, `1./m * np.sum(…)`, `(Z - mu)**2` as a square, and `np.sqrt`.
struct BatchNormLayer: LayerRule {
    /// ε, added to σ² before the square root.
    var epsilon: Double

    var name: String { "batchnorm" }

    func parameters(units n: Int, inputs nPrev: Int) -> [LayerParameter] {
        [LayerParameter(name: "W", rows: n, cols: nPrev, start: .drawn),
         LayerParameter(name: "gamma", rows: n, cols: 1, start: .ones),
         LayerParameter(name: "beta", rows: n, cols: 1, start: .zeros)]
    }

    var cacheNames: [String] { ["mu", "var", "Zn", "Zt"] }
    var gradientCacheNames: [String] { ["dZt", "dZn"] }
    var preActivationName: String { "Zt" }

    func forward(_ parameters: [Matrix], aPrev: Matrix) -> LayerForward {
        let (w, gamma, beta) = (parameters[0], parameters[1], parameters[2])
        let m = Double(aPrev.cols)
        let z = Matrix.dot(w, aPrev)
        let mu = (1.0 / m) * z.sumRows()
        let centred = Matrix.broadcast(z, mu, -)
        let sigma2 = (1.0 / m) * centred.map { $0 * $0 }.sumRows()
        let root = sigma2.map { ($0 + epsilon).squareRoot() }
        let zn = Matrix.broadcast(centred, root, /)
        let zt = Matrix.broadcast(Matrix.broadcast(gamma, zn, *), beta, +)
        return LayerForward(z: z, caches: [mu, sigma2, zn, zt], preActivation: zt)
    }

    /// Zt for new examples with the training batch's μ and σ² (`predict`, `accuracy`):
    /// `Zn = (W·A_prev − mu) / np.sqrt(var + eps)`, `Zt = gamma * Zn + beta`.
    func inferencePreActivation(_ parameters: [Matrix], aPrev: Matrix, training: LayerForward) -> Matrix {
        let (w, gamma, beta) = (parameters[0], parameters[1], parameters[2])
        let (mu, sigma2) = (training.caches[0], training.caches[1])
        let centred = Matrix.broadcast(Matrix.dot(w, aPrev), mu, -)
        let zn = Matrix.broadcast(centred, sigma2.map { ($0 + epsilon).squareRoot() }, /)
        return Matrix.broadcast(Matrix.broadcast(gamma, zn, *), beta, +)
    }

    func backward(_ dP: Matrix, _ parameters: [Matrix], aPrev: Matrix, forward: LayerForward,
                  needPrevious: Bool) -> LayerBackward {
        let (w, gamma) = (parameters[0], parameters[1])
        let (sigma2, zn) = (forward.caches[1], forward.caches[2])
        let m = Double(aPrev.cols)
        let dGamma = (1.0 / m) * (dP * zn).sumRows()
        let dBeta = (1.0 / m) * dP.sumRows()
        let dZn = Matrix.broadcast(dP, gamma, *)
        // 1. numpy evaluates `1./m * (1 / np.sqrt(sigma2 + eps)) * (…)` left to right: the two
        //    factors make one column first, which then scales the bracket.
        let factor = (1.0 / m) * sigma2.map { 1 / ($0 + epsilon).squareRoot() }
        let bracket = Matrix.broadcast(Matrix.broadcast(m * dZn, dZn.sumRows(), -),
                                       Matrix.broadcast(zn, (dZn * zn).sumRows(), *), -)
        let dZ = Matrix.broadcast(factor, bracket, *)
        let dW = (1.0 / m) * Matrix.dot(dZ, aPrev, transposeB: true)
        let dAPrev = needPrevious ? Matrix.dot(w, dZ, transposeA: true) : nil
        return LayerBackward(dZ: dZ, caches: [dP, dZn], gradients: [dW, dGamma, dBeta], dAPrev: dAPrev)
    }

    var equations: (forward: [String], backward: [String]) {
        (["Z[l] = W[l]·A[l−1]   (no b[l]: beta[l] takes its place)",
          "mu[l] = 1/m · Σ Z[l]  (μ),  var[l] = 1/m · Σ (Z[l] − mu[l])²  (σ²; sums over axis 1)",
          "Zn[l] = (Z[l] − mu[l]) / √(var[l] + ε)  (Ẑ),  Zt[l] = gamma[l]·Zn[l] + beta[l]  (Z̃)",
          "A[l] = g[l](Zt[l])"],
         ["dZt[l] = dA[l] ⊙ g′[l](Zt[l])",
          "dgamma[l] = 1/m · Σ dZt[l] ⊙ Zn[l],  dbeta[l] = 1/m · Σ dZt[l]",
          "dZn[l] = dZt[l] ⊙ gamma[l]",
          "dZ[l] = 1/m · 1/√(var[l] + ε) · (m·dZn[l] − Σ dZn[l] − Zn[l]·Σ(dZn[l] ⊙ Zn[l]))",
          "dW[l] = 1/m · dZ[l]·A[l−1]ᵀ,  dA[l−1] = W[l]ᵀ·dZ[l]"])
    }
}
