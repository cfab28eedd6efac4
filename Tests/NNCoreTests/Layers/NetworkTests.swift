import Foundation
import XCTest
import NNCore
import TestSupport

/// Checks `Network.initialize` against the course's `initialize_parameters_deep`
/// run by numpy after `np.random.seed` (`network_init.json`, written by
/// `scripts/fixtures/random_streams.py`), bit for bit.
final class NetworkTests: XCTestCase {
    struct Fixture: Decodable {
        struct Layer: Decodable {
            let W_shape: [Int]
            let W: [String]
            let b_shape: [Int]
            let b: [String]
        }
        struct Case: Decodable {
            let scheme: String
            let seed: UInt32
            let sizes: [Int]
            let layers: [Layer]
        }
        let numpy: String
        let cases: [Case]
    }

    static let fixture = Fixtures.decode(Fixture.self, "network_init.json")

    func loadCases(_ scheme: InitScheme) throws -> [Fixture.Case] {
        let fixture = try Fixtures.require(Self.fixture, "network_init.json")
        let cases = fixture.cases.filter { $0.scheme == scheme.name }
        XCTAssertFalse(cases.isEmpty, "no fixture case for \(scheme.name)")
        return cases
    }

    /// Seeds, initialises and compares every W[l] and b[l] with numpy's bits.
    func checkInitialisation(_ scheme: InitScheme) throws {
        for c in try loadCases(scheme) {
            var random = NumpyRandom(seed: c.seed)
            var network = Network(sizes: c.sizes)
            network.initialize(scheme, random: &random)
            XCTAssertEqual(network.depth, c.layers.count)
            for (index, layer) in c.layers.enumerated() {
                let l = index + 1
                let place = "\(scheme.name) seed \(c.seed) sizes \(c.sizes) layer \(l)"
                XCTAssertEqual([network.W(l).rows, network.W(l).cols], layer.W_shape, place)
                XCTAssertEqual([network.b(l).rows, network.b(l).cols], layer.b_shape, place)
                XCTAssertEqual(network.W(l).storage.map(hexBits), layer.W, "W[\(l)] " + place)
                XCTAssertEqual(network.b(l).storage.map(hexBits), layer.b, "b[\(l)] " + place)
            }
        }
    }
}

// MARK: - Initialisation

extension NetworkTests {
    /// `np.random.seed(3); initialize_parameters_deep([5, 4, 3])`: randn · 0.01.
    func testSmallMatchesInitializeParametersDeep() throws {
        try checkInitialisation(.small)
    }

    /// randn / np.sqrt(n[l−1]), e.g. sizes [12, 5, 3, 1] with seed 1.
    func testXavierMatchesNumpy() throws {
        try checkInitialisation(.xavier)
    }

    /// randn · np.sqrt(2 / n[l−1]).
    func testHeMatchesNumpy() throws {
        try checkInitialisation(.he)
    }

    func testZerosDrawsNothing() {
        var random = NumpyRandom(seed: 3)
        var reference = NumpyRandom(seed: 3)
        var network = Network(sizes: [5, 4, 3])
        network.initialize(.zeros, random: &random)
        XCTAssertTrue(network.weights.allSatisfy { $0.storage.allSatisfy { $0 == 0 } })
        XCTAssertTrue(network.biases.allSatisfy { $0.storage.allSatisfy { $0 == 0 } })
        XCTAssertEqual(random.nextUInt32(), reference.nextUInt32())
    }
}
