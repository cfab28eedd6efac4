/// Inverted dropout, as the course's `forward_propagation_with_dropout` and
/// `backward_propagation_with_dropout` write it.
///
/// ```
/// forward:   D[l] = np.random.rand(n[l], m) < keep;  A[l] = A[l]·D[l];  A[l] = A[l] / keep
/// backward:  dA[l] = dA[l]·D[l];  dA[l] = dA[l] / keep            (before g′)
/// ```
public struct Dropout: Equatable, Sendable {
    /// The probability of keeping a unit, in (0, 1].
    public var keep: Double
    /// The layers that drop units; nil means every hidden layer 1…L−1.
    public var layers: [Int]?
    /// With a seed, every forward pass from layer 1 first calls `np.random.seed(seed)`.
    public var seed: UInt32?

    public init(keep: Double, layers: [Int]? = nil, seed: UInt32? = nil) {
        self.keep = keep
        self.layers = layers
        self.seed = seed
    }
}

// MARK: - Which layers

extension Dropout {
    /// Whether layer l of a network of depth L drops units (never the output layer).
    public func applies(to l: Int, depth: Int) -> Bool {
        guard l >= 1 && l < depth else { return false }
        return layers?.contains(l) ?? true
    }
}

// MARK: - Masks

extension Dropout {
    /// D = (np.random.rand(rows, cols) < keep), as 1 and 0.
    public func mask(_ rows: Int, _ cols: Int, random: inout NumpyRandom) -> Matrix {
        var d = random.rand(rows, cols)
        keepBelow(&d)
        return d
    }

    /// Draws a new mask into D's storage: the same draws and values as `mask(D.rows, D.cols)`,
    /// without a new matrix.
    public func redraw(_ d: inout Matrix, random: inout NumpyRandom) {
        d.storage.withUnsafeMutableBufferPointer { random.fillRand($0) }
        keepBelow(&d)
    }

    /// u ↦ (u < keep ? 1 : 0) in place, one pass the compiler can run in vector lanes.
    func keepBelow(_ d: inout Matrix) {
        let keep = keep
        d.storage.withUnsafeMutableBufferPointer { u in
            for i in u.indices { u[i] = u[i] < keep ? 1 : 0 }
        }
    }

    /// A·D / keep, with the course's two roundings: (A·D) then / keep.
    public func apply(_ a: Matrix, mask d: Matrix) -> Matrix {
        precondition(a.hasSameShape(as: d), "Dropout.apply: A is \(a.rows)×\(a.cols), D \(d.rows)×\(d.cols)")
        return a.zipMap(d) { x, k in (x * k) / keep }
    }
}
