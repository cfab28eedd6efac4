#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNCore

// MARK: - Flower

extension BuiltinDataset {
    /// The planar-data assignment's "flower", `load_planar_dataset()`, bit for bit.
    ///
    /// Reseeds `random` with 1 as the notebook does, so the draws that follow
    /// (`init`, `randn`) equal the notebook's too. For petal j = 0, 1 (N = 200 points each):
    /// ```
    /// t = linspace(3.12·j, 3.12·(j+1), N) + randn(N)·0.2       (angle)
    /// r = 4·sin(4t) + randn(N)·0.2                             (radius)
    /// X[:, N·j …] = [r·sin t ; r·cos t],   Y[:, N·j …] = j
    /// ```
    static func flower(random: inout NumpyRandom) -> BuiltinDataset {
        random.seed(1)
        let m = 400, n = m / 2
        let a = 4.0  // the flower's largest radius
        var x = Matrix.zeros(2, m)
        var y = Matrix.zeros(1, m)
        for j in 0..<2 {
            // (1) Each line is one numpy expression over arrays: every element-wise
            //     product and sum rounds once (no fused multiply-add). The first randn(N)
            //     perturbs the angles, the second the radii, as in the notebook.
            let grid = linspace(Double(j) * 3.12, Double(j + 1) * 3.12, count: n)
            let thetaNoise = random.randn(n)
            let t = (0..<n).map { grid[$0] + thetaNoise[$0] * 0.2 }
            let wave = t.map { a * sin(4 * $0) }
            let radiusNoise = random.randn(n)
            let r = (0..<n).map { wave[$0] + radiusNoise[$0] * 0.2 }
            for k in 0..<n {
                // (2) np.sin / np.cos on float64 call the C library's sin / cos once per
                //     element: in numpy 2.4 the DOUBLE_sin / DOUBLE_cos loops, the AVX-512
                //     (X86_V4) ones included, loop over libm `sin` / `cos`; its SIMD kernels
                //     serve float32 sin/cos and other functions. Calling the same libm gives
                //     the same bits (glibc's `sincos`, which the optimiser may merge the
                //     two calls into, agrees with both). A numpy that vectorised float64
                //     sin/cos would break this, and the flower fixture test would show it.
                x[0, n * j + k] = r[k] * sin(t[k])
                x[1, n * j + k] = r[k] * cos(t[k])
                y[0, n * j + k] = Double(j)
            }
        }
        return BuiltinDataset(
            x: x, y: y,
            description: "the course's planar \"flower\" (load_planar_dataset): two classes of 200 points in "
                + "the plane,\n  not separable by a line; seeded with 1 first, as the notebook is, so later draws match it")
    }
}

// MARK: - numpy's linspace

extension BuiltinDataset {
    /// `np.linspace(start, stop, count[, endpoint=False])`, with numpy's rounding.
    ///
    /// ```
    /// step = (stop − start) / (count − 1)      (endpoint: false → / count)
    /// y[i] = i·step + start,   y[count−1] = stop   (endpoint only)
    /// ```
    static func linspace(_ start: Double, _ stop: Double, count: Int, endpoint: Bool = true) -> [Double] {
        precondition(count >= 0, "linspace: negative count \(count)")
        let div = endpoint ? count - 1 : count
        let delta = stop - start
        // (1) numpy forms arange(0, count) as doubles, scales it, then adds start:
        //     two roundings per element, never i·delta/div (which rounds differently).
        var y = (0..<count).map(Double.init)
        if div > 0 {
            let step = delta / Double(div)
            if step == 0 {
                // (2) A step that underflows to zero: numpy divides first, then scales.
                y = y.map { $0 / Double(div) * delta }
            } else {
                y = y.map { $0 * step }
            }
        } else {
            y = y.map { $0 * delta }
        }
        y = y.map { $0 + start }
        // (3) The last point is stop itself, whatever the rounding above gave.
        if endpoint && count > 1 { y[count - 1] = stop }
        return y
    }
}
