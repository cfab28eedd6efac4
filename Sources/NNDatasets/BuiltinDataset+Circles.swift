#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNCore

// MARK: - Circles

extension BuiltinDataset {
    /// The initialisation assignment's data, train and test:
    ///
    /// ```
    /// np.random.seed(1); X, Y           = make_circles(300, noise=.05)
    /// np.random.seed(2); X_test, Y_test = make_circles(100, noise=.05)
    /// ```
    static func circles(random: inout NumpyRandom) -> BuiltinDataset {
        random.seed(1)
        let train = makeCircles(300, noise: 0.05, random: &random)
        random.seed(2)
        let test = makeCircles(100, noise: 0.05, random: &random)
        return BuiltinDataset(
            x: train.x, y: train.y, xTest: test.x, yTest: test.y,
            description: "the initialisation assignment's circles, make_circles(noise=.05): a ring inside a\n"
                + "  ring; train seeded with 1, test with 2, as the notebook does, so later draws match it")
    }

    /// scikit-learn's `make_circles(n, noise=noise)` (factor 0.8) drawing from `random` as it stands.
    ///
    /// With n_out = ⌊n/2⌋ points on the outer circle and n_in = n − n_out on the inner one:
    /// ```
    /// t = linspace(0, 2π, n_out, endpoint=False):   (cos t, sin t)             label 0
    /// s = linspace(0, 2π, n_in, endpoint=False):    (0.8·cos s, 0.8·sin s)     label 1
    /// ```
    /// then shuffled and perturbed as in `shuffledWithNoise`.
    static func makeCircles(_ n: Int, noise: Double, random: inout NumpyRandom) -> (x: Matrix, y: Matrix) {
        let outer = n / 2, inner = n - n / 2
        let factor = 0.8
        let t = linspace(0, 2 * Double.pi, count: outer, endpoint: false)
        let s = linspace(0, 2 * Double.pi, count: inner, endpoint: false)
        let x1 = t.map { cos($0) } + s.map { cos($0) * factor }
        let x2 = t.map { sin($0) } + s.map { sin($0) * factor }
        return shuffledWithNoise(x1, x2, labels: twoClassLabels(outer: outer, inner: inner),
                                 noise: noise, random: &random)
    }
}
