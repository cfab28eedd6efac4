/// MT19937's block step, eight words at a time: the twist of the 624-word key and the
/// tempering of the whole new block, as numpy's `mt19937_gen` and `mt19937_next32` compute
/// them word by word.
///
/// ```
/// twist:   y = (key[i] & 0x80000000) | (key[i+1] & 0x7fffffff)
///          key[i] = key[i+397 mod 624] ⊕ (y >> 1) ⊕ (y odd ? 0x9908b0df : 0)     i = 0…623
/// temper:  y ^= y >> 11;  y ^= (y << 7) & 0x9d2c5680;  y ^= (y << 15) & 0xefc60000;  y ^= y >> 18
/// ```
/// Every operation is a shift, a mask or an exclusive or of 32-bit words, so eight lanes give
/// exactly the words the scalar loop gives; only the order of the twist's dependencies matters
/// (see `twist`).
enum MersenneTwister {
    /// N = 624 words of state, M = 397 the offset of the word mixed in.
    static let stateSize = 624
    static let shift = 397
    static let matrixA: UInt32 = 0x9908_b0df
    static let upperMask: UInt32 = 0x8000_0000
    static let lowerMask: UInt32 = 0x7fff_ffff

    typealias Lanes = SIMD8<UInt32>
    static let width = 8

    /// Twists `key` (624 words) in place and writes the tempered new block to `out` (624 words).
    static func regenerate(key: UnsafeMutablePointer<UInt32>, out: UnsafeMutablePointer<UInt32>) {
        twist(key)
        temper(key, into: out)
    }
}

// MARK: - Twist

extension MersenneTwister {
    /// numpy's `mt19937_gen`: key[i] from key[i], key[i+1] and key[i+397 mod 624], i = 0…623 in order.
    ///
    /// (1) Word i reads key[i+1] before it is rewritten (the next word's turn) and, from
    ///     i = 227 on, key[i−227], rewritten 227 words earlier. A block of eight words i…i+7
    ///     therefore needs old words i+1…i+8 and, past 227, new words i−227…i−220, all
    ///     available once the blocks before it are done: the lanes change no word. The
    ///     stretches 224…226 and 619…622 that do not fill a block run one word at a time,
    ///     and 623 wraps to key[0] and key[396].
    static func twist(_ k: UnsafeMutablePointer<UInt32>) {
        let n = stateSize, m = shift
        let split = n - m                                   // 227: where key[i+397] wraps
        var i = 0
        while i + width <= split {
            store(mix(load(k, i), load(k, i + 1), load(k, i + m)), k, i)
            i += width
        }
        while i < split {
            k[i] = mix(k[i], k[i + 1], k[i + m])
            i += 1
        }
        while i + width <= n - 1 {
            store(mix(load(k, i), load(k, i + 1), load(k, i - split)), k, i)
            i += width
        }
        while i < n - 1 {
            k[i] = mix(k[i], k[i + 1], k[i - split])
            i += 1
        }
        k[n - 1] = mix(k[n - 1], k[0], k[m - 1])
    }

    /// One word's twist: far ⊕ (y >> 1) ⊕ (y odd ? A : 0) with y from the word and the next.
    @inline(__always)
    static func mix(_ word: UInt32, _ next: UInt32, _ far: UInt32) -> UInt32 {
        let y = (word & upperMask) | (next & lowerMask)
        return far ^ (y >> 1) ^ ((0 &- (y & 1)) & matrixA)
    }

    /// Eight words' twist, lane by lane the same as `mix`.
    @inline(__always)
    static func mix(_ word: Lanes, _ next: Lanes, _ far: Lanes) -> Lanes {
        let y = (word & upperMask) | (next & lowerMask)
        // (1) 0 − (y & 1) is all ones for an odd y and zero for an even one, the scalar's select.
        return far ^ (y &>> 1) ^ ((Lanes.zero &- (y & 1)) & matrixA)
    }
}

// MARK: - Tempering

extension MersenneTwister {
    /// out[i] = temper(key[i]) for the 624 words of a block.
    static func temper(_ key: UnsafeMutablePointer<UInt32>, into out: UnsafeMutablePointer<UInt32>) {
        // (1) 624 = 78 · 8: the block fills whole lanes.
        var i = 0
        while i < stateSize {
            store(temper(load(key, i)), out, i)
            i += width
        }
    }

    /// Eight words' tempering, lane by lane the same as `temper`.
    @inline(__always)
    static func temper(_ word: Lanes) -> Lanes {
        var y = word
        y ^= y &>> 11
        y ^= (y &<< 7) & 0x9d2c_5680
        y ^= (y &<< 15) & 0xefc6_0000
        y ^= y &>> 18
        return y
    }

    /// One word's tempering (numpy's `mt19937_next32` after the twist).
    @inline(__always)
    static func temper(_ word: UInt32) -> UInt32 {
        var y = word
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }
}

// MARK: - Uniform doubles

extension MersenneTwister {
    /// numpy's `random_standard_uniform` (`legacy_double`) from two tempered words.
    ///
    /// ```
    /// a = w₀ >> 5,  b = w₁ >> 6,   u = (a · 2²⁶ + b) / 2⁵³
    /// ```
    @inline(__always)
    static func double(_ w0: UInt32, _ w1: UInt32) -> Double {
        // (1) The first word gives the high 27 bits, the second the low 26; both products
        //     and the sum are exact, so only the order of the two draws matters.
        let a = Double(w0 >> 5)
        let b = Double(w1 >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// out[j] = double(words[2j], words[2j+1]) for j < count, four doubles at a time.
    ///
    /// (1) a < 2²⁷ and b < 2²⁶ convert exactly as signed 32-bit lanes; a·2²⁶ + b < 2⁵³ is
    ///     exact; and dividing by 2⁵³ only moves the exponent, so multiplying by 2⁻⁵³ rounds
    ///     the same (not at all). Every double equals `double(w₀, w₁)`.
    static func doubles(_ words: UnsafePointer<UInt32>, count: Int, into out: UnsafeMutablePointer<Double>) {
        var j = 0
        while j + 4 <= count {
            let w = UnsafeRawPointer(words + 2 * j).loadUnaligned(as: Lanes.self)
            let a = SIMD4<Double>(SIMD4<Int32>(truncatingIfNeeded: w.evenHalf &>> 5))
            let b = SIMD4<Double>(SIMD4<Int32>(truncatingIfNeeded: w.oddHalf &>> 6))
            let u = (a * 67_108_864.0 + b) * 0x1p-53
            UnsafeMutableRawPointer(out + j).storeBytes(of: u, as: SIMD4<Double>.self)
            j += 4
        }
        while j < count {
            out[j] = double(words[2 * j], words[2 * j + 1])
            j += 1
        }
    }
}

// MARK: - Lanes

extension MersenneTwister {
    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<UInt32>, _ i: Int) -> Lanes {
        UnsafeRawPointer(p + i).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<UInt32>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Lanes.self)
    }
}
