#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// numpy's legacy global generator (`np.random.seed`, `randn`, `rand`), bit for bit.
///
/// A Mersenne Twister MT19937 with numpy's legacy seeding, its 53-bit doubles
/// and its polar Box–Muller normals, including the second normal it keeps for
/// the next call. After `seed(N)` any sequence of `randn` / `rand` calls gives
/// the same bits as the same sequence after `np.random.seed(N)`:
///
/// ```
/// np.random.seed(1)
/// np.random.randn(3); np.random.randn(1)   ==   np.random.randn(4)
/// ```
///
/// numpy without any `seed` call starts from OS entropy, which cannot be
/// reproduced; a caller that wants an unseeded session picks a seed itself
/// (for example from the clock) and passes it to `init(seed:)`.
public struct NumpyRandom: Equatable, Sendable {
    /// The 624-word MT19937 state, numpy's `key`.
    var key: [UInt32]
    /// Index of the next word of `key` to temper; 624 means "twist first".
    var position: Int
    /// The second normal of the last polar pair, returned by the next
    /// `nextGaussian()` (numpy's `has_gauss` / `gauss`).
    public private(set) var cachedGaussian: Double?

    /// The state `np.random.seed(seed)` leaves behind.
    public init(seed: UInt32) {
        key = Array(repeating: 0, count: Self.stateSize)
        position = Self.stateSize
        cachedGaussian = nil
        self.seed(seed)
    }
}

// MARK: - State

extension NumpyRandom {
    /// The generator's state as `np.random.get_state()` gives it: the 624 words of `key`,
    /// the position of the next word, and the cached second normal (if any).
    public var legacyState: (key: [UInt32], position: Int, cachedGaussian: Double?) {
        (key, position, cachedGaussian)
    }
}

// MARK: - Seeding

extension NumpyRandom {
    /// `np.random.seed(n)`: MT19937 `init_genrand(n)`, and the cached normal is dropped.
    ///
    /// ```
    /// key[0] = n
    /// key[i] = 1812433253 · (key[i−1] ⊕ (key[i−1] >> 30)) + i   (mod 2³²)
    /// ```
    public mutating func seed(_ n: UInt32) {
        key.withUnsafeMutableBufferPointer { k in
            var s = n
            for i in 0..<Self.stateSize {
                k[i] = s
                s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
            }
        }
        position = Self.stateSize
        // (1) numpy's `_legacy_seeding` ends in `_reset_state_variables`, which
        //     clears `has_gauss`: a pending second normal never survives a seed.
        cachedGaussian = nil
    }
}

// MARK: - Mersenne Twister

extension NumpyRandom {
    /// N = 624 words of state, M = 397 the offset of the word mixed in.
    static let stateSize = 624
    static let shift = 397
    static let matrixA: UInt32 = 0x9908_b0df
    static let upperMask: UInt32 = 0x8000_0000
    static let lowerMask: UInt32 = 0x7fff_ffff

    /// The next raw 32-bit output of MT19937 (numpy's `mt19937_next32`).
    ///
    /// ```
    /// y ^= y >> 11
    /// y ^= (y << 7)  & 0x9d2c5680
    /// y ^= (y << 15) & 0xefc60000
    /// y ^= y >> 18
    /// ```
    public mutating func nextUInt32() -> UInt32 {
        if position == Self.stateSize {
            twist()
        }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// Regenerates all 624 words at once (numpy's `mt19937_gen`).
    ///
    /// ```
    /// y      = (key[i] & 0x80000000) | (key[i+1] & 0x7fffffff)
    /// key[i] = key[i+397] ⊕ (y >> 1) ⊕ (y odd ? 0x9908b0df : 0)
    /// ```
    mutating func twist() {
        let n = Self.stateSize, m = Self.shift
        key.withUnsafeMutableBufferPointer { k in
            func mix(_ i: Int, _ next: Int, _ far: Int) {
                let y = (k[i] & Self.upperMask) | (k[next] & Self.lowerMask)
                k[i] = k[far] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : Self.matrixA)
            }
            for i in 0..<(n - m) { mix(i, i + 1, i + m) }
            for i in (n - m)..<(n - 1) { mix(i, i + 1, i + m - n) }
            mix(n - 1, 0, m - 1)
        }
        position = 0
    }
}

// MARK: - Uniform doubles

extension NumpyRandom {
    /// One `np.random.random_sample()`: a double in [0, 1) from two words.
    ///
    /// ```
    /// a = next32 >> 5,  b = next32 >> 6
    /// u = (a · 2²⁶ + b) / 2⁵³
    /// ```
    public mutating func nextDouble() -> Double {
        // (1) The first word gives the high 27 bits, the second the low 26;
        //     both products and the sum are exact, so only the order of the
        //     two draws matters.
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}

// MARK: - Gaussians

extension NumpyRandom {
    /// One standard normal by numpy's legacy polar Box–Muller (`legacy_gauss`).
    ///
    /// ```
    /// x1 = 2u − 1,  x2 = 2u − 1,  r² = x1² + x2²   (redraw while r² ≥ 1 or r² = 0)
    /// f  = √(−2 · log(r²) / r²)
    /// return f · x2, keep f · x1 for the next call
    /// ```
    public mutating func nextGaussian() -> Double {
        if let kept = cachedGaussian {
            cachedGaussian = nil
            return kept
        }
        var x1, x2, r2: Double
        repeat {
            x1 = 2.0 * nextDouble() - 1.0
            x2 = 2.0 * nextDouble() - 1.0
            // (1) Two separate roundings, as numpy's C compiles it for
            //     baseline x86-64 (no fused multiply-add).
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        // (2) `log` is the C library's, the same one numpy calls; `squareRoot`
        //     is correctly rounded like C's `sqrt`.
        let f = (-2.0 * log(r2) / r2).squareRoot()
        cachedGaussian = f * x1
        return f * x2
    }
}

// MARK: - Arrays

extension NumpyRandom {
    /// `np.random.randn(rows, cols)`, filled row by row.
    public mutating func randn(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: randn(Self.elementCount(rows, cols)))
    }

    /// `np.random.rand(rows, cols)`, filled row by row.
    public mutating func rand(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: rand(Self.elementCount(rows, cols)))
    }

    /// `np.random.randn(count)`, a 1-D array of standard normals.
    public mutating func randn(_ count: Int) -> [Double] {
        precondition(count >= 0, "NumpyRandom: negative count \(count)")
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count { values[i] = nextGaussian() }
        return values
    }

    /// `np.random.rand(count)`, a 1-D array of doubles in [0, 1).
    public mutating func rand(_ count: Int) -> [Double] {
        precondition(count >= 0, "NumpyRandom: negative count \(count)")
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count { values[i] = nextDouble() }
        return values
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
        var i = n - 1
        while i > 0 {
            p.swapAt(i, Int(interval(UInt64(i))))
            i -= 1
        }
        return p
    }

    /// A uniform integer in [0, max] by masked rejection (numpy's `random_interval`).
    ///
    /// ```
    /// mask = smallest 2ᵏ − 1 ≥ max
    /// repeat v = next & mask  until v ≤ max
    /// ```
    mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        for s in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> s }
        // (1) Up to 2³² − 1 one word per try; beyond, numpy's `next_uint64`
        //     joins two words, the first one high.
        var value: UInt64
        repeat {
            if max <= 0xffff_ffff {
                value = UInt64(nextUInt32()) & mask
            } else {
                let high = UInt64(nextUInt32())
                value = ((high << 32) | UInt64(nextUInt32())) & mask
            }
        } while value > max
        return value
    }
}
