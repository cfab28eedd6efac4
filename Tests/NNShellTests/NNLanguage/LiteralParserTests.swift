import XCTest
import TestSupport
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class LiteralParserTests: XCTestCase {
    // MARK: - numpy printouts (fixtures written by scripts/fixtures/numpy_printouts.py)

    struct Printout {
        var name: String
        var rows: Int
        var cols: Int
        var text: String
        var values: [Double]
    }

    static func printouts() throws -> [Printout] {
        let url = Fixtures.url("numpy_printouts.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var out: [Printout] = []
        var k = 0
        while k < lines.count {
            let header = lines[k].split(separator: " ")
            k += 1
            guard header.first == "===", header.count == 5, let r = Int(header[2]), let c = Int(header[3]) else { continue }
            var text: [String] = []
            while k < lines.count, lines[k] != "--- values" {
                text.append(lines[k])
                k += 1
            }
            k += 1
            let values = lines[k].split(separator: " ").map { Double(String($0)) ?? .signalingNaN }
            k += 1
            out.append(Printout(name: String(header[1]), rows: r, cols: c, text: text.joined(separator: "\n"), values: values))
        }
        return out
    }

    func testNumpyPrintoutsPasteAsIs() throws {
        let printouts = try Self.printouts()
        XCTAssertEqual(printouts.count, 15)
        for p in printouts {
            let first = try XCTUnwrap(p.text.components(separatedBy: "\n").first)
            // The shell reads continuation lines while brackets are open, then joins them with "\n".
            if p.text.contains("\n") {
                XCTAssertTrue(Parser.needsContinuation("M = " + first), p.name)
            }
            XCTAssertFalse(Parser.needsContinuation("M = " + p.text), p.name)
            let expected = Matrix(rows: p.rows, cols: p.cols, storage: p.values)
            let m = literalValue(p.text)
            XCTAssertEqual(m?.storage.map(\.bitPattern), expected.storage.map(\.bitPattern), p.name)
            XCTAssertEqual(m?.rows, p.rows, p.name)
            XCTAssertEqual(m?.cols, p.cols, p.name)
        }
    }

    func testNegativeZeroKeepsItsSign() {
        let m = literalValue("[[ 1.  -0. ]\n [ 0.5 -2. ]]")
        XCTAssertEqual(m?.storage[1].sign, .minus)
        XCTAssertEqual(m?.storage[1], 0)
    }

    // MARK: - Numbers

    func testNumberSpellings() {
        let cases: [(String, Double)] = [
            ("1.", 1), ("-0.", -0.0), (".5", 0.5), ("-.5", -0.5), ("+2", 2), ("1e-05", 1e-5), ("1.5E+3", 1500),
            ("2.5e7", 2.5e7), ("007", 7), ("1e400", .infinity), ("-1e400", -.infinity), ("1e-400", 0),
            ("inf", .infinity), ("-inf", -.infinity), ("+inf", .infinity), ("np.inf", .infinity),
            ("-np.inf", -.infinity), ("numpy.inf", .infinity), ("Infinity", .infinity),
        ]
        for (text, value) in cases {
            XCTAssertEqual(literalValue(text)?.storage.first?.bitPattern, value.bitPattern, text)
        }
        for text in ["nan", "-nan", "np.nan", "NaN"] {
            XCTAssertEqual(literalValue(text)?.storage.first?.isNaN, true, text)
        }
    }

    func testBadNumbers() {
        for text in ["1.5.3", "1e", "2x3", "12abc", "0x10", "1_000", "1..2"] {
            XCTAssertEqual(parseError("M = " + text), .notANumber(text, at: SourcePosition(column: 5)), text)
        }
        XCTAssertEqual(parseError("M = [1, 2x3]"), .notANumber("2x3", at: SourcePosition(column: 9)))
        XCTAssertEqual(parsed("M = - inf"), .assign(.user("M"), .literal(Matrix(scalar: -.infinity))))
    }

    func testIsDecimal() {
        for good in ["0", "1.", ".5", "-1.5e-3", "+7E+10", "00.00"] {
            XCTAssertTrue(LiteralParser.isDecimal(good), good)
        }
        for bad in ["", ".", "-", "e5", "1e", "1.2.3", "1e5.5", "--1", "1-", "inf", "0x1p3", " 1"] {
            XCTAssertFalse(LiteralParser.isDecimal(bad), bad)
        }
    }

    // MARK: - Shapes

    func testShapes() {
        assertBitwiseEqual(literalValue("[1, 2, 3]"), Matrix([[1, 2, 3]]))
        assertBitwiseEqual(literalValue("[[1], [2]]"), Matrix([[1], [2]]))
        assertBitwiseEqual(literalValue("[[1, 2], [3, 4]]"), Matrix([[1, 2], [3, 4]]))
        assertBitwiseEqual(literalValue("[[1 2] [3 4]]"), Matrix([[1, 2], [3, 4]]))
        assertBitwiseEqual(literalValue("[[1, 2,], [3, 4,],]"), Matrix([[1, 2], [3, 4]]))
        assertBitwiseEqual(literalValue("2.5"), Matrix(scalar: 2.5))
        assertBitwiseEqual(literalValue("[7]"), Matrix(scalar: 7))
        assertBitwiseEqual(literalValue("[[1, 2, 3]].T"), Matrix([[1], [2], [3]]))
        assertBitwiseEqual(literalValue("[1 -1]"), Matrix([[1, -1]]))
        assertBitwiseEqual(literalValue("[\n[1, 2],\n\n[3, 4]\n]"), Matrix([[1, 2], [3, 4]]))
    }

    func testNpArraySpellings() {
        let m = Matrix([[1, 2], [3, 4]])
        for text in ["np.array([[1, 2], [3, 4]])", "numpy.array([[1, 2], [3, 4]])", "array([[1, 2], [3, 4]])",
                     "np.array([[1, 2], [3, 4]], dtype=float)", "np.array([[1, 2], [3, 4]], dtype=np.float64)",
                     "np.array([[1, 2], [3, 4]], dtype='float64')", "np.array([[1, 2], [3, 4]],)",
                     "np.array( [[1, 2],\n [3, 4]] , dtype = float )", "np.array([[1, 3], [2, 4]]).T"] {
            assertBitwiseEqual(literalValue(text), m)
        }
        assertBitwiseEqual(literalValue("np.array(5)"), Matrix(scalar: 5))
    }

    /// numpy 2 prints scalars as `np.float64(x)` and float32 arrays with their dtype: both paste.
    func testNumpyTwoReprsPaste() {
        assertBitwiseEqual(literalValue("np.float64(0.675140853824121)"), Matrix(scalar: 0.675140853824121))
        assertBitwiseEqual(literalValue("numpy.float64(-1e-05)"), Matrix(scalar: -1e-05))
        assertBitwiseEqual(literalValue("np.int64(7)"), Matrix(scalar: 7))
        assertBitwiseEqual(literalValue("np.int64(2.7)"), Matrix(scalar: 2))
        // float32 values are what a float32 array holds: the nearest float32, widened.
        assertBitwiseEqual(literalValue("np.float32(0.1)"), Matrix(scalar: Double(Float(0.1))))
        assertBitwiseEqual(literalValue("array([0.1, 0.25], dtype=float32)"),
                           Matrix([[Double(Float(0.1)), 0.25]]))
        assertBitwiseEqual(literalValue("np.array([[1, 2]], dtype=np.int32)"), Matrix([[1, 2]]))
        assertBitwiseEqual(literalValue("array([[1.5], [2.]], dtype='<f8')"), Matrix([[1.5], [2]]))
        XCTAssertEqual(parsed("expect J np.float64(0.675140853824121)"),
                       .expect(.J, .literal(Matrix(scalar: 0.675140853824121)), atol: nil, rtol: nil))
    }

    /// float32 rounds as IEEE does: past its range a value is inf, as in numpy, which a literal may not hold.
    func testFloat32Overflow() {
        XCTAssertEqual(parseError("x = np.float32(1e39)"), .float32Overflow("1e+39", at: SourcePosition(column: 15)))
        XCTAssertEqual(parseError("x = array([1, -3.4e39], dtype=float32)"),
                       .float32Overflow("-3.4e+39", at: SourcePosition(column: 10)))
        let largest = Matrix(scalar: Double(Float.greatestFiniteMagnitude))
        assertBitwiseEqual(literalValue("np.float32(3.4028235e38)"), largest)
        assertBitwiseEqual(literalValue("np.float32(3.40282356e38)"), largest)   // under half a step past it: rounds down
    }

    // MARK: - Errors

    func testLiteralErrors() {
        XCTAssertEqual(parseError("M = []"), .emptyMatrix(at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("M = [[1], []]"), .emptyMatrix(at: SourcePosition(column: 11)))
        XCTAssertEqual(parseError("M = [[1, 2], [3]]"), .raggedRows(row: 2, count: 1, expected: 2, at: SourcePosition(column: 14)))
        XCTAssertEqual(parseError("M = [[1], [2], [3, 4]]"),
                       .raggedRows(row: 3, count: 2, expected: 1, at: SourcePosition(column: 16)))
        XCTAssertEqual(parseError("M = [[1, 2], 3]"), .mixedRowsAndNumbers(at: SourcePosition(column: 14)))
        XCTAssertEqual(parseError("M = [1, [2]]"), .mixedRowsAndNumbers(at: SourcePosition(column: 9)))
        XCTAssertEqual(parseError("M = [[[1]]]"), .tooManyDimensions(at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("M = [[1, 2]"), .unclosedBracket("[", at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("M = [[1, 2"), .unclosedBracket("[", at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("M = [1,,2]"), .unexpected(",", expected: .literalElement, at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("M = [,1]"), .unexpected(",", expected: .literalElement, at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("M = [1-1]"), .unexpected("-", expected: .literalElement, at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("M = [1, W1]"), .unexpected("W1", expected: .literalElement, at: SourcePosition(column: 9)))
        // numpy's summary of a large array: the error explains the `...`, not a bare '.'.
        XCTAssertEqual(parseError("M = [[1. 2. ... 9.]]"), .summarizedArray(at: SourcePosition(column: 13)))
        XCTAssertEqual(parseError("M = [[1., ..., 9.]]"), .summarizedArray(at: SourcePosition(column: 11)))
        XCTAssertEqual(parseError("M = [1 . 2]"), .unexpected(".", expected: .literalElement, at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("M = [1, 2]]"), .extraInput("]", after: "M = [1, 2]", at: SourcePosition(column: 11)))
    }

    func testNpArrayErrors() {
        XCTAssertEqual(parseError("M = np.array([[1]], dtype=complex)"),
                       .unsupportedDtype("complex", at: SourcePosition(column: 27)))
        XCTAssertEqual(parseMessage("M = np.array([[1]], dtype=np.float16)"),
                       "nnstep matrices hold float64 numbers, so dtype=np.float16 (at column 27) is not supported; "
                       + "drop it or write dtype=float (float32 and integer types are read too)")
        XCTAssertEqual(parseError("J = np.float16(0.5)"), .unknownFunction("np.float16", suggestions: ["np.float32", "np.float64"],
                                                                          at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("M = np.array([[1]], copy=True)"),
                       .unsupportedKeyword("copy", function: "np.array", at: SourcePosition(column: 21)))
        XCTAssertEqual(parseMessage("M = np.array([[1]], ndmin=2)"),
                       "np.array(…) takes no ndmin= here (at column 21); "
                       + "write np.array([[1, 2], [3, 4]]), optionally with dtype=float")
        XCTAssertEqual(parseError("M = np.array([[1]]"), .unclosedBracket("(", at: SourcePosition(column: 13)))
        XCTAssertEqual(parseError("M = np.array([[1]], [[2]])"),
                       .unexpected("[", expected: .closing(")"), at: SourcePosition(column: 21)))
        XCTAssertEqual(parsed("M = np.array(W1)"),
                       .assign(.user("M"), .call(Call(.array, [.name(.layer(.W, 1), at: Place(SourcePosition(column: 14)))],
                                                      at: Place(SourcePosition(column: 5))))))
        XCTAssertEqual(parseError("M = np.array"), .missing(.closing("("), after: "M = np.array"))
    }

    // MARK: - Whole numbers

    func testIntegerReading() {
        XCTAssertEqual(parsed("W1 = randn +3 2"), .assign(.layer(.W, 1), .generator(.randn(3, 2))))
        XCTAssertEqual(parsed("W1 = randn 1000000000 1"), .assign(.layer(.W, 1), .generator(.randn(1_000_000_000, 1))))
        XCTAssertEqual(parseError("W1 = randn 3.0 2"), .notAWholeNumber("3.0", .rows, at: SourcePosition(column: 12)))
        XCTAssertEqual(parseError("W1 = randn nan 2"), .notAWholeNumber("nan", .rows, at: SourcePosition(column: 12)))
        XCTAssertEqual(parseError("W1 = randn 3 -2"), .outOfRange("-2", .columns, at: SourcePosition(column: 14)))
        XCTAssertEqual(parseMessage("W1 = randn 3.0 2"),
                       "the number of rows must be a whole number from 1 to 1000000000; '3.0' at column 12 is not a whole number")
    }
}
