/// Bulk draws: numpy's `rand`, `randn`, `normal` and `permutation` filling whole arrays.
///
/// Each one reads the generator's words through one `WordCursor` (the block's words are
/// already tempered, and `rand` converts four doubles at a time), so it draws what the same
/// number of single draws would, in the same order, and leaves the same state behind:
///
/// ```
/// np.random.seed(1)
/// np.random.randn(3); np.random.randn(1)   ==   np.random.randn(4)
/// ```

// MARK: - Uniform doubles

extension NumpyRandom {
    /// `np.random.rand(rows, cols)`, filled row by row.
    public mutating func rand(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: rand(Self.elementCount(rows, cols)))
    }

    /// `np.random.rand(count)`, a 1-D array of doubles in [0, 1).
    public mutating func rand(_ count: Int) -> [Double] {
        precondition(count >= 0, "NumpyRandom: negative count \(count)")
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            fillRand(buffer)
            initialized = count
        }
    }

    /// Fills `buffer` with `np.random.rand(buffer.count)`, in order.
    public mutating func fillRand(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard let out = buffer.baseAddress, !buffer.isEmpty else { return }
        withWords { $0.fillDoubles(out, count: buffer.count) }
    }
}

// MARK: - Gaussians

extension NumpyRandom {
    /// `np.random.randn(rows, cols)`, filled row by row.
    public mutating func randn(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: randn(Self.elementCount(rows, cols)))
    }

    /// `np.random.randn(count)`, a 1-D array of standard normals.
    public mutating func randn(_ count: Int) -> [Double] {
        precondition(count >= 0, "NumpyRandom: negative count \(count)")
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            fillRandn(buffer)
            initialized = count
        }
    }

    /// Fills `buffer` with `np.random.randn(buffer.count)`, in order.
    ///
    /// ```
    /// (the kept normal, if any), f·x2, f·x1, f′·x2′, f′·x1′, …
    ///                                     (a last f·x1 that does not fit is kept)
    /// ```
    /// (1) Each polar pair gives two normals, the second one what numpy's next call returns
    ///     from `gauss`; a fill writes both, so only a pending one at the start and a left-over
    ///     one at the end go through `cachedGaussian`.
    public mutating func fillRandn(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard let out = buffer.baseAddress, !buffer.isEmpty else { return }
        let count = buffer.count
        var j = 0
        if let kept = cachedGaussian {
            out[0] = kept
            cachedGaussian = nil
            j = 1
        }
        let left = withWords { cursor -> Double? in
            cursor.fillPolarPairs(out + j, count: count - j)
            guard (count - j) % 2 == 1 else { return nil }
            let (first, second) = cursor.polarPair()
            out[count - 1] = first
            return second
        }
        if let left { cachedGaussian = left }
    }

    /// `np.random.normal(0, scale, (rows, cols))`, filled row by row.
    ///
    /// ```
    /// x = 0 + scale · g      (g from the same stream, and cache, as randn)
    /// ```
    public mutating func normal(_ rows: Int, _ cols: Int, scale: Double) -> Matrix {
        var values = randn(Self.elementCount(rows, cols))
        // (1) numpy's `legacy_normal` is `loc + scale * legacy_gauss`; adding
        //     the zero loc keeps its sign of zero too.
        for i in values.indices { values[i] = 0.0 + scale * values[i] }
        return Matrix(rows: rows, cols: cols, storage: values)
    }

    static func elementCount(_ rows: Int, _ cols: Int) -> Int {
        precondition(rows >= 0 && cols >= 0, "NumpyRandom: negative shape \(rows)×\(cols)")
        return rows * cols
    }
}

// MARK: - Permutations

extension NumpyRandom {
    /// `np.random.permutation(n)`: `arange(n)` shuffled by numpy's legacy Fisher–Yates.
    ///
    /// ```
    /// p = [0, 1, …, n−1]
    /// for i = n−1 … 1:  j = interval(i);  swap p[i], p[j]
    /// ```
    ///
    /// It draws raw words only, so a cached normal stays cached.
    public mutating func permutation(_ n: Int) -> [Int] {
        precondition(n >= 0, "NumpyRandom: negative permutation length \(n)")
        var p = Array(0..<n)
        p.withUnsafeMutableBufferPointer { p in
            withWords { $0.shuffle(p) }
        }
        return p
    }
}
