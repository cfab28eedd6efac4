import Foundation
import XCTest
import NNCore
import TestSupport
@testable import NNDatasets

/// Checks the built-in data sets against `datasets.json` (written by
/// `scripts/fixtures/datasets.py` from numpy and scikit-learn), bit for bit.
final class BuiltinDatasetTests: XCTestCase {
    struct Fixture: Decodable {
        struct Flower: Decodable {
            let x_shape: [Int]
            let x: [String]
            let y_shape: [Int]
            let y: [Int]
            let next_randn: [String]
            let linspace: [[String]]
        }
        struct Shapes: Decodable {
            let x_shape: [Int]
            let x: [String]
            let y: [Int]
            let test_x_shape: [Int]?
            let test_x: [String]?
            let test_y: [Int]?
            let next_randn: [String]
            let linspace: [[String]]?
        }
        struct SinCos: Decodable {
            let seed: UInt32
            let count: Int
            let scale: Double
            let sin: String
            let cos: String
        }
        struct Table: Decodable {
            let x_shape: [Int]
            let x_fnv1a: String
            let x_sum: String
            let columns: [String: [String]]
            let y: [Int]
            let column_max: [String]?
            let pixel_total: Int?
        }
        let numpy: String
        let flower: Flower
        let moons: Shapes
        let circles: Shapes
        let sincos: [SinCos]
        let cancer: Table
        let digits: Table
    }

    static let fixture = Fixtures.decode(Fixture.self, "datasets.json")

    func loadFixture() throws -> Fixture {
        try Fixtures.require(Self.fixture, "datasets.json")
    }

    static func bits(_ hex: [String]) -> [UInt64] { hex.map { UInt64($0, radix: 16) ?? 0 } }


    func load(_ name: String, random: inout NumpyRandom) throws -> BuiltinDataset {
        try XCTUnwrap(BuiltinDataset.load(name, random: &random), "dataset \(name) missing")
    }

    func testNamesAllLoad() throws {
        XCTAssertEqual(BuiltinDataset.names, ["xor", "flower", "cancer", "digits", "moons", "circles", "football"])
        var random = NumpyRandom(seed: 0)
        for name in BuiltinDataset.names where BuiltinDataset.fileName(of: name) == nil {
            let data = try load(name, random: &random)
            XCTAssertEqual(data.x.cols, data.y.cols, name)
            XCTAssertEqual(data.y.rows, 1, name)
            XCTAssertFalse(data.description.isEmpty, name)
        }
        XCTAssertNil(BuiltinDataset.load("iris", random: &random))
        XCTAssertNil(BuiltinDataset.load("football", random: &random))
        XCTAssertEqual(BuiltinDataset.fileName(of: "football"), "football.csv")
        XCTAssertNil(BuiltinDataset.fileName(of: "moons"))
    }

    /// Every bit of `got` against numpy's, naming the first flat indices that differ.
    func assertBits(_ got: Matrix, _ shape: [Int], _ hex: [String], _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual([got.rows, got.cols], shape, what, file: file, line: line)
        let want = Self.bits(hex)
        let ours = got.storage.map(\.bitPattern)
        let wrong = zip(ours, want).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        XCTAssertEqual(ours.count, want.count, what, file: file, line: line)
        XCTAssertTrue(wrong.isEmpty, "\(what) differs from numpy at flat indices \(wrong.prefix(10)) (\(wrong.count) in all)",
                      file: file, line: line)
    }
}

// MARK: - Moons and circles

extension BuiltinDatasetTests {
    func testMoonsMatchScikitLearnBits() throws {
        let expected = try loadFixture().moons
        var random = NumpyRandom(seed: 99)
        _ = random.randn(1)  // a used generator with a cached normal: moons must reseed it
        let data = try load("moons", random: &random)
        assertBits(data.x, expected.x_shape, expected.x, "moons X")
        XCTAssertEqual(data.y.storage, expected.y.map(Double.init), "moons Y")
        XCTAssertEqual([data.y.rows, data.y.cols], [1, 300])
        XCTAssertNil(data.xTest)
        XCTAssertNil(data.yTest)
        XCTAssertEqual(random.randn(3).map(\.bitPattern), Self.bits(expected.next_randn),
                       "the generator after the moons should continue as numpy's does")
    }

