import Foundation
import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// A command stopped by Ctrl-C is recorded as what ran, and replaying the record gives the same state.
final class RecordedCommandTests: XCTestCase {
    override func tearDown() {
        _ = Interrupt.consume()
    }

    func testAStoppedTrainIsRecordedWithTheIterationsItRan() throws {
        for setup in [[], ["optimizer adam", "minibatch 2 seed 3"]] {
            let s = Session()
            runLines(s, setup)
            Interrupt.request()   // seen after the first iteration (or epoch)
            let out = runLines(s, ["train 1000000000 0.1 every 10"])
            XCTAssert(texts(out).contains("interrupted after"), texts(out))
            XCTAssertEqual(s.log.last?.description, "train 1 0.1 every 10  # stopped")
            XCTAssertEqual(s.built.last?.ran, RecordedCommand(command: .train(iterations: 1, learningRate: 0.1, every: 10),
                                                         stopped: true))
            // The record replays to the same parameters, bit for bit.
            let replay = Session()
            runLines(replay, setup + ["train 1 0.1 every 10"])
            for l in 1...3 {
                for name in [MatrixName.layer(.W, l), .layer(.b, l)] {
                    assertBitwiseEqual(replay.state.store[name], try XCTUnwrap(s.state.store[name]))
                }
            }
        }
    }

    func testAStoppedTrainIsExportedAsTheRunThatHappened() throws {
        let s = Session()
        Interrupt.request()
        runLines(s, ["train 1000000000 0.1"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stopped-\(getpid()).py").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        runLines(s, ["export " + path])
        let code = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssert(code.contains("L_layer_model(S, 1, 0.1, 100)"), code)
        XCTAssertFalse(code.contains("1000000000"))
    }

    func testAStoppedGradcheckIsMarked() {
        let s = Session()
        Interrupt.request()
        runLines(s, ["gradcheck"])
        XCTAssertEqual(s.log.last?.description, "gradcheck  # stopped")
    }

    func testAFinishedCommandIsRecordedAsTyped() {
        let s = Session()
        runLines(s, ["train 3 0.1"])
        XCTAssertEqual(s.log.last, RecordedCommand(command: .train(iterations: 3, learningRate: 0.1, every: nil)))
        XCTAssertEqual(s.log.last?.description, "train 3 0.1")
    }
}
