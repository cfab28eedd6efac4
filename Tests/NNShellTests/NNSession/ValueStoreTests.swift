import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class ValueStoreTests: XCTestCase {
    private let a = MatrixName.user("a"), b = MatrixName.user("b"), c = MatrixName.user("c")
    private let one = Matrix(scalar: 1)

    func testEveryWriteGetsANewerVersion() {
        var store = ValueStore()
        store.set(a, one)
        let v1 = store.version(of: .matrix(a))
        store.set(a, one)
        let v2 = store.version(of: .matrix(a))
        store.set(b, one, from: [.matrix(a)], by: .forward(2))
        let v3 = store.version(of: .matrix(b))
        XCTAssertNotNil(v1)
        XCTAssertLessThan(v1!, v2!)
        XCTAssertLessThan(v2!, v3!)
        XCTAssertNil(store.version(of: .matrix(c)))
        XCTAssertEqual(store.version(of: .loss), 0, "a setting never touched has version 0")
    }

    func testAValueSetByHandIsNeverStale() {
        var store = ValueStore()
        store.set(a, one)
        XCTAssertNil(store.staleReason(a))
        XCTAssertTrue(store.isCurrent(a))
        XCTAssertFalse(store.isCurrent(b), "a missing value is not current")
        XCTAssertNil(store.entry(a)?.producer)
    }

    func testAComputedValueGoesStaleWhenAnInputChanges() {
        var store = ValueStore()
        store.set(a, one)
        store.set(b, one, from: [.matrix(a)], by: .forward(1))
        XCTAssertTrue(store.isCurrent(b))
        store.set(a, Matrix(scalar: 2))
        XCTAssertEqual(store.staleReason(b), "a changed since forward 1")
        XCTAssertFalse(store.isCurrent(b))
        // Computing it again makes it current.
        store.set(b, one, from: [.matrix(a)], by: .forward(1))
        XCTAssertTrue(store.isCurrent(b))
    }

    func testStalenessFollowsTheChain() {
        var store = ValueStore()
        store.set(a, one)
        store.set(b, one, from: [.matrix(a)], by: .forward(2))
        store.set(c, one, from: [.matrix(b)], by: .forward(3))
        store.set(a, one)
        XCTAssertEqual(store.staleReason(b), "a changed since forward 2")
        XCTAssertEqual(store.staleReason(c), "b is stale", "c's own input b did not change; b is stale")
        store.set(b, one, from: [.matrix(a)], by: .forward(2))
        XCTAssertEqual(store.staleReason(c), "b changed since forward 3")
    }

    func testARemovedInputIsGone() {
        var store = ValueStore()
        store.set(a, one)
        store.set(b, one, from: [.matrix(a)], by: .forward(2))
        store.remove(a)
        XCTAssertEqual(store.staleReason(b), "a is gone")
        store.removeAll { $0 == b }
        XCTAssertNil(store[b])
        XCTAssertTrue(store.names.isEmpty)
    }

    func testSettingsMakeValuesStale() {
        var store = ValueStore()
        store.touch(.activation(1))
        store.set(a, one, from: [.activation(1)], by: .forward(1))
        store.set(b, one, from: [.loss], by: .cost)
        XCTAssertTrue(store.isCurrent(a))
        store.touch(.activation(2))
        XCTAssertTrue(store.isCurrent(a), "another layer's activation")
        store.touch(.activation(1))
        XCTAssertEqual(store.staleReason(a), "the activation of layer 1 changed since forward 1")
        store.touch(.loss)
        XCTAssertEqual(store.staleReason(b), "the loss changed since cost")
    }

    func testAVeryLongChainStaysFiniteAndCurrent() {
        var store = ValueStore()
        store.set(.user("v0"), one)
        for k in 1...200 {
            store.set(.user("v\(k)"), one, from: [.matrix(.user("v\(k - 1)"))], by: .forward(k))
        }
        XCTAssertTrue(store.isCurrent(.user("v200")))
        store.set(.user("v199"), one)
        XCTAssertEqual(store.staleReason(.user("v200")), "v199 changed since forward 200")
    }

    func testChangedSinceShown() {
        var store = ValueStore()
        store.set(a, one)
        XCTAssertFalse(store.changedSinceShown(a), "never shown: not marked as changed")
        store.markShown(a)
        XCTAssertFalse(store.changedSinceShown(a))
        store.set(a, Matrix(scalar: 2))
        XCTAssertTrue(store.changedSinceShown(a))
        store.markShown(a)
        XCTAssertFalse(store.changedSinceShown(a))
    }

    /// The session's own chain: W1 → Z1 → A1 → Z2 …, named with the command that refreshes it.
    func testTheSessionsChainNamesTheFix() {
        let s = Session()
        runLines(s, ["forward all", "cost", "backward all", "W1[0,0] = 0.5"])
        let store = s.state.store
        XCTAssertEqual(store.staleReason(.layer(.Z, 1)), "W1 changed since forward 1")
        XCTAssertEqual(store.staleReason(.layer(.A, 1)), "Z1 is stale")
        XCTAssertEqual(store.staleReason(.layer(.A, 3)), "Z3 is stale")
        XCTAssertEqual(store.staleReason(.J), "A3 is stale")
        XCTAssertEqual(store.staleReason(.layer(.dA, 0)), "W1 changed since backward 1")
        XCTAssertNotNil(store.staleReason(.layer(.dW, 3)))
        XCTAssertNil(store.staleReason(.layer(.W, 2)))
        XCTAssertEqual(sessionMessage(s, "cost"), "A3 is stale (W1 changed since forward 1): run `forward all`")
    }
}

