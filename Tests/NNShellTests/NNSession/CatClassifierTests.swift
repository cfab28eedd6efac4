import Foundation
import XCTest
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// examples/cat-classifier.nnscript against the course's application notebook run in numpy
/// (scripts/fixtures/cat_classifier.py): the costs every 100 iterations and both accuracies.
final class CatClassifierTests: XCTestCase {
    struct Expected: Decodable {
        var costs: [String: String]
        var train_accuracy: String
        var test_accuracy: String
        var parameters: [String: Parameter]
    }

    /// Part of one trained parameter: its first row, last column and sum of squares.
    struct Parameter: Decodable {
        var first_row: [String]
        var last_column: [String]
        var sum_of_squares: String
    }

    func testCostsAndAccuraciesMatchTheNotebook() throws {
        let repo = Fixtures.repository()
        let data = repo.deletingLastPathComponent().appendingPathComponent("shared/datasets/catvnoncat").path
        guard FileManager.default.fileExists(atPath: data + "/train_catvnoncat.h5") else {
            throw XCTSkip("the course's data set is not at \(data)")
        }
        let fixture = repo.appendingPathComponent("Tests/NNShellTests/Fixtures/cat_classifier.json")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixture))

        let shell = Shell(options: Shell.Options(echo: true))
        shell.session.dataDirectories = [data]
        var output = ""
        shell.write = { output += $0 }
        let status = shell.runFile(path: repo.appendingPathComponent("examples/cat-classifier.nnscript").path)
        XCTAssertEqual(status, 0, output.suffix(2000).description)

        var costs: [Int: Double] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("Cost after iteration ") {
            let parts = line.dropFirst("Cost after iteration ".count).split(separator: ":")
            if let i = Int(parts[0]), let j = Double(parts[1].trimmingCharacters(in: .whitespaces)) { costs[i] = j }
        }
        XCTAssertEqual(costs.count, expected.costs.count)
        // The costs must agree with numpy's to 1e-9 (absolute): products are
        // summed in another order than numpy's BLAS, nothing else differs.
        for (key, value) in expected.costs {
            let i = try XCTUnwrap(Int(key)), want = try XCTUnwrap(Double(value))
            let got = try XCTUnwrap(costs[i], "no cost printed for iteration \(i)")
            XCTAssertEqual(got, want, accuracy: 1e-9, "iteration \(i)")
        }
        XCTAssertTrue(output.contains("accuracy: \(expected.train_accuracy) (206/209)"), output.suffix(500).description)
        XCTAssertTrue(output.contains("accuracy: \(expected.test_accuracy) (40/50)"), output.suffix(500).description)

        // The parameters must agree with numpy's to 1e-9 relative to the
        // largest element of each (elements near 0 have no relative error of their own).
        for (name, want) in expected.parameters {
            let slot: Slot = name.hasPrefix("W") ? .W : .b
            let l = try XCTUnwrap(Int(name.dropFirst()))
            let got = try XCTUnwrap(shell.session.state.store[.layer(slot, l)], "no \(name) after training")
            let scale = got.storage.map(abs).max() ?? 0
            let firstRow = Array(got.storage.prefix(min(got.cols, want.first_row.count)))
            let lastColumn = (0..<got.rows).map { got[$0, got.cols - 1] }
            for (what, values, wanted) in [("first row", firstRow, want.first_row),
                                           ("last column", lastColumn, want.last_column)] {
                XCTAssertEqual(values.count, wanted.count, "\(name) \(what)")
                for (i, (v, w)) in zip(values, wanted.compactMap(Double.init)).enumerated() {
                    XCTAssertEqual(v, w, accuracy: 1e-9 * scale, "\(name) \(what) [\(i)]")
                }
            }
            let squares = got.storage.reduce(0) { $0 + $1 * $1 }, wantSquares = try XCTUnwrap(Double(want.sum_of_squares))
            XCTAssertEqual(squares, wantSquares, accuracy: 1e-9 * wantSquares, "\(name): sum of squares")
        }
    }
}
