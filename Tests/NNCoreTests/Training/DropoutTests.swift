import XCTest
@testable import NNCore

/// Dropout's masks: D = (np.random.rand(n[l], m) < keep) from the session's generator.
final class DropoutTests: XCTestCase {
    func testMaskIsRandBelowKeep() {
        let dropout = Dropout(keep: 0.86)
        var random = NumpyRandom(seed: 1), reference = NumpyRandom(seed: 1)
        let d = dropout.mask(20, 211, random: &random)
        let u = reference.rand(20, 211)
        XCTAssertEqual(d.rows, 20)
        XCTAssertEqual(d.cols, 211)
        XCTAssertEqual(d.storage, u.storage.map { $0 < 0.86 ? 1 : 0 })
        XCTAssertEqual(random, reference)
    }

    func testRedrawGivesTheNextMaskInPlace() {
        let dropout = Dropout(keep: 0.5)
        var random = NumpyRandom(seed: 3), reference = NumpyRandom(seed: 3)
        var d = dropout.mask(3, 7, random: &random)
        _ = dropout.mask(3, 7, random: &reference)
        dropout.redraw(&d, random: &random)
        XCTAssertEqual(d, dropout.mask(3, 7, random: &reference))
        XCTAssertEqual(random, reference)
    }

    func testKeepOneKeepsEveryUnit() {
        var random = NumpyRandom(seed: 0)
        XCTAssertEqual(Dropout(keep: 1).mask(4, 5, random: &random).storage, Array(repeating: 1, count: 20))
    }
}
