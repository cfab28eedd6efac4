import Foundation
import XCTest
@testable import NNCore
import TestSupport

/// Replays numpy's legacy generator streams from `random_streams.json`
/// (written by `scripts/fixtures/random_streams.py`) and compares bits exactly.
final class NumpyRandomTests: XCTestCase {
    struct Fixture: Decodable {
        struct Known: Decodable { let seed: UInt32; let first_randn: Double }
        struct Call: Decodable {
            let op: String
            let shape: [Int]?
            let bits: [String]?
            let words: [UInt32]?
            let value: UInt32?
            let ints: [Int]?
            let scale: Double?
        }
        struct Sequence: Decodable { let name: String; let seed: UInt32; let calls: [Call] }
        struct Run: Decodable {
            let seed: UInt32
            let op: String
            let count: Int
            let fnv1a: String
            let stride: Int
            let samples: [String]
            let last: String
        }
        let numpy: String
        let known: Known
        let sequences: [Sequence]
        let runs: [Run]
    }

    static let fixture = Fixtures.decode(Fixture.self, "random_streams.json")

    func loadFixture() throws -> Fixture {
        try Fixtures.require(Self.fixture, "random_streams.json")
    }


    /// Runs one fixture call on `random` and returns what it produced, flattened row by row.
    static func perform(_ call: Fixture.Call, on random: inout NumpyRandom) -> [Double] {
        let shape = call.shape ?? []
        switch (call.op, shape.count) {
        case ("seed", _): random.seed(call.value ?? 0); return []
        case ("randn", 0): return [random.nextGaussian()]
        case ("rand", 0): return [random.nextDouble()]
        case ("randn", 1): return random.randn(shape[0])
        case ("rand", 1): return random.rand(shape[0])
        case ("randn", 2):
            let m = random.randn(shape[0], shape[1])
            XCTAssertEqual(m.rows, shape[0]); XCTAssertEqual(m.cols, shape[1])
            return m.storage
        case ("normal", 2):
            let m = random.normal(shape[0], shape[1], scale: call.scale ?? 1)
            XCTAssertEqual(m.rows, shape[0]); XCTAssertEqual(m.cols, shape[1])
            return m.storage
        case ("rand", 2):
            let m = random.rand(shape[0], shape[1])
            XCTAssertEqual(m.rows, shape[0]); XCTAssertEqual(m.cols, shape[1])
            return m.storage
        default:
            XCTFail("unknown fixture call \(call.op) \(shape)")
            return []
        }
    }
}

// MARK: - Streams

extension NumpyRandomTests {
    func testEverySequenceMatchesNumpyBitForBit() throws {
        let fixture = try loadFixture()
        XCTAssertGreaterThan(fixture.sequences.count, 50)
        var compared = 0
        for sequence in fixture.sequences {
            var random = NumpyRandom(seed: sequence.seed)
            for (k, call) in sequence.calls.enumerated() {
                let place = "seed \(sequence.seed) \(sequence.name) call \(k) \(call.op)\(call.shape ?? [])"
                if call.op == "interval", let shape = call.shape, shape.count == 2 {
                    let got = (0..<shape[1]).map { _ in Int(random.interval(UInt64(shape[0]))) }
                    XCTAssertEqual(got, call.ints, place)
                    compared += got.count
                    continue
                }
                if call.op == "permutation" {
                    let got = random.permutation(call.shape?.first ?? 0)
                    XCTAssertEqual(got, call.ints, place)
                    compared += got.count
                    continue
                }
                if call.op == "raw" {
                    let words = (0..<(call.shape?.first ?? 0)).map { _ in random.nextUInt32() }
                    XCTAssertEqual(words, call.words, place)
                    compared += words.count
                    continue
                }
                let got = Self.perform(call, on: &random)
                let want = call.bits ?? []
                XCTAssertEqual(got.count, want.count, place)
                for (i, (g, w)) in zip(got, want).enumerated() where hexBits(g) != w {
                    XCTFail("\(place) element \(i): got \(hexBits(g)) (\(g)), numpy \(w)")
                    break
                }
                compared += got.count
            }
        }
        XCTAssertGreaterThan(compared, 5000)
    }

    /// A million draws per run, checked through numpy's FNV-1a hash of every
    /// bit pattern; this is what shows `log` agrees with numpy's C `log`.
    func testMillionDrawRunsMatchNumpyHash() throws {
        for run in try loadFixture().runs {
            var random = NumpyRandom(seed: run.seed)
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var samples: [String] = []
            var last = 0.0
            for i in 0..<run.count {
                last = run.op == "randn" ? random.nextGaussian() : random.nextDouble()
                hash = (hash ^ last.bitPattern) &* 0x100_0000_01b3
                if i % run.stride == 0 { samples.append(hexBits(last)) }
            }
            let place = "seed \(run.seed) \(run.op)(\(run.count))"
            XCTAssertEqual(samples, run.samples, place)
            XCTAssertEqual(hexBits(last), run.last, place)
            XCTAssertEqual(UInt64(run.fnv1a, radix: 16), hash, place)
        }
    }
}

