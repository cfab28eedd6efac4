import Foundation
import NNCore
import XCTest
import TestSupport
@testable import NNFiles

/// HDF5 datasets through libhdf5: nested groups, dtypes, the course's cat / non-cat data.
final class HDF5FileTests: XCTestCase {
    func testNumericDatasetsLoadBitExactly() {
        assertFixtureLoads("data.h5")
    }

    func testDatasetsAreNamedByPathAtAnyDepth() throws {
        let path = FileFixtures.path("data.h5")
        XCTAssertEqual(try HDF5File.datasetNames(path: path),
                       ["X", "big", "flags", "group/sub/Z", "group/y", "half", "names", "scalar"])
        let want = try XCTUnwrap(FileFixtures.arrays["data.h5"]?["group/y"].flatMap(FileFixtures.matrix))
        assertBitEqual(try MatrixFiles.load(path: path, key: "group/y"), want, "group/y")
        assertBitEqual(try MatrixFiles.load(path: path, key: "/group/y"), want, "/group/y")
    }

    func testStringDatasetIsRefusedByKeyAndSkippedOtherwise() {
        let path = FileFixtures.path("data.h5")
        XCTAssertThrowsError(try MatrixFiles.load(path: path, key: "names")) { error in
            XCTAssertEqual(caseName(error as! FileError), "notNumeric")
        }
        XCTAssertThrowsError(try MatrixFiles.load(path: path, key: "nope")) { error in
            guard case let .missingKey(_, key, available)? = error as? FileError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "nope")
            XCTAssertTrue(available.contains("group/sub/Z"))
        }
    }

    func testMalformedFilesGiveTheirErrors() {
        assertFixtureFails("bad-garbage.h5")
        assertFixtureFails("bad-truncated.h5")
        XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path("missing.h5"))) { error in
            XCTAssertEqual(caseName(error as! FileError), "cannotOpen")
        }
    }

    func testTruncatedAndDamagedCopiesFailWithoutTrapping() throws {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: FileFixtures.path("data.h5")))
        let dir = NSTemporaryDirectory() + "nnstep-h5-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/damaged.h5"
        for cut in stride(from: 0, to: bytes.count, by: bytes.count / 40) {
            _ = FileManager.default.createFile(atPath: path, contents: bytes.prefix(cut))
            XCTAssertThrowsError(try MatrixFiles.load(path: path), "cut at \(cut)")
        }
        var flipped = [UInt8](bytes)
        for k in stride(from: 0, to: bytes.count, by: 61) {
            flipped[k] ^= 0x3C
            _ = FileManager.default.createFile(atPath: path, contents: Data(flipped))
            _ = try? MatrixFiles.load(path: path)   // must not trap; flips in unused bytes may still load
            flipped[k] ^= 0x3C
        }
    }

    func testLimitRefusesBeforeReading() {
        let path = FileFixtures.path("data.h5")
        XCTAssertThrowsError(try MatrixFiles.load(path: path, key: "group/sub/Z", limit: 11)) { error in
            XCTAssertEqual(error as? FileError, .tooLarge(path: path, array: "group/sub/Z", shape: [2, 2, 3],
                                                          bytes: 96, limitBytes: 88))
        }
    }

    func testCourseCatDataSet() throws {
        let path = Fixtures.sharedDatasets + "/catvnoncat/train_catvnoncat.h5"
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("\(path) is absent (the course's data set lives in ../shared beside the repository)")
        }
        let want = try XCTUnwrap(FileFixtures.expected["catvnoncat"] as? [String: [String: Any]],
                                 "expected.json has no catvnoncat values: rerun scripts/make-fixtures with ../shared present")
        let x = try MatrixFiles.load(path: path, key: "train_set_x")
        let wx = try XCTUnwrap(want["train_set_x"])
        XCTAssertEqual(x.rows, wx["rows"] as? Int)
        XCTAssertEqual(x.cols, wx["cols"] as? Int)
        XCTAssertEqual((x.rows, x.cols).0, 12288)
        XCTAssertEqual(x.cols, 209)
        for sample in try XCTUnwrap(wx["samples"] as? [[Double]]) {
            XCTAssertEqual(x[Int(sample[0]), Int(sample[1])], sample[2], "X[\(Int(sample[0])), \(Int(sample[1]))]")
        }
        // Pixel values are integers, so every summation order gives the exact total.
        XCTAssertEqual(x.storage.reduce(0, +), (wx["sum"] as? NSNumber)?.doubleValue)
        let columnSums = try XCTUnwrap(wx["column_sums"] as? [Int])
        var sums = [Double](repeating: 0, count: x.cols)
        for i in 0..<x.rows { for j in 0..<x.cols { sums[j] += x[i, j] } }
        XCTAssertEqual(sums, columnSums.map(Double.init))

        let y = try MatrixFiles.load(path: path, key: "train_set_y")
        let wy = try XCTUnwrap(want["train_set_y"])
        XCTAssertEqual(y.rows, 1)
        XCTAssertEqual(y.cols, 209)
        XCTAssertEqual(y.storage, try XCTUnwrap(wy["values"] as? [Int]).map(Double.init))

        let all = try MatrixFiles.load(path: path)
        XCTAssertEqual(all.map(\.name), ["train_set_x", "train_set_y"], "list_classes holds strings and is skipped")
    }
}
