import Foundation
import XCTest
@testable import NNCore
import TestSupport

/// The bulk draws against numpy's long streams (the `bulk` part of `random_streams.json`,
/// written by `scripts/fixtures/random_streams.py`), and against one single draw after another.
///
/// The fixture keeps long streams small: for every call the FNV-1a hash of all its values as
/// 64-bit words (a double's bits, a permutation's ints, raw words), some samples and the last
/// value, and at the end the hash of numpy's 624 key words with its position and cached normal.
/// `hash(_:)` computes the hash the same way as the script's `fnv1a_words`.
final class NumpyRandomArraysTests: XCTestCase {
    struct Fixture: Decodable {
        struct Call: Decodable {
            let op: String
            let shape: [Int]?
            let value: UInt32?
            let scale: Double?
            let count: Int?
            let fnv1a: String?
            let stride: Int?
            let samples: [String]?
            let last: String?
        }
        struct State: Decodable { let fnv1a: String; let position: Int; let gauss: String? }
        struct Sequence: Decodable { let seed: UInt32; let calls: [Call]; let state: State }
        let bulk: [Sequence]
    }

    static let fixture = Fixtures.decode(Fixture.self, "random_streams.json")

    static func hash<S: Sequence>(_ words: S) -> UInt64 where S.Element == UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for w in words { h = (h ^ w) &* 0x100_0000_01b3 }
        return h
    }

    static func hex(_ w: UInt64) -> String {
        let s = String(w, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Runs one call with the bulk draws (a shape [] is one single draw) and returns its values as words.
    static func perform(_ call: Fixture.Call, on random: inout NumpyRandom) -> [UInt64] {
        let shape = call.shape ?? []
        switch (call.op, shape.count) {
        case ("rand", 0): return [random.nextDouble().bitPattern]
        case ("randn", 0): return [random.nextGaussian().bitPattern]
        case ("rand", 1): return random.rand(shape[0]).map(\.bitPattern)
        case ("randn", 1): return random.randn(shape[0]).map(\.bitPattern)
        case ("rand", 2): return random.rand(shape[0], shape[1]).storage.map(\.bitPattern)
        case ("randn", 2): return random.randn(shape[0], shape[1]).storage.map(\.bitPattern)
        case ("normal", 2):
            return random.normal(shape[0], shape[1], scale: call.scale ?? 1).storage.map(\.bitPattern)
        case ("permutation", 1): return random.permutation(shape[0]).map { UInt64($0) }
        case ("raw", 1): return (0..<shape[0]).map { _ in UInt64(random.nextUInt32()) }
        default:
            XCTFail("unknown bulk call \(call.op) \(shape)")
            return []
        }
    }
}

// MARK: - numpy's long streams

extension NumpyRandomArraysTests {
    func testLongBulkStreamsMatchNumpyBitForBit() throws {
        let fixture = try Fixtures.require(Self.fixture, "random_streams.json")
        XCTAssertFalse(fixture.bulk.isEmpty)
        var drawn = 0
        for sequence in fixture.bulk {
            var random = NumpyRandom(seed: sequence.seed)
            for (k, call) in sequence.calls.enumerated() {
                let place = "seed \(sequence.seed) call \(k) \(call.op)\(call.shape ?? [])"
                if call.op == "seed" {
                    random.seed(try XCTUnwrap(call.value, place))
                    continue
                }
                let words = Self.perform(call, on: &random)
                let stride = try XCTUnwrap(call.stride, place)
                XCTAssertEqual(words.count, call.count, place)
                XCTAssertEqual(Swift.stride(from: 0, to: words.count, by: stride).map { Self.hex(words[$0]) },
                               call.samples, place)
                XCTAssertEqual(words.last.map(Self.hex), call.last, place)
                XCTAssertEqual(Self.hex(Self.hash(words)), call.fnv1a, place)
                drawn += words.count
            }
            let state = random.legacyState
            XCTAssertEqual(Self.hex(Self.hash(state.key.lazy.map { UInt64($0) })), sequence.state.fnv1a)
            XCTAssertEqual(state.position, sequence.state.position)
            XCTAssertEqual(state.cachedGaussian.map { Self.hex($0.bitPattern) }, sequence.state.gauss)
        }
        XCTAssertGreaterThan(drawn, 1_500_000)
    }
}

// MARK: - Bulk equals single

extension NumpyRandomArraysTests {
    /// The scalar Fisher–Yates, one `interval` per i, as numpy's legacy shuffle runs it.
    static func singlePermutation(_ n: Int, _ random: inout NumpyRandom) -> [Int] {
        var p = Array(0..<n)
        var i = n - 1
        while i > 0 {
            p.swapAt(i, Int(random.interval(UInt64(i))))
            i -= 1
        }
        return p
    }

    /// From every offset in the block (raw words first) and across several twists, each bulk
    /// draw gives what single draws give and leaves the same state, cached normal included.
    func testBulkDrawsEqualSingleDrawsFromEveryOffset() {
        for offset in 0..<9 {
            for count in [0, 1, 2, 3, 5, 8, 311, 312, 313, 624, 1_250] {
                var bulk = NumpyRandom(seed: UInt32(offset * 1_000 + count))
                var single = bulk
                for _ in 0..<offset { XCTAssertEqual(bulk.nextUInt32(), single.nextUInt32()) }
                let place = "offset \(offset), count \(count)"
                XCTAssertEqual(bulk.rand(count), (0..<count).map { _ in single.nextDouble() }, place)
                XCTAssertEqual(bulk.randn(count).map(\.bitPattern),
                               (0..<count).map { _ in single.nextGaussian().bitPattern }, place)
                XCTAssertEqual(bulk, single, place)
                XCTAssertEqual(bulk.permutation(count), Self.singlePermutation(count, &single), place)
                XCTAssertEqual(bulk.randn(count + 1).map(\.bitPattern),
                               (0...count).map { _ in single.nextGaussian().bitPattern }, place)
                XCTAssertEqual(bulk, single, place)
                XCTAssertEqual(bulk.cachedGaussian?.bitPattern, single.cachedGaussian?.bitPattern, place)
            }
        }
    }

    func testFillsEqualTheArrays() {
        var a = NumpyRandom(seed: 12), b = NumpyRandom(seed: 12)
        var buffer = [Double](repeating: 0, count: 777)
        buffer.withUnsafeMutableBufferPointer { a.fillRand($0) }
        XCTAssertEqual(buffer, b.rand(777))
        buffer.withUnsafeMutableBufferPointer { a.fillRandn($0) }
        XCTAssertEqual(buffer.map(\.bitPattern), b.randn(777).map(\.bitPattern))
        XCTAssertEqual(a, b)
        XCTAssertNotNil(a.cachedGaussian)
    }

    /// The tempered block is a cache of the key: states that agree on key, position and
    /// cached normal are equal whatever block they last tempered.
    func testEqualityLooksAtTheKeyNotTheTemperedBlock() {
        var drawn = NumpyRandom(seed: 3)
        _ = drawn.rand(1_000)
        drawn.seed(3)
        XCTAssertEqual(drawn, NumpyRandom(seed: 3))
        var fresh = NumpyRandom(seed: 3)
        XCTAssertEqual(drawn.rand(5), fresh.rand(5))
    }
}
