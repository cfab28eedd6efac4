import Foundation
import NNCore
import XCTest
@testable import NNFiles

/// Reading np.savez / np.savez_compressed archives and writing stored ones (ZipArchive, ZipWriter).
final class ZipArchiveTests: XCTestCase {
    func testSavezAndSavezCompressedLoadBitExactly() {
        assertFixtureLoads("params.npz")
        assertFixtureLoads("params-compressed.npz")
    }

    func testMembersAreListedWithMethodsAndSizes() throws {
        let stored = try ZipArchive(file: ReadableFile(path: FileFixtures.path("params.npz")))
        let deflated = try ZipArchive(file: ReadableFile(path: FileFixtures.path("params-compressed.npz")))
        let names = ["W1.npy", "b1.npy", "y.npy", "X.npy", "zeros.npy", "noise.npy", "J.npy"]
        XCTAssertEqual(stored.members.map(\.name), names)
        XCTAssertEqual(deflated.members.map(\.name), names)
        XCTAssertTrue(stored.members.allSatisfy { $0.method == 0 })
        XCTAssertTrue(deflated.members.allSatisfy { $0.method == 8 })
        let zeros = try XCTUnwrap(deflated.member(named: "zeros.npy"))
        XCTAssertLessThan(zeros.compressedSize, zeros.uncompressedSize / 10)
    }

    func testLoadByKeyWithOrWithoutSuffix() throws {
        let path = FileFixtures.path("params-compressed.npz")
        let want = try XCTUnwrap(FileFixtures.arrays["params-compressed.npz"]?["noise"].flatMap(FileFixtures.matrix))
        assertBitEqual(try MatrixFiles.load(path: path, key: "noise"), want, "noise")
        assertBitEqual(try MatrixFiles.load(path: path, key: "noise.npy"), want, "noise.npy")
        XCTAssertThrowsError(try MatrixFiles.load(path: path, key: "W2")) { error in
            XCTAssertEqual(error as? FileError, .missingKey(path: path, key: "W2",
                                                           available: ["W1", "b1", "y", "X", "zeros", "noise", "J"]))
            XCTAssertEqual((error as? FileError)?.message,
                           "\(path): no array named 'W2'; available: W1, b1, y, X, zeros, noise, J")
        }
    }

    func testMalformedArchivesGiveTheirErrors() {
        let names = FileFixtures.errors.keys.filter { $0.hasSuffix(".npz") }.sorted()
        XCTAssertEqual(names.count, 6)
        for name in names { assertFixtureFails(name) }
    }

    func testCrcErrorNamesTheMember() throws {
        let member = try XCTUnwrap(FileFixtures.expected["bad_crc_member"] as? String)
        XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path("bad-crc.npz"))) { error in
            guard case let .crcMismatch(_, name, expected, found)? = error as? FileError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(name, member + ".npy")
            XCTAssertNotEqual(expected, found)
        }
    }

    func testEveryTruncationAndByteFlipOfAnArchiveFailsOrLoadsWithoutTrapping() throws {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: FileFixtures.path("params-compressed.npz")))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/damaged.npz"
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            _ = FileManager.default.createFile(atPath: path, contents: bytes.prefix(cut))
            XCTAssertThrowsError(try MatrixFiles.load(path: path), "cut at \(cut)")
        }
        var flipped = [UInt8](bytes)
        for k in stride(from: 0, to: bytes.count, by: 13) {
            flipped[k] ^= 0xA5
            _ = FileManager.default.createFile(atPath: path, contents: Data(flipped))
            _ = try? MatrixFiles.load(path: path)   // must not trap; a flip in unused bytes may still load
            flipped[k] ^= 0xA5
        }
    }

    func testWriterOutputReadsBack() throws {
        var writer = ZipWriter()
        let payloads: [(String, [UInt8])] = [("a.npy", [1, 2, 3]), ("empty.npy", []), ("µ.npy", Array(repeating: 7, count: 1000))]
        for (name, data) in payloads { writer.addStored(name: name, data: data) }
        let archive = try readBack(writer.finish())
        XCTAssertEqual(archive.members.map(\.name), payloads.map(\.0))
        for (member, (_, data)) in zip(archive.members, payloads) {
            XCTAssertEqual(try archive.data(of: member, maxBytes: 1 << 20), data)
        }
    }

    func testWriterZip64FieldsReadBack() throws {
        // A threshold of 0 puts every size and offset in zip64 extras and writes the zip64 end records,
        // as a member or an archive past 4 GiB would.
        var writer = ZipWriter(zip64Threshold: 0)
        writer.addStored(name: "x.npy", data: [9, 8, 7])
        writer.addStored(name: "y.npy", data: Array(repeating: 1, count: 300))
        let bytes = writer.finish()
        let archive = try readBack(bytes)
        XCTAssertEqual(archive.members.map(\.uncompressedSize), [3, 300])
        XCTAssertEqual(try archive.data(of: archive.members[1], maxBytes: 300), Array(repeating: 1, count: 300))
        XCTAssertThrowsError(try archive.data(of: archive.members[1], maxBytes: 299))
    }

    // MARK: - Helpers

    private func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "nnstep-zip-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `bytes` to a temporary file and opens it as an archive (the file stays open through `ReadableFile`).
    private func readBack(_ bytes: [UInt8]) throws -> ZipArchive {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/w.zip"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try ZipArchive(file: ReadableFile(path: path))
    }
}
