import XCTest
import NNCore
import TestSupport
@testable import NNFiles

/// `CsvFormat.encode`: what it writes reads back bit for bit through nnstep's own reader
/// (strtod, as numpy's loadtxt parses), whatever the doubles.
final class CsvWriterTests: XCTestCase {
    /// Swift's shortest round-trip spelling, standing in for the shell's numpy repr.
    private let number: (Double) -> String = { String($0) }

    func testLayout() {
        let m = Matrix([[0.5, 1, -2e-7], [3, 0, -0.0]])
        XCTAssertEqual(String(decoding: CsvFormat.encode(m, number: number), as: UTF8.self),
                       "0.5,1.0,-2e-07\n3.0,0.0,-0.0\n")
        let special = Matrix([[Double.nan, .infinity, -.infinity]])
        XCTAssertEqual(String(decoding: CsvFormat.encode(special, number: number), as: UTF8.self), "nan,inf,-inf\n")
    }

    func testRandomBitPatternsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [5e-324, -5e-324, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.1, 1e16, 1e-4, 123456789012345678]
        while values.count < 3000 {
            let x = Double(bitPattern: generator.next())
            if x.isFinite { values.append(x) }
        }
        let m = Matrix(rows: 1000, cols: 3, storage: values)
        let back = try CsvFormat.parse(CsvFormat.encode(m, number: number), path: "m.csv", limit: 1 << 20)
        XCTAssertEqual(back.rows, 1000)
        XCTAssertEqual(back.cols, 3)
        for (a, b) in zip(m.storage, back.storage) where a.bitPattern != b.bitPattern {
            XCTFail("\(a) read back as \(b)")
            return
        }
    }

    func testRowsAndColumnsKeepTheirShape() throws {
        for m in [Matrix([[1, 2, 3]]), Matrix([[1], [2], [3]]), Matrix(scalar: -0.25)] {
            let back = try CsvFormat.parse(CsvFormat.encode(m, number: number), path: "v.csv", limit: 100)
            XCTAssertEqual(back, m)
        }
    }

    func testSaveNeedsACsvName() {
        XCTAssertThrowsError(try MatrixFiles.saveCsv(path: "/tmp/x.npz", Matrix(scalar: 1), number: number))
    }
}
