/// Mini-batches as the course's `random_mini_batches` draws them.
///
/// ```
/// np.random.seed(seed)
/// p = np.random.permutation(m)
/// X̃ = X[:, p];  Ỹ = Y[:, p]
/// batches X̃[:, k·size : (k+1)·size]   k = 0, 1, …   (the last one smaller)
/// ```
/// The course's optimisation `model` seeds epoch i (0-based) with seed + 1 + i.
public struct MiniBatch: Equatable, Sendable {
    /// Examples per batch.
    public var size: Int
    /// Epoch i draws its permutation after `np.random.seed(seed + 1 + i)`.
    public var seed: UInt32

    /// The course's `model` starts from seed = 10.
    public static let defaultSeed: UInt32 = 10

    public init(size: Int, seed: UInt32 = MiniBatch.defaultSeed) {
        precondition(size >= 1, "MiniBatch: size must be at least 1")
        self.size = size
        self.seed = seed
    }
}

// MARK: - One epoch

extension MiniBatch {
    /// The seed of epoch i: seed + 1 + i (mod 2³²).
    public func seed(forEpoch i: Int) -> UInt32 {
        seed &+ 1 &+ UInt32(truncatingIfNeeded: i)
    }

    /// The permutation of epoch i, drawn from `random` after seeding it.
    public func permutation(epoch i: Int, m: Int, random: inout NumpyRandom) -> [Int] {
        random.seed(seed(forEpoch: i))
        return random.permutation(m)
    }

    /// The number of batches of an epoch of m examples: ⌈m / size⌉.
    public func batchCount(_ m: Int) -> Int { (m + size - 1) / size }

    /// The column indices of batch k under the permutation p.
    public func columns(batch k: Int, of p: [Int]) -> ArraySlice<Int> {
        let start = k * size
        return p[start..<min(p.count, start + size)]
    }
}

extension Matrix {
    /// The columns `indices` in that order, numpy's `M[:, indices]`.
    public func selectingColumns<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        var out = [Double]()
        out.reserveCapacity(rows * indices.count)
        for i in 0..<rows {
            for j in indices { out.append(self[i, j]) }
        }
        return Matrix(rows: rows, cols: indices.count, storage: out)
    }
}

