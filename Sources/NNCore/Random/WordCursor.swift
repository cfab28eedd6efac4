#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The generator's words seen through a pointer, for loops that draw many of them.
///
/// `NumpyRandom.withWords` lends one out for a bulk draw. A draw reads the block's tempered
/// words in order, one by one through `next()` or a run of them from `block`, and twists
/// exactly when the block is used up, so it reads the same words in the same order as one
/// `nextUInt32()` after another and leaves the generator where they would.
struct WordCursor {
    /// key (624 words), then the tempered block (624 words).
    let base: UnsafeMutablePointer<UInt32>
    /// The next word of the block; 624 means "twist first".
    var position: Int

    /// `nextUInt32()`.
    @inline(__always)
    mutating func next() -> UInt32 {
        if position == MersenneTwister.stateSize { twist() }
        let y = base[MersenneTwister.stateSize + position]
        position += 1
        return y
    }

    /// `nextDouble()`: two words, the first one high.
    @inline(__always)
    mutating func nextDouble() -> Double {
        let a = next()
        return MersenneTwister.double(a, next())
    }

    /// Regenerates the block (numpy's `mt19937_gen`) and starts reading it from word 0.
    mutating func twist() {
        MersenneTwister.regenerate(key: base, out: base + MersenneTwister.stateSize)
        position = 0
    }
}

// MARK: - Uniform doubles

extension WordCursor {
    /// `count` doubles of `random_sample` into `out`, in order.
    ///
    /// Whole pairs of words still in the block convert four at a time
    /// (`MersenneTwister.doubles`); a double whose two words straddle a twist is drawn alone.
    mutating func fillDoubles(_ out: UnsafeMutablePointer<Double>, count: Int) {
        var j = 0
        while j < count {
            if position == MersenneTwister.stateSize { twist() }
            let pairs = min((MersenneTwister.stateSize - position) / 2, count - j)
            if pairs == 0 {
                out[j] = nextDouble()
                j += 1
                continue
            }
            MersenneTwister.doubles(block, count: pairs, into: out + j)
            position += 2 * pairs
            j += pairs
        }
    }
}

// MARK: - Gaussians

extension WordCursor {
    /// One pair of numpy's legacy polar Box–Muller (`legacy_gauss`): (f·x2, f·x1), the
    /// first returned and the second kept for the next call.
    @inline(__always)
    mutating func polarPair() -> (Double, Double) {
        while true {
            let u1 = nextDouble()
            let t = Self.polarTry(u1, nextDouble())
            if t.accepted { return Self.polarValues(t.x1, t.x2, t.r2) }
        }
    }

    /// One try of the polar method from two uniform doubles; numpy redraws while it is not `accepted`.
    ///
    /// ```
    /// x1 = 2u₁ − 1,  x2 = 2u₂ − 1,  r² = x1² + x2²   (accepted: 0 < r² < 1)
    /// ```
    @inline(__always)
    static func polarTry(_ u1: Double, _ u2: Double) -> (x1: Double, x2: Double, r2: Double, accepted: Bool) {
        let x1 = 2.0 * u1 - 1.0
        let x2 = 2.0 * u2 - 1.0
        // (1) Two separate roundings, as numpy's C compiles it for
        //     baseline x86-64 (no fused multiply-add).
        let r2 = x1 * x1 + x2 * x2
        return (x1, x2, r2, r2 < 1.0 && r2 != 0.0)
    }

    /// The two normals of an accepted try.
    ///
    /// ```
    /// f = √(−2 · log(r²) / r²),   (f·x2, f·x1)
    /// ```
    @inline(__always)
    static func polarValues(_ x1: Double, _ x2: Double, _ r2: Double) -> (Double, Double) {
        // (1) `log` is the C library's, the same one numpy calls; `squareRoot`
        //     is correctly rounded like C's `sqrt`.
        let f = (-2.0 * log(r2) / r2).squareRoot()
        return (f * x2, f * x1)
    }

