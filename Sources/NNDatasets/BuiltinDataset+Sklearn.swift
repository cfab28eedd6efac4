import NNCore

// MARK: - scikit-learn's shuffle and noise

extension BuiltinDataset {
    /// The last two steps of scikit-learn's `make_moons` and `make_circles`, bit for bit.
    ///
    /// The points (x₁[k], x₂[k]) with labels y[k] are shuffled by the global generator,
    /// then each gets a normal of standard deviation `noise` per coordinate:
    /// ```
    /// p = permutation(n)                       (sklearn's shuffle of arange(n))
    /// ε = normal(0, noise, (n, 2))             (row k: the noise of example k)
    /// X[:, k] = [x₁[p[k]] + ε[k, 0] ; x₂[p[k]] + ε[k, 1]],   Y[0, k] = y[p[k]]
    /// ```
    static func shuffledWithNoise(_ x1: [Double], _ x2: [Double], labels: [Double], noise: Double,
                                  random: inout NumpyRandom) -> (x: Matrix, y: Matrix) {
        let n = labels.count
        precondition(x1.count == n && x2.count == n, "BuiltinDataset: \(x1.count), \(x2.count) and \(n) points")
        // (1) sklearn's `shuffle` calls `check_random_state(None)`, numpy's global
        //     RandomState, whose `shuffle(arange(n))` draws what `permutation(n)` does.
        let p = random.permutation(n)
        let e = random.normal(n, 2, scale: noise).storage
        var x = Matrix.zeros(2, n)
        var y = Matrix.zeros(1, n)
        for k in 0..<n {
            x[0, k] = x1[p[k]] + e[2 * k]
            x[1, k] = x2[p[k]] + e[2 * k + 1]
            y[0, k] = labels[p[k]]
        }
        return (x, y)
    }

    /// The labels of `n_out` outer points (0) followed by `n_in` inner ones (1).
    static func twoClassLabels(outer: Int, inner: Int) -> [Double] {
        Array(repeating: 0, count: outer) + Array(repeating: 1, count: inner)
    }
}
