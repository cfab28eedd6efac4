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
/// Whole arrays (`rand`, `randn`, `normal`, `permutation`, dropout's masks) are drawn in
/// bulk from the block `MersenneTwister` twists and tempers eight words at a time
/// (NumpyRandom+Arrays.swift, `WordCursor`): the same words in the same order as single
/// draws, so the same bits and the same state after.
///
/// numpy without any `seed` call starts from OS entropy, which cannot be
/// reproduced; a caller that wants an unseeded session picks a seed itself
/// (for example from the clock) and passes it to `init(seed:)`.
public struct NumpyRandom: Sendable {
    /// The 624-word MT19937 state (numpy's `key`), then the 624 tempered words of the
    /// current block: words[N + i] = temper(key[i]) whenever `position` < N.
    ///
    /// (1) Tempering the whole block when it is twisted, eight words at a time, is what
    ///     makes bulk draws cheap; a word is then one load. The second half is only a cache
    ///     of the first, so equality and `legacyState` look at the key alone.
    var words: [UInt32]
    /// Index of the next word of the block; N = 624 means "twist first".
    var position: Int
    /// The second normal of the last polar pair, returned by the next
    /// `nextGaussian()` (numpy's `has_gauss` / `gauss`).
    public internal(set) var cachedGaussian: Double?

    /// The state `np.random.seed(seed)` leaves behind.
    public init(seed: UInt32) {
        words = Array(repeating: 0, count: 2 * Self.stateSize)
        position = Self.stateSize
        cachedGaussian = nil
        self.seed(seed)
    }
}

// MARK: - State

extension NumpyRandom: Equatable {
    /// The same state: the same key, position and cached normal (the tempered block follows from the key).
    public static func == (a: NumpyRandom, b: NumpyRandom) -> Bool {
        a.position == b.position && a.cachedGaussian?.bitPattern == b.cachedGaussian?.bitPattern
            && a.words[..<stateSize].elementsEqual(b.words[..<stateSize])
    }

    /// The generator's state as `np.random.get_state()` gives it: the 624 words of `key`,
    /// the position of the next word, and the cached second normal (if any).
    public var legacyState: (key: [UInt32], position: Int, cachedGaussian: Double?) {
        (Array(words[..<Self.stateSize]), position, cachedGaussian)
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
        words.withUnsafeMutableBufferPointer { k in
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
    /// N = 624 words of state.
    static let stateSize = MersenneTwister.stateSize

    /// The next raw 32-bit output of MT19937 (numpy's `mt19937_next32`).
    ///
    /// ```
    /// y ^= y >> 11
    /// y ^= (y << 7)  & 0x9d2c5680
    /// y ^= (y << 15) & 0xefc60000
    /// y ^= y >> 18
    /// ```
    /// The block's words are tempered when it is twisted (`MersenneTwister`), so this reads one.
    public mutating func nextUInt32() -> UInt32 {
        if position == Self.stateSize {
            twist()
        }
        let y = words[Self.stateSize + position]
        position += 1
        return y
    }

    /// Regenerates all 624 words at once (numpy's `mt19937_gen`) and tempers the new block.
    mutating func twist() {
        words.withUnsafeMutableBufferPointer { w in
            guard let base = w.baseAddress else { preconditionFailure("NumpyRandom: no state words") }
            MersenneTwister.regenerate(key: base, out: base + Self.stateSize)
        }
        position = 0
    }

    /// Runs `body` on a cursor over the state's words, and keeps where it stopped.
    ///
    /// A bulk draw reads every word through the cursor, so its words and its twists come in
    /// the same order as one `nextUInt32()` after another.
    mutating func withWords<R>(_ body: (inout WordCursor) -> R) -> R {
        let start = position
        let (result, end) = words.withUnsafeMutableBufferPointer { w -> (R, Int) in
            guard let base = w.baseAddress else { preconditionFailure("NumpyRandom: no state words") }
            var cursor = WordCursor(base: base, position: start)
            let result = body(&cursor)
            return (result, cursor.position)
        }
        position = end
        return result
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
        let a = nextUInt32()
        return MersenneTwister.double(a, nextUInt32())
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
        let (first, second) = withWords { $0.polarPair() }
        cachedGaussian = second
        return first
    }
}

// MARK: - Bounded integers

extension NumpyRandom {
    /// A uniform integer in [0, max] by masked rejection (numpy's `random_interval`).
    ///
    /// ```
    /// mask = smallest 2ᵏ − 1 ≥ max
    /// repeat v = next & mask  until v ≤ max
    /// ```
    mutating func interval(_ max: UInt64) -> UInt64 {
        withWords { $0.interval(max, mask: WordCursor.mask(max)) }
    }
}
