import Foundation
import XCTest
import NNCore
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// Expressions worked out by nnstep against numpy's results (scripts/fixtures/expressions.py).
final class SessionStateExpressionTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Named: Decodable { var rows: Int; var cols: Int; var data: [String] }
        struct Case: Decodable {
            var expr: String
            var rows: Int?
            var cols: Int?
            var data: [String]?
            var exact: Bool?
            var error: String?
        }
        var names: [String: Named]
        var cases: [Case]
    }

    private func matrix(_ rows: Int, _ cols: Int, _ data: [String]) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: data.map { Double($0) ?? .nan })
    }

    /// A session holding the fixture's named matrices, and m.
    private func loaded(_ f: Fixture) throws -> Session {
        let s = Session(empty: ())
        _ = try s.execute(.net([LayerSpec(units: 3), LayerSpec(units: 4), LayerSpec(units: 1)]))
        for (key, n) in f.names {
            let name = try MatrixName.spelled(key, at: SourcePosition(column: 1))
            _ = try s.execute(.assign(name, .literal(matrix(n.rows, n.cols, n.data))))
        }
        _ = try s.execute(.assign(.user("m"), .literal(Matrix(scalar: 5))))
        return s
    }

    /// Every expression numpy evaluates gives numpy's shape and numbers (bits where `exact`);
    /// every one numpy refuses is refused too, with the session unchanged.
    func testExpressionsMatchNumpy() throws {
        let f = try Fixtures.require(Fixtures.decode(Fixture.self, "expressions.json"), "expressions.json")
        let s = try loaded(f)
        XCTAssertGreaterThan(f.cases.count, 300)
        var exact = 0, close = 0, closeAndEqual = 0, refused = 0
        for c in f.cases {
            let line = "r = " + c.expr
            let result: Result<Matrix?, Error>
            do {
                guard let command = try Parser.parse(line) else { XCTFail("\(line): blank"); continue }
                let out = try s.execute(command)
                result = .success(out.compactMap { o -> Matrix? in
                    if case let .matrix(m) = o { return m.matrix }
                    return nil
                }.first)
            } catch {
                result = .failure(error)
            }
            if let rows = c.rows, let cols = c.cols, let data = c.data {
                let want = matrix(rows, cols, data)
                guard want.isFinite else {
                    // nnstep keeps finite values only: numpy's inf or nan is refused with a reason
                    if case .success = result { XCTFail("\(c.expr): numpy gives a non-finite value, nnstep accepted it") }
                    refused += 1
                    continue
                }
                switch result {
                case let .failure(error):
                    XCTFail("\(c.expr): \((error as? ParseError)?.message ?? (error as? SessionError)?.message ?? "\(error)")")
                case let .success(got):
                    guard let got else { XCTFail("\(c.expr): no matrix"); continue }
                    XCTAssertEqual(got.numpyShape, want.numpyShape, c.expr)
                    guard got.hasSameShape(as: want) else { continue }
                    if c.exact == true {
                        XCTAssertEqual(got.storage.map(\.bitPattern), want.storage.map(\.bitPattern), c.expr)
                        exact += 1
                    } else {
                        for k in 0..<got.count {
                            let d = Swift.abs(got.storage[k] - want.storage[k])
                            XCTAssertLessThanOrEqual(d, 1e-13 * Swift.abs(want.storage[k]) + 1e-300, c.expr)
                        }
                        close += 1
                        if got.storage.map(\.bitPattern) == want.storage.map(\.bitPattern) { closeAndEqual += 1 }
                    }
                }
            } else {
                if case .success = result { XCTFail("\(c.expr): numpy raises \(c.error ?? "?"), nnstep accepted it") }
                refused += 1
            }
        }
        XCTAssertGreaterThan(exact, 200)
        print("expressions: \(exact) bit for bit, \(close) to rtol 1e-13 (\(closeAndEqual) of them bit for bit too), "
              + "\(refused) refused as numpy does")
    }

    /// Where nnstep's 1×n rule for numpy's 1-D results gives other shapes than numpy (docs/commands.md).
    func testOneDimensionalResultsAreRows() throws {
        let s = session(["X = [[1, 2, 3], [4, 5, 6]]", "b = [[10], [20]]"])
        func value(_ e: String) -> Matrix? {
            guard let command = parsed("r = " + e), let out = try? s.execute(command) else { return nil }
            for o in out { if case let .matrix(m) = o { return m.matrix } }
            return nil
        }
        XCTAssertEqual(value("X[:, 0]"), Matrix([[1, 4]]))           // numpy: (2,)
        XCTAssertEqual(value("X[:, 0].T"), Matrix([[1], [4]]))       // numpy: .T of 1-D is still (2,)
        XCTAssertEqual(value("np.sum(X, axis=1)"), Matrix([[6, 15]]))
        XCTAssertEqual(value("np.sum(X, axis=1) + b"), Matrix([[16, 25], [26, 35]]))   // as numpy: (2,) + (2,1)
        XCTAssertEqual(value("np.squeeze(b)"), Matrix([[10, 20]]))
        XCTAssertNil(value("np.dot(X.T, X[:, 0])"))                 // numpy: (3,2)·(2,) works; a 1×2 row does not fit
        XCTAssertEqual(value("np.dot(X.T, X[:, [0]])"), Matrix([[17], [22], [27]]))
    }

    /// Errors name the operands and their shapes, and leave every value as it was.
    func testErrorsNameTheOperands() {
        let s = session(["net 3 4 1", "init seed 1", "X = [[1, 2], [3, 4], [5, 6]]", "Y = [[0, 1]]", "forward all",
                         "cost", "backward all"])
        XCTAssertEqual(sessionMessage(s, "r = dZ2 + A1.T"),
                       "operands could not be broadcast together with '+' at column 9: dZ2 (1×2) and A1.T (2×4); "
                       + "each pair of sizes must be equal or 1 (a column n×1 spreads over the columns, "
                       + "a row 1×m over the rows, a number over everything)")
        XCTAssertEqual(sessionError(s, "r = np.dot(dZ2, A1)"),
                       .productShapes(function: "np.dot", left: Operand("dZ2", 1, 2), right: Operand("A1", 4, 2),
                                      at: SourcePosition(column: 5)))
        XCTAssertEqual(sessionError(s, "r = X[3, 0]"),
                       .badSubscript(target: Operand("X", 3, 2), detail: "index 3 is outside axis 0, which has 3 rows (0…2)",
                                     at: SourcePosition(column: 6)))
        XCTAssertEqual(sessionError(s, "r = np.log(X - 1)"),
                       .nonFiniteResult(value: -.infinity, row: 0, col: 0, shape: "3×2"))
        XCTAssertNotNil(sessionError(s, "W1 = np.dot(W1, X)"))
        XCTAssertEqual(sessionError(s, "show r"), .missing("r", fix: "set it with `r = …`"))
    }
}
