import XCTest
@testable import NNCore

/// The eight-lane twist and tempering against MT19937's one-word-at-a-time loop.
final class MersenneTwisterTests: XCTestCase {
    /// MT19937's reference `genrand` block step, one word at a time.
    static func scalarTwist(_ key: inout [UInt32]) {
        let n = 624, m = 397
        for i in 0..<n {
            let y = (key[i] & 0x8000_0000) | (key[(i + 1) % n] & 0x7fff_ffff)
            key[i] = key[(i + m) % n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_b0df)
        }
    }

    func testLanesGiveTheWordsOfTheScalarLoop() {
        var key = (0..<624).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761 &+ 12_345) }
        var lanes = key + Array(repeating: 0, count: 624)
        for round in 0..<5 {
            Self.scalarTwist(&key)
            lanes.withUnsafeMutableBufferPointer { w in
                MersenneTwister.regenerate(key: w.baseAddress!, out: w.baseAddress! + 624)
            }
            XCTAssertEqual(Array(lanes[..<624]), key, "round \(round)")
            XCTAssertEqual(Array(lanes[624...]), key.map(MersenneTwister.temper), "round \(round)")
        }
    }

    /// numpy: np.random.seed(5489); np.random.mtrand._rand._bit_generator.random_raw(1) is
    /// MT19937's published first output 3499211612 for init_genrand(5489).
    func testFirstOutputOfTheReferenceSeed() {
        var random = NumpyRandom(seed: 5489)
        XCTAssertEqual(random.nextUInt32(), 3_499_211_612)
    }

    func testDoublesEqualTheScalarConversion() {
        let words: [UInt32] = [0, 0, .max, .max, 1 << 31, 1 << 5, 0x1234_5678, 0x9abc_def0, 31, 63, 32, 64,
                               0xffff_ffe0, 0xffff_ffc0, 7, 0x8000_0000]
        let scalar = (0..<8).map { MersenneTwister.double(words[2 * $0], words[2 * $0 + 1]) }
        var out = [Double](repeating: -1, count: 8)
        for count in [1, 3, 4, 5, 7, 8] {   // whole lanes of four and the tail one by one
            out = [Double](repeating: -1, count: 8)
            words.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer {
                    MersenneTwister.doubles(w.baseAddress!, count: count, into: $0.baseAddress!)
                }
            }
            XCTAssertEqual(Array(out[..<count]), Array(scalar[..<count]), "count \(count)")
            XCTAssertEqual(out[count...].filter { $0 != -1 }, [], "count \(count)")
        }
        XCTAssertEqual(out[0], 0)
        XCTAssertEqual(out[1], 1 - 0x1p-53)
    }
}