// MARK: - Staleness kept up to date

extension ValueStoreTests {
    /// The definition, walked every time: an input changed, is gone, or is stale itself.
    private func walkedStale(_ store: ValueStore, _ name: MatrixName) -> Bool {
        guard let entry = store.entry(name) else { return false }
        return entry.inputs.contains { input in
            if store.version(of: input.key) != input.version { return true }
            if case let .matrix(inner) = input.key { return walkedStale(store, inner) }
            return false
        }
    }

    /// Random writes, removals and setting changes: the kept flags always agree with the walk.
    func testKeptStalenessAgreesWithTheDefinition() {
        var g = SystemRandomNumberGenerator()
        let names = (0..<6).map { MatrixName.user("m\($0)") }
        let settings: [ValueStore.Key] = [.loss, .activation(1)]
        for _ in 0..<200 {
            var store = ValueStore()
            for _ in 0..<40 {
                let name = names.randomElement(using: &g) ?? a
                switch Int.random(in: 0..<6, using: &g) {
                case 0:
                    store.set(name, one)
                case 1:
                    store.remove(name)
                case 2:
                    store.touch(settings.randomElement(using: &g) ?? .loss)
                default:
                    // Inputs may include the name itself, a missing name or a setting.
                    let keys = (0..<Int.random(in: 1...3, using: &g)).map { _ -> ValueStore.Key in
                        Bool.random(using: &g) ? .matrix(names.randomElement(using: &g) ?? a)
                                               : settings.randomElement(using: &g) ?? .loss
                    }
                    store.set(name, one, from: keys, by: .forward(1))
                }
                for n in names {
                    XCTAssertEqual(store.isStale(n), walkedStale(store, n), "\(n)")
                    XCTAssertEqual(store.staleReason(n) != nil, walkedStale(store, n), "\(n)")
                }
            }
        }
    }

    /// The element count is kept as entries come and go, since every size check asks for it.
    func testTheElementCountFollowsEveryChange() {
        var store = ValueStore()
        store.set(a, Matrix.zeros(2, 3))
        store.set(b, Matrix.zeros(4, 1), from: [.matrix(a)], by: .forward(1))
        XCTAssertEqual(store.elementCount, 10)
        store.set(a, one)
        XCTAssertEqual(store.elementCount, 5, "a replaced entry counts once, at its new size")
        store.remove(b)
        store.remove(c)
        XCTAssertEqual(store.elementCount, 1, "removing a missing name changes nothing")
        store.removeAll { _ in true }
        XCTAssertEqual(store.elementCount, 0)
    }
}
