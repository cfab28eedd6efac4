import Foundation
import Glibc
import NNCore
import TestSupport
import XCTest
@testable import NNFiles

/// Files built to attack the loaders: storage outside the file, deep nesting, damaged
/// number types, zip bombs, and text that would reach the terminal raw. Each gets one
/// clear error.
final class HostileFileTests: XCTestCase {
    // MARK: - HDF5

    func testAnEnumIsReadAsItsIntegerValues() throws {
        XCTAssertEqual(try MatrixFiles.load(path: FileFixtures.path("enum.h5"), key: "e").storage, [0, 1, 2, 1])
    }

    func testStorageOutsideTheFileIsNeverOpened() throws {
        for (name, words) in [("hostile-external.h5", "external storage"), ("hostile-virtual.h5", "virtual dataset")] {
            XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path(name)), name) { error in
                XCTAssertTrue((error as? FileError)?.message.contains(words) ?? false, "\(error)")
            }
        }
        // An external link is not a dataset of this file: only `ok` is listed.
        let linked = try MatrixFiles.load(path: FileFixtures.path("hostile-link.h5"))
        XCTAssertEqual(linked.map(\.name), ["ok"])
    }

    func testDeepNestingAndDamagedNumberTypesAreRefused() {
        for (name, words) in [("hostile-nested.h5", "nested"), ("bad-precision-over.h5", "does not fit"),
                              ("bad-precision-zero.h5", "does not fit")] {
            let started = Date()
            XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path(name)), name) { error in
                XCTAssertTrue((error as? FileError)?.message.contains(words) ?? false, "\(name): \(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 2, name)
        }
    }

    // MARK: - Budgets

    func testAZipBombIsRefusedBeforeAnyMemberIsInflated() {
        let bomb = FileFixtures.path("bomb.npz")
        let started = Date()
        XCTAssertThrowsError(try MatrixFiles.load(path: bomb, limit: 10_000_000)) { error in
            XCTAssertEqual((error as? FileError).map(caseName), "tooLargeInTotal")
            XCTAssertTrue((error as? FileError)?.message.contains("load one array by name") ?? false)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(try MatrixFiles.load(path: bomb, key: "a3", limit: 10_000_000).count, 1 << 21)
    }

    // MARK: - Text on its way to the terminal

    func testQuotedTextIsEscapedAndCut() {
        XCTAssertEqual(QuotedText.escaped("a\u{1B}[2Jb\n\u{7}"), "a\\x1b[2Jb\\n\\x07")
        XCTAssertEqual(QuotedText.escaped("µ-ok"), "µ-ok")
        let cell = String(repeating: "9x", count: 2_500_000)
        let message = FileError.nonNumericCell(path: "t.csv", row: 1, column: 1, cell: cell).message
        XCTAssertLessThan(message.count, 120)
        XCTAssertTrue(message.contains("…"))
        let dtype = FileError.unsupportedDtype(path: "t.npy", array: "", dtype: "<\u{1B}]0;owned\u{7}").message
        XCTAssertFalse(dtype.unicodeScalars.contains { $0.value < 0x20 }, dtype)
    }
}

/// .h5 files read by the built nnstep in a child process, as the executable does.
final class HDF5ChildTests: XCTestCase {
    /// `.build/debug/nnstep` (or release) beside the test bundle, or the test is skipped.
    static var reader: String? {
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build").path
        return ["debug", "release"].map { build + "/" + $0 + "/nnstep" }.first { access($0, X_OK) == 0 }
    }

    override func setUpWithError() throws {
        guard let reader = Self.reader else { throw XCTSkip("nnstep is not built: swift build --product nnstep") }
        HDF5Child.executable = reader
    }

    override func tearDown() {
        HDF5Child.executable = nil
        HDF5Child.timeoutSeconds = 60
    }

    func testTheChildReadsWhatTheLibraryReads() throws {
        XCTAssertEqual(try MatrixFiles.load(path: FileFixtures.path("enum.h5"), key: "e").storage, [0, 1, 2, 1])
        let all = try MatrixFiles.load(path: FileFixtures.path("data.h5"))
        HDF5Child.executable = nil
        let direct = try MatrixFiles.load(path: FileFixtures.path("data.h5"))
        XCTAssertEqual(all.map(\.name), direct.map(\.name))
        for (a, b) in zip(all, direct) { assertBitEqual(a.matrix, b.matrix, a.name) }
    }

    /// Ctrl-C ends the read: the child is killed and reaped, and nothing is loaded.
    func testAnInterruptStopsTheRead() {
        HDF5Child.consumeInterrupt = { true }
        defer { HDF5Child.consumeInterrupt = { false } }
        let path = FileFixtures.path("data.h5")
        XCTAssertThrowsError(try MatrixFiles.load(path: path)) { error in
            XCTAssertEqual(error as? FileError, .hdf5Interrupted(path: path))
            XCTAssertTrue((error as? FileError)?.message.hasPrefix("load interrupted") ?? false, "\(error)")
        }
    }

    /// A reader past its time is stopped and said to be slow, not called a damaged file.
    func testATimeoutIsNotACrash() {
        HDF5Child.timeoutSeconds = 0
        let path = FileFixtures.path("data.h5")
        XCTAssertThrowsError(try MatrixFiles.load(path: path)) { error in
            XCTAssertEqual(error as? FileError, .hdf5TimedOut(path: path, seconds: 0))
            XCTAssertFalse((error as? FileError)?.message.contains("damaged") ?? true, "\(error)")
        }
    }

    func testErrorsComeBackInWords() {
        XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path("bad-garbage.h5"))) { error in
            XCTAssertTrue((error as? FileError)?.message.hasSuffix("not an HDF5 file") ?? false, "\(error)")
        }
    }
}