    func testCirclesMatchScikitLearnBits() throws {
        let expected = try loadFixture().circles
        var random = NumpyRandom(seed: 5)
        let data = try load("circles", random: &random)
        assertBits(data.x, expected.x_shape, expected.x, "circles X")
        XCTAssertEqual(data.y.storage, expected.y.map(Double.init), "circles Y")
        let xTest = try XCTUnwrap(data.xTest), yTest = try XCTUnwrap(data.yTest)
        assertBits(xTest, try XCTUnwrap(expected.test_x_shape), try XCTUnwrap(expected.test_x), "circles X_test")
        XCTAssertEqual(yTest.storage, try XCTUnwrap(expected.test_y).map(Double.init), "circles Y_test")
        XCTAssertEqual(random.randn(3).map(\.bitPattern), Self.bits(expected.next_randn),
                       "the generator after the circles should continue as numpy's does")
    }

    func testLinspaceWithoutEndpointMatchesNumpyBits() throws {
        let expected = try XCTUnwrap(try loadFixture().circles.linspace)
        for (k, count) in [150, 50].enumerated() {
            let ours = BuiltinDataset.linspace(0, 2 * Double.pi, count: count, endpoint: false)
            XCTAssertEqual(ours.map(\.bitPattern), Self.bits(expected[k]), "linspace(0, 2π, \(count), endpoint=False)")
        }
        XCTAssertEqual(BuiltinDataset.linspace(0, 4, count: 4, endpoint: false), [0, 1, 2, 3])
        XCTAssertEqual(BuiltinDataset.linspace(2, 5, count: 1, endpoint: false), [2])
    }

    func testOddCountsPutTheExtraPointInside() {
        var random = NumpyRandom(seed: 0)
        let (_, y) = BuiltinDataset.makeMoons(7, noise: 0, random: &random)
        XCTAssertEqual(y.storage.filter { $0 == 1 }.count, 4)
        let (_, yc) = BuiltinDataset.makeCircles(5, noise: 0, random: &random)
        XCTAssertEqual(yc.storage.filter { $0 == 1 }.count, 3)
    }
}

// MARK: - Football

extension BuiltinDatasetTests {
    /// A table shaped as football.csv: row i is (i, −i, i mod 2).
    static func footballLikeTable(rows: Int = 411) -> Matrix {
        var t = Matrix.zeros(rows, 3)
        for i in 0..<rows {
            t[i, 0] = Double(i)
            t[i, 1] = -Double(i)
            t[i, 2] = Double(i % 2)
        }
        return t
    }

    func testFootballSplitsTheFirst211RowsFromTheLast200() throws {
        let data = try XCTUnwrap(BuiltinDataset.fromTable("football", Self.footballLikeTable()))
        XCTAssertEqual([data.x.rows, data.x.cols], [2, 211])
        XCTAssertEqual([data.y.rows, data.y.cols], [1, 211])
        let xTest = try XCTUnwrap(data.xTest), yTest = try XCTUnwrap(data.yTest)
        XCTAssertEqual([xTest.rows, xTest.cols], [2, 200])
        XCTAssertEqual([yTest.rows, yTest.cols], [1, 200])
        XCTAssertEqual(data.x[0, 210], 210)
        XCTAssertEqual(data.x[1, 210], -210)
        XCTAssertEqual(xTest[0, 0], 211)
        XCTAssertEqual(xTest[1, 199], -410)
        XCTAssertEqual(data.y[0, 1], 1)
        XCTAssertEqual(yTest[0, 0], 1)
        XCTAssertEqual(yTest[0, 199], 0)
    }

    func testFootballRefusesOtherTables() {
        XCTAssertNil(BuiltinDataset.fromTable("football", Self.footballLikeTable(rows: 410)))
        XCTAssertNil(BuiltinDataset.fromTable("football", Matrix.zeros(411, 2)))
        var badLabel = Self.footballLikeTable()
        badLabel[300, 2] = 2
        XCTAssertNil(BuiltinDataset.fromTable("football", badLabel))
        XCTAssertNil(BuiltinDataset.fromTable("moons", Self.footballLikeTable()))
        XCTAssertTrue(BuiltinDataset.tableText(of: "football").contains("pos_x,pos_y,team"))
    }
}

// MARK: - Flower

extension BuiltinDatasetTests {
    func testLinspaceMatchesNumpyBits() throws {
        let expected = try loadFixture().flower.linspace
        for j in 0..<2 {
            let ours = BuiltinDataset.linspace(Double(j) * 3.12, Double(j + 1) * 3.12, count: 200)
            XCTAssertEqual(ours.map(\.bitPattern), Self.bits(expected[j]), "linspace for petal \(j)")
        }
    }

