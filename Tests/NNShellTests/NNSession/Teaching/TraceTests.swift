import XCTest
import NNCore
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `trace K` against numpy (Fixtures/trace.json, from scripts/fixtures/transcripts_trace.py):
/// every column it prints, example K's part of each dW[l], and its shares of dW[l] and db[l].
final class TraceTests: XCTestCase {
    private struct Fixture: Decodable {
        var example: Int
        var columns: [String: [Double]]
        var parts: [String: [[Double]]]
        var shares: [String: Double]
    }

    private func traced() throws -> (Fixture, [Output]) {
        let fixture = try Fixtures.require(Fixtures.decode(Fixture.self, "trace.json"), "trace.json")
        let s = session(["net 3 4 2:tanh 1", "seed 5", "X = randn 3 5", "Y = [[1, 0, 1, 1, 0]]", "init xavier seed 2",
                         "forward all", "cost", "backward all"])
        return (fixture, runLines(s, ["trace \(fixture.example)"]))
    }

    func testColumnsAreTheSessionsAndNumpys() throws {
        let (fixture, out) = try traced()
        let k = fixture.example
        var seen = 0
        for case let .matrix(m) in out {
            let name = String(m.name.prefix { $0 != "[" })
            guard m.name == "\(name)[:,\(k)]", let want = fixture.columns[name] else { continue }
            XCTAssertEqual(m.matrix.cols, 1, m.name)
            assertClose(m.matrix.storage, want, rtol: 1e-12, atol: 1e-15, m.name)
            seen += 1
        }
        XCTAssertEqual(seen, 13, "Z, A of 3 layers, dA3, dZ and dA of 3 layers")
    }

    func testPartsAndSharesOfTheGradients() throws {
        let (fixture, out) = try traced()
        for l in 1...3 {
            let part = out.compactMap { o -> Matrix? in
                if case let .matrix(m) = o, m.name.hasPrefix("1/m·dZ\(l)[") { return m.matrix }
                return nil
            }
            let want = try XCTUnwrap(fixture.parts["dW\(l)"])
            XCTAssertEqual(part.count, 1)
            assertClose(part.first?.storage ?? [], want.flatMap { $0 }, rtol: 1e-12, atol: 1e-17, "part of dW\(l)")
            for grad in ["dW\(l)", "db\(l)"] {
                let value = out.compactMap { o -> Double? in
                    if case let .scalar(name, v) = o, name.hasPrefix("share of \(grad) ") { return v }
                    return nil
                }
                XCTAssertEqual(value.count, 1, grad)
                let expected = try XCTUnwrap(fixture.shares[grad])
                XCTAssertEqual(value.first ?? .nan, expected, accuracy: 1e-12 * max(1, abs(expected)), grad)
            }
        }
    }

    func testTheSharesOfAllExamplesSumToOne() {
        let s = session(["net 3 4 2:tanh 1", "seed 5", "X = randn 3 5", "Y = [[1, 0, 1, 1, 0]]", "init xavier seed 2",
                         "forward all", "cost", "backward all"])
        var total = 0.0
        for k in 0..<5 {
            for case let .scalar(name, v) in runLines(s, ["trace \(k)"]) where name.hasPrefix("share of dW2 ") { total += v }
        }
        XCTAssertEqual(total, 1, accuracy: 1e-12)
    }

    func testAnExampleOutsideXIsAnError() {
        let s = session(["net 2 1", "X = [[1, 2], [3, 4]]"])
        XCTAssertTrue(sessionMessage(s, "trace 2").contains("0…1"))
    }

    private func assertClose(_ got: [Double], _ want: [Double], rtol: Double, atol: Double, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, what, file: file, line: line)
        for (g, w) in zip(got, want) where abs(g - w) > atol + rtol * abs(w) {
            XCTFail("\(what): \(g) vs numpy's \(w)", file: file, line: line)
            return
        }
    }
}
