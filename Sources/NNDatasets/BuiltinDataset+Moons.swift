#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNCore

// MARK: - Moons

extension BuiltinDataset {
    /// The optimisation assignment's data: `np.random.seed(3); make_moons(300, noise=.2)`.
    ///
    /// With n_out = ⌊n/2⌋ points on the upper moon and n_in = n − n_out on the lower one:
    /// ```
    /// t = linspace(0, π, n_out):   (cos t, sin t)               label 0
    /// s = linspace(0, π, n_in):    (1 − cos s, 1 − sin s − 0.5)  label 1
    /// ```
    /// then shuffled and perturbed as in `shuffledWithNoise`.
    static func moons(random: inout NumpyRandom) -> BuiltinDataset {
        random.seed(3)
        let (x, y) = makeMoons(300, noise: 0.2, random: &random)
        return BuiltinDataset(
            x: x, y: y,
            description: "the optimisation assignment's moons, make_moons(300, noise=.2): two interleaved\n"
                + "  half circles; seeded with 3 first, as the notebook is, so later draws match it")
    }

    /// scikit-learn's `make_moons(n, noise=noise)` drawing from `random` as it stands.
    static func makeMoons(_ n: Int, noise: Double, random: inout NumpyRandom) -> (x: Matrix, y: Matrix) {
        let outer = n / 2, inner = n - n / 2
        let t = linspace(0, Double.pi, count: outer)
        let s = linspace(0, Double.pi, count: inner)
        // (1) np.cos / np.sin on float64 call the C library's cos / sin (see `flower`);
        //     `1 − sin s − 0.5` rounds twice, left to right, as numpy evaluates it.
        let x1 = t.map { cos($0) } + s.map { 1 - cos($0) }
        let x2 = t.map { sin($0) } + s.map { 1 - sin($0) - 0.5 }
        return shuffledWithNoise(x1, x2, labels: twoClassLabels(outer: outer, inner: inner),
                                 noise: noise, random: &random)
    }
}