    func testLinspaceSmallCounts() {
        XCTAssertEqual(BuiltinDataset.linspace(2, 5, count: 0), [])
        XCTAssertEqual(BuiltinDataset.linspace(2, 5, count: 1), [2])
        XCTAssertEqual(BuiltinDataset.linspace(2, 5, count: 4), [2, 3, 4, 5])
    }

    func testFlowerMatchesLoadPlanarDatasetBits() throws {
        let expected = try loadFixture().flower
        var random = NumpyRandom(seed: 1234)
        _ = random.randn(5)  // a used generator: flower must reseed it
        let data = try load("flower", random: &random)
        XCTAssertEqual([data.x.rows, data.x.cols], expected.x_shape)
        XCTAssertEqual([data.y.rows, data.y.cols], expected.y_shape)
        let want = Self.bits(expected.x)
        let got = data.x.storage.map(\.bitPattern)
        let wrong = zip(got, want).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        XCTAssertEqual(got.count, want.count)
        XCTAssertTrue(wrong.isEmpty, "X differs from numpy at flat indices \(wrong.prefix(10)) (\(wrong.count) in all)")
        XCTAssertEqual(data.y.storage, expected.y.map(Double.init))
        XCTAssertEqual(random.randn(3).map(\.bitPattern), Self.bits(expected.next_randn),
                       "the generator after the flower should continue as numpy's does")
    }

    /// np.sin / np.cos on float64 are the C library's, bit for bit, over many inputs.
    func testGlibcSinCosMatchNumpy() throws {
        for run in try loadFixture().sincos {
            var random = NumpyRandom(seed: run.seed)
            let x = random.rand(run.count).map { (2 * $0 - 1) * run.scale }
            XCTAssertEqual(String(fnv1a(x.map { sin($0) }), radix: 16), run.sin, "sin, seed \(run.seed)")
            XCTAssertEqual(String(fnv1a(x.map { cos($0) }), radix: 16), run.cos, "cos, seed \(run.seed)")
        }
    }
}

// MARK: - Tables from scikit-learn

extension BuiltinDatasetTests {
    func checkTable(_ name: String, _ expected: Fixture.Table) throws {
        var random = NumpyRandom(seed: 0)
        let data = try load(name, random: &random)
        XCTAssertEqual([data.x.rows, data.x.cols], expected.x_shape, name)
        XCTAssertEqual(String(fnv1a(data.x.storage), radix: 16), expected.x_fnv1a, "\(name): every bit of X")
        XCTAssertEqual(data.y.storage, expected.y.map(Double.init), "\(name): Y")
        for (key, column) in expected.columns {
            let j = try XCTUnwrap(Int(key))
            let ours = (0..<data.x.rows).map { data.x[$0, j].bitPattern }
            XCTAssertEqual(ours, Self.bits(column), "\(name): example \(j)")
        }
        XCTAssertEqual(data.x.sum().bitPattern, Self.bits([expected.x_sum])[0], "\(name): np.sum(X)")
    }

    func testCancerEqualsScikitLearn() throws {
        let expected = try loadFixture().cancer
        try checkTable("cancer", expected)
        var random = NumpyRandom(seed: 0)
        let x = try load("cancer", random: &random).x
        let maxima = (0..<x.rows).map { i in (0..<x.cols).map { x[i, $0] }.max() ?? 0 }
        XCTAssertEqual(maxima.map(\.bitPattern), Self.bits(expected.column_max ?? []), "per-feature maxima")
        XCTAssertEqual(expected.y.filter { $0 == 0 }.count, 212, "212 malignant (label 0)")
    }

    func testDigitsEqualsScikitLearn() throws {
        let expected = try loadFixture().digits
        try checkTable("digits", expected)
        var random = NumpyRandom(seed: 0)
        let x = try load("digits", random: &random).x
        XCTAssertEqual(x.storage.reduce(0, +), Double(try XCTUnwrap(expected.pixel_total)), "pixel total")
        XCTAssertEqual(x.storage.min(), 0)
        XCTAssertEqual(x.storage.max(), 16)
    }

    func testTablesDoNotTouchTheGenerator() throws {
        var random = NumpyRandom(seed: 7)
        _ = try load("cancer", random: &random)
        _ = try load("digits", random: &random)
        _ = try load("xor", random: &random)
        var fresh = NumpyRandom(seed: 7)
        XCTAssertEqual(random.randn(4), fresh.randn(4))
    }
}