    /// Whole polar pairs into out[0], out[1], … while two more fit in `count`, in order.
    ///
    /// (1) The block's words are already tempered, so the uniforms of the next tries are
    ///     converted ahead, four at a time, without moving `position`; it moves past the
    ///     tries used, four words each. Tries that do not fit in what is left of the block
    ///     go through `polarPair`, which twists between their words.
    /// (2) Two passes over the tries converted: the first works out every try's x1, x2, r²
    ///     and packs the accepted ones at the front (each is written at k, and k moves on
    ///     only when it is accepted), stopping at the last one needed; the second takes the
    ///     `log` of those alone. A rejected try (one in five) then costs neither a `log` nor
    ///     a mispredicted branch.
    mutating func fillPolarPairs(_ out: UnsafeMutablePointer<Double>, count: Int) {
        let n = MersenneTwister.stateSize
        var j = 0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * Self.polarChunk) { scratch in
            guard let u = scratch.baseAddress else { return }
            let accepted = u + 2 * Self.polarChunk          // x1, x2, r² of each accepted try
            while j + 2 <= count {
                if position == n { twist() }
                let wanted = (count - j) / 2
                let tries = min((n - position) / 4, Self.polarChunk, wanted + wanted / 4 + 2)
                if tries == 0 {
                    (out[j], out[j + 1]) = polarPair()
                    j += 2
                    continue
                }
                MersenneTwister.doubles(block, count: 2 * tries, into: u)
                var t = 0, k = 0
                while t < tries && k < wanted {
                    let x = Self.polarTry(u[2 * t], u[2 * t + 1])
                    accepted[3 * k] = x.x1
                    accepted[3 * k + 1] = x.x2
                    accepted[3 * k + 2] = x.r2
                    k += x.accepted ? 1 : 0
                    t += 1
                }
                position += 4 * t
                for q in 0..<k {
                    (out[j], out[j + 1]) = Self.polarValues(accepted[3 * q], accepted[3 * q + 1], accepted[3 * q + 2])
                    j += 2
                }
            }
        }
    }

    /// Tries converted ahead at a time (a quarter of a block).
    static let polarChunk = 64

    /// The tempered words of the block from `position` on.
    var block: UnsafeMutablePointer<UInt32> { base + MersenneTwister.stateSize + position }
}

// MARK: - Bounded integers

extension WordCursor {
    /// The smallest 2ᵏ − 1 ≥ max (numpy's mask for `random_interval`).
    static func mask(_ max: UInt64) -> UInt64 {
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        return mask
    }

    /// A uniform integer in [0, max] by masked rejection (numpy's `random_interval`).
    ///
    /// ```
    /// repeat v = next & mask  until v ≤ max        (mask = WordCursor.mask(max))
    /// ```
    @inline(__always)
    mutating func interval(_ max: UInt64, mask: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        // (1) Up to 2³² − 1 one word per try; beyond, numpy's `next_uint64`
        //     joins two words, the first one high.
        var value: UInt64
        if max <= 0xffff_ffff {
            repeat { value = UInt64(next()) & mask } while value > max
        } else {
            repeat {
                let high = UInt64(next())
                value = ((high << 32) | UInt64(next())) & mask
            } while value > max
        }
        return value
    }
}

// MARK: - Shuffles

extension WordCursor {
    /// numpy's legacy shuffle of p in place: for i = count−1 … 1, j = interval(i), swap p[i], p[j].
    ///
    /// (1) Read word by word, the same words go the same way: each one, masked, is either
    ///     j for the current i (≤ i) or rejected. The loop swaps p[i] with p[v] when v ≤ i and
    ///     with itself otherwise, and moves i on only then, so a rejection (up to half of the
    ///     words) costs no mispredicted branch. The mask is numpy's smallest 2ᵏ − 1 ≥ i, kept
    ///     as i falls instead of found again for every i.
    mutating func shuffle(_ p: UnsafeMutableBufferPointer<Int>) {
        let n = MersenneTwister.stateSize
        var i = p.count - 1
        guard i > 0 else { return }
        var mask = Self.mask(UInt64(i))
        // (2) Beyond 2³² − 1 each try joins two words (numpy's `next_uint64`).
        while i > 0xffff_ffff {
            let j = Int(interval(UInt64(i), mask: mask))
            p.swapAt(i, j)
            i -= 1
            if mask >> 1 >= UInt64(i) { mask >>= 1 }
        }
        var mask32 = UInt32(truncatingIfNeeded: mask)
        let words = base + n
        while i > 0 {
            if position == n { twist() }
            var k = position
            while k < n && i > 0 {
                let v = Int(words[k] & mask32)
                k += 1
                let accepted = v <= i
                let j = accepted ? v : i
                let held = p[i]
                p[i] = p[j]
                p[j] = held
                i -= accepted ? 1 : 0
                if Int(mask32 >> 1) >= i { mask32 >>= 1 }
            }
            position = k
        }
    }
}
