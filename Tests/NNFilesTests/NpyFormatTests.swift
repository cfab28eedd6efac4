import NNCore
import XCTest
@testable import NNFiles

/// .npy reading for every dtype, byte order and memory order numpy writes; byte-exact writing.
final class NpyFormatTests: XCTestCase {
    func testEveryNpyFixtureLoadsBitExactly() {
        let names = FileFixtures.arrays.keys.filter { $0.hasSuffix(".npy") }.sorted()
        XCTAssertGreaterThan(names.count, 40, "expected.json lists the .npy fixtures")
        for name in names { assertFixtureLoads(name) }
    }

    func testEveryDtypeIsCovered() {
        let names = Set(FileFixtures.arrays.keys)
        for code in ["f2", "f4", "f8", "i2", "i4", "i8", "u2", "u4", "u8"] {
            for order in ["le", "be"] {
                XCTAssertTrue(names.contains("dtype-\(code)-\(order)-C.npy"), code)
                XCTAssertTrue(names.contains("dtype-\(code)-\(order)-F.npy"), code)
            }
        }
        for code in ["i1", "u1", "b1"] { XCTAssertTrue(names.contains("dtype-\(code)-na-F.npy"), code) }
    }

    func testEncodeMatchesNpSaveByteForByte() throws {
        let cases = try XCTUnwrap(FileFixtures.expected["npy_bytes"] as? [String: [String: Any]])
        XCTAssertEqual(cases.count, 22)
        for (label, entry) in cases {
            let matrix = try XCTUnwrap((entry["matrix"] as? [Any]).flatMap(FileFixtures.matrix), label)
            let hex = try XCTUnwrap(entry["bytes"] as? String)
            let got = NpyFormat.encode(matrix).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            XCTAssertEqual(got, hex, label)
        }
    }

    func testEncodeThenParseRoundTrips() throws {
        let m = Matrix([[1.5, -0.0, .infinity], [.nan, .leastNonzeroMagnitude, -2]])
        let bytes = NpyFormat.encode(m)
        let header = try NpyFormat.parseHeader(bytes, path: "m.npy", array: "m")
        XCTAssertEqual(header.shape, [2, 3])
        XCTAssertEqual(header.dataOffset % NpyFormat.alignment, 0)
        let values = NpyFormat.decode(header, bytes: bytes, start: header.dataOffset)
        XCTAssertEqual(values.map(\.bitPattern), m.storage.map(\.bitPattern))
    }

    func testHeaderParserAcceptsPythonLiteralVariants() {
        var p = NpyHeaderParser(text: Array("{\"descr\": \"<i8\", 'shape': (3L, 4L,), 'fortran_order': True}  \n".utf8))
        XCTAssertEqual(p.parseDictionary(),
                       ["descr": .string("<i8"), "shape": .tuple([3, 4]), "fortran_order": .bool(true)])
        var empty = NpyHeaderParser(text: Array("{'shape': (), }".utf8))
        XCTAssertEqual(empty.parseDictionary(), ["shape": .tuple([])])
        var structured = NpyHeaderParser(text: Array("{'descr': [('a', '<f8'), ('b', '<i4')], }".utf8))
        XCTAssertEqual(structured.parseDictionary(), ["descr": .other("[('a', '<f8'), ('b', '<i4')]")])
        for bad in ["", "{", "{'a': 1}", "{'a': (1, 2}", "{'a': True, 'a': False}", "{'a': (99999999999999999999,)}",
                    "{'a': 'x\\'y'}", "{'a': True} junk", "{'a': [(}"] {
            var q = NpyHeaderParser(text: Array(bad.utf8))
            XCTAssertNil(q.parseDictionary(), bad)
        }
    }

    func testDescrParsing() throws {
        func parse(_ d: String) throws(FileError) -> NpyHeader.Kind { try NpyFormat.parseDescr(d, path: "p", array: "a").0 }
        XCTAssertEqual(try parse("<f2"), .float)
        XCTAssertEqual(try parse(">u8"), .unsigned)
        XCTAssertEqual(try parse("=i4"), .signed)
        XCTAssertEqual(try parse("|b1"), .bool)
        for bad in ["<c16", "<U5", "|S7", "<M8[ns]", "<f16", "<f3", "f8", "", "<", "|V8", "<i16"] {
            XCTAssertThrowsError(try parse(bad), bad) { error in
                XCTAssertEqual(caseName(error as! FileError), "unsupportedDtype", bad)
            }
        }
        XCTAssertThrowsError(try parse("|O")) { XCTAssertEqual(caseName($0 as! FileError), "objectArray") }
    }

    func testHalfWideningMatchesIEEE() {
        // Every finite half equals its value computed from the definition; nan keeps its payload.
        for bits in 0...UInt16.max {
            let got = ElementDecoder.widen(half: bits)
            let e = Int((bits >> 10) & 0x1F), f = Double(bits & 0x3FF), s: Double = bits >> 15 == 1 ? -1 : 1
            switch e {
            case 0: XCTAssertEqual(got.bitPattern, (s * f * 0x1p-24).bitPattern)
            case 31 where f == 0: XCTAssertEqual(got, s * .infinity)
            case 31: XCTAssertTrue(got.isNaN); XCTAssertEqual(got.bitPattern >> 42 & 0x3FF, UInt64(bits & 0x3FF))
            default: XCTAssertEqual(got, s * (1 + f / 1024) * Double(sign: .plus, exponent: e - 15, significand: 1))
            }
        }
    }

    func testMalformedNpyFilesGiveTheirErrors() {
        let names = FileFixtures.errors.keys.filter { $0.hasSuffix(".npy") }.sorted()
        XCTAssertGreaterThan(names.count, 10)
        for name in names { assertFixtureFails(name) }
    }

    func testEveryTruncationOfAnNpyFileFailsCleanly() throws {
        let path = FileFixtures.path("dtype-f8-le-C.npy")
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let dir = NSTemporaryDirectory() + "nnstep-npy-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for cut in 0..<bytes.count {
            let cutPath = dir + "/cut.npy"
            _ = FileManager.default.createFile(atPath: cutPath, contents: bytes.prefix(cut))
            XCTAssertThrowsError(try MatrixFiles.load(path: cutPath), "cut at \(cut)")
        }
    }
}
