import TestSupport
import XCTest
@testable import NNCore

/// The course's `update_lr` and `schedule_lr_decay`, bit for bit (scripts/fixtures/stages.py).
final class LearningRateDecayTests: XCTestCase {
    func testRatesAreTheCoursesToTheBit() throws {
        let cases = try XCTUnwrap(Fixtures.object("stages.json")["decays"] as? [[String: Any]], "run scripts/fixtures/stages.py")
        XCTAssertFalse(cases.isEmpty)
        func d(_ c: [String: Any], _ k: String) throws -> Double { try XCTUnwrap(Double(try XCTUnwrap(c[k] as? String))) }
        for c in cases {
            let lr0 = try d(c, "lr0"), rate = try d(c, "rate"), epoch = try XCTUnwrap(c["epoch"] as? Int)
            XCTAssertEqual(LearningRateDecay.inverse(rate: rate).learningRate(lr0, afterEpoch: epoch).bitPattern,
                           try d(c, "inverse").bitPattern)
            XCTAssertEqual(LearningRateDecay.scheduled(rate: rate, interval: 1000).learningRate(lr0, afterEpoch: epoch).bitPattern,
                           try d(c, "scheduled").bitPattern)
        }
    }
}