// MARK: - Seeding and the cached normal

extension NumpyRandomTests {
    func testKnownFirstNormalForSeedOne() throws {
        let known = try loadFixture().known
        XCTAssertEqual(known.seed, 1)
        var random = NumpyRandom(seed: known.seed)
        let first = random.nextGaussian()
        XCTAssertEqual(first.bitPattern, known.first_randn.bitPattern)
        XCTAssertEqual(first, 1.6243453636632417)
    }

    func testSameSeedGivesSameStream() {
        var a = NumpyRandom(seed: 2024)
        var b = NumpyRandom(seed: 2024)
        XCTAssertEqual(a.randn(7, 3), b.randn(7, 3))
        XCTAssertEqual(a.rand(5), b.rand(5))
        XCTAssertEqual(a.nextGaussian().bitPattern, b.nextGaussian().bitPattern)
        XCTAssertEqual((0..<1000).map { _ in a.nextUInt32() }, (0..<1000).map { _ in b.nextUInt32() })
    }

    func testCopyIsIndependent() {
        var a = NumpyRandom(seed: 5)
        _ = a.randn(1)
        var b = a
        let fromA = a.randn(3, 3)
        XCTAssertEqual(b.randn(3, 3), fromA)
    }

    func testSplitRandnEqualsOneCall() {
        var split = NumpyRandom(seed: 1)
        var whole = NumpyRandom(seed: 1)
        XCTAssertEqual(split.randn(3) + split.randn(1), whole.randn(4))
        XCTAssertEqual(split.randn(1, 1).storage + split.randn(2, 3).storage, whole.randn(7))
    }

    func testReseedDropsTheCachedNormal() {
        var random = NumpyRandom(seed: 9)
        let first = random.nextGaussian()
        XCTAssertNotNil(random.cachedGaussian)
        random.seed(9)
        XCTAssertNil(random.cachedGaussian)
        XCTAssertEqual(random.nextGaussian().bitPattern, first.bitPattern)
    }

    func testRandLeavesTheCachedNormalAlone() {
        var random = NumpyRandom(seed: 1)
        var reference = NumpyRandom(seed: 1)
        let pair = reference.randn(2)
        XCTAssertEqual(random.randn(1), [pair[0]])
        let kept = random.cachedGaussian
        _ = random.rand(3, 3)
        XCTAssertEqual(random.cachedGaussian, kept)
        XCTAssertEqual(random.randn(1), [pair[1]])
    }

    func testPermutationKeepsTheCachedNormal() {
        var random = NumpyRandom(seed: 1)
        var reference = NumpyRandom(seed: 1)
        let pair = reference.randn(2)
        XCTAssertEqual(random.randn(1), [pair[0]])
        let p = random.permutation(10)
        XCTAssertEqual(p.sorted(), Array(0..<10))
        XCTAssertEqual(random.normal(1, 1, scale: 1).storage, [pair[1]])
    }

    func testEmptyPermutationsDrawNothing() {
        var random = NumpyRandom(seed: 4)
        var reference = NumpyRandom(seed: 4)
        XCTAssertEqual(random.permutation(0), [])
        XCTAssertEqual(random.permutation(1), [0])
        XCTAssertEqual(random.nextUInt32(), reference.nextUInt32())
    }

    func testEmptyShapesDrawNothing() {
        var random = NumpyRandom(seed: 4)
        var reference = NumpyRandom(seed: 4)
        XCTAssertEqual(random.randn(0, 3).count, 0)
        XCTAssertEqual(random.rand(2, 0).count, 0)
        XCTAssertEqual(random.nextUInt32(), reference.nextUInt32())
    }

    /// `legacyState` is `np.random.get_state()`'s key, pos, has_gauss and gauss.
    func testLegacyStateIsNumpysGetState() {
        var random = NumpyRandom(seed: 0)
        var state = random.legacyState
        XCTAssertEqual(state.key.count, 624)
        XCTAssertEqual(state.key[0], 0)
        XCTAssertEqual(state.key[1], 1)  // numpy: np.random.seed(0); np.random.get_state()[1][:2] == [0, 1]
        XCTAssertEqual(state.position, 624)
        XCTAssertNil(state.cachedGaussian)
        _ = random.randn(1, 1)
        state = random.legacyState
        XCTAssertEqual(state.position, 4)  // two doubles of two words each for one polar pair
        XCTAssertNotNil(state.cachedGaussian)
    }
}
