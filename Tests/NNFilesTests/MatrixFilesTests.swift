import Foundation
import NNCore
import XCTest
@testable import NNFiles

/// Dispatch by extension, layout rules, limits, and the atomic save.
final class MatrixFilesTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "nnstep-files-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        chmod(directory, 0o755)
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Loading

    func testEveryFixtureLoadsAndEveryMalformedOneFails() {
        XCTAssertGreaterThan(FileFixtures.arrays.count, 50)
        for name in FileFixtures.arrays.keys.sorted() { assertFixtureLoads(name) }
        for name in FileFixtures.errors.keys.sorted() { assertFixtureFails(name) }
    }

    func testExampleArraysBecomeOneColumnPerExample() throws {
        // (3, 2, 2, 3) uint8 ↦ 12 × 3, as X.reshape(3, -1).T; C and Fortran files agree.
        let c = try MatrixFiles.load(path: FileFixtures.path("examples4-C.npy"), key: "examples4-C")
        let f = try MatrixFiles.load(path: FileFixtures.path("examples4-F.npy"), key: "examples4-F")
        XCTAssertEqual(c.rows, 12)
        XCTAssertEqual(c.cols, 3)
        XCTAssertEqual(c, f)
        let scalar = try MatrixFiles.load(path: FileFixtures.path("scalar.npy"))
        XCTAssertEqual(scalar.first?.matrix.shape.rows, 1)
        XCTAssertEqual(scalar.first?.matrix.shape.cols, 1)
    }

    func testFormatAndStem() throws {
        XCTAssertEqual(try MatrixFiles.format(of: "a/b/W1.NPY"), .npy)
        XCTAssertEqual(try MatrixFiles.format(of: "x.hdf5"), .hdf5)
        XCTAssertEqual(try MatrixFiles.format(of: "t.tsv"), .text)
        XCTAssertThrowsError(try MatrixFiles.format(of: "dir.npz/README")) { error in
            XCTAssertEqual(error as? FileError, .unknownFormat(path: "dir.npz/README", ext: ""))
        }
        XCTAssertEqual(MatrixFiles.stem(of: "data/W1.npy"), "W1")
        XCTAssertEqual(MatrixFiles.stem(of: "a.b.csv"), "a.b")
        XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path("vector.npy"), key: "W1")) { error in
            XCTAssertEqual((error as? FileError).map(caseName), "missingKey")
        }
    }

    func testLimitIsCheckedBeforeAllocating() {
        let path = FileFixtures.path("examples4-C.npy")
        XCTAssertThrowsError(try MatrixFiles.load(path: path, limit: 35)) { error in
            XCTAssertEqual(error as? FileError, .tooLarge(path: path, array: "", shape: [3, 2, 2, 3],
                                                          bytes: 288, limitBytes: 280))
            XCTAssertEqual((error as? FileError)?.message,
                           "\(path): shape (3, 2, 2, 3) needs 288 bytes as float64, "
                           + "over the limit of 280 bytes; load a smaller slice")
        }
        XCTAssertNoThrow(try MatrixFiles.load(path: path, limit: 36))
        XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path("params-compressed.npz"), key: "zeros", limit: 1999))
    }

    // MARK: - Saving

    func testSaveNpzAndNpyReadBackBitExactly() throws {
        let items = try fixtureMatrices()
        let npz = directory + "/params.npz"
        try MatrixFiles.save(path: npz, items)
        let loaded = try MatrixFiles.load(path: npz)
        XCTAssertEqual(loaded.map(\.name), items.map(\.name))
        for (got, want) in zip(loaded, items) { assertBitEqual(got.matrix, want.matrix, want.name) }

        let npy = directory + "/W1.npy"
        try MatrixFiles.save(path: npy, [items[0]])
        assertBitEqual(try MatrixFiles.load(path: npy, key: "W1"), items[0].matrix, "W1.npy")
        XCTAssertEqual(try listing(), ["W1.npy", "params.npz"], "no temporary files are left")
    }

    func testSavedFilesAreReadByNumpy() throws {
        let items = try fixtureMatrices()
        let npz = directory + "/saved.npz"
        let npy = directory + "/saved.npy"
        try MatrixFiles.save(path: npz, items)
        try MatrixFiles.save(path: npy, [items[1]])
        // The same members with every size and offset in zip64 fields, as past 4 GiB.
        let zip64 = directory + "/zip64.npz"
        var writer = ZipWriter(zip64Threshold: 0)
        for item in items { writer.addStored(name: "z64_" + item.name + ".npy", data: NpyFormat.encode(item.matrix)) }
        try AtomicWrite.replace(path: zip64, with: writer.finish())
        let script = """
            import json, sys, numpy as np
            def entry(a):
                return [a.dtype.str, list(a.shape), ["%016x" % v for v in a.reshape(-1).view(np.uint64)]]
            out = {}
            for path in (sys.argv[1], sys.argv[3]):
                with np.load(path) as z:
                    for k in z.files:
                        out[k] = entry(z[k])
            out["npy"] = entry(np.load(sys.argv[2]))
            print(json.dumps(out))
            """
        let result = try runPython(script, arguments: [npz, npy, zip64])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: [Any]])
        XCTAssertEqual(json.count, 2 * items.count + 1)
        for (name, matrix) in items + items.map({ ("z64_" + $0.name, $0.matrix) }) + [("npy", items[1].matrix)] {
            let entry = try XCTUnwrap(json[name], name)
            XCTAssertEqual(entry[0] as? String, "<f8", name)
            XCTAssertEqual(entry[1] as? [Int], [matrix.rows, matrix.cols], name)
            XCTAssertEqual(entry[2] as? [String],
                           matrix.storage.map { String(format: "%016llx", $0.bitPattern) }, name)
        }
    }

    func testFailedSaveLeavesTheOldFileIntact() throws {
        let path = directory + "/keep.npz"
        try MatrixFiles.save(path: path, [("old", Matrix([[1, 2]]))])
        let before = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let big = Matrix(rows: 100, cols: 100, repeating: 0.5)

        // 1. The write itself fails part-way: the file-size limit makes write() return EFBIG.
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        var small = saved
        small.rlim_cur = 4096
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small)
        let failure = Result { () throws(FileError) in try MatrixFiles.save(path: path, [("new", big)]) }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, oldHandler)
        guard case let .failure(error) = failure else { return XCTFail("save under a 4 KiB file-size limit succeeded") }
        XCTAssertEqual(caseName(error), "cannotWrite", error.message)
        XCTAssertEqual(FileManager.default.contents(atPath: path), before)
        XCTAssertEqual(try listing(), ["keep.npz"], "the temporary file is removed")

        // 2. Refused before writing: the target is a directory.
        let dirTarget = directory + "/occupied.npz"
        try FileManager.default.createDirectory(atPath: dirTarget + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try MatrixFiles.save(path: dirTarget, [("new", big)])) { error in
            XCTAssertEqual(error as? FileError, .notRegularFile(path: dirTarget, kind: "a directory"))
        }
        XCTAssertEqual(try listing(), ["keep.npz", "occupied.npz"])

        // 3. Refused before writing: a .npy holds exactly one matrix.
        let npy = directory + "/one.npy"
        try MatrixFiles.save(path: npy, [("a", big)])
        let npyBefore = FileManager.default.contents(atPath: npy)
        XCTAssertThrowsError(try MatrixFiles.save(path: npy, [("a", big), ("b", big)])) { error in
            XCTAssertEqual((error as? FileError).map(caseName), "cannotSave")
        }
        XCTAssertThrowsError(try MatrixFiles.save(path: directory + "/dup.npz", [("a", big), ("a", big)]))
        XCTAssertThrowsError(try MatrixFiles.save(path: directory + "/t.csv", [("a", big)]))
        XCTAssertEqual(FileManager.default.contents(atPath: npy), npyBefore)
    }

    func testSaveIntoAnUnwritableDirectoryFails() throws {
        guard geteuid() != 0 else { throw XCTSkip("running as root: directory permissions do not stop root's writes") }
        let path = directory + "/keep.npy"
        try MatrixFiles.save(path: path, [("a", Matrix([[1]]))])
        let before = FileManager.default.contents(atPath: path)
        chmod(directory, 0o555)
        XCTAssertThrowsError(try MatrixFiles.save(path: path, [("a", Matrix([[2]]))])) { error in
            XCTAssertEqual((error as? FileError).map(caseName), "cannotWrite")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), before)
    }

    func testSaveKeepsAnExistingFilesPermissions() throws {
        let path = directory + "/mode.npy"
        try MatrixFiles.save(path: path, [("a", Matrix([[1]]))])
        chmod(path, 0o640)
        try MatrixFiles.save(path: path, [("a", Matrix([[2]]))])
        var info = stat()
        stat(path, &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
    }

    // MARK: - Helpers

    /// A mix of shapes and awkward values, taken from numpy-written fixtures.
    private func fixtureMatrices() throws -> [(name: String, matrix: Matrix)] {
        var items = try MatrixFiles.load(path: FileFixtures.path("params.npz"))
        items.append(("f8", try MatrixFiles.load(path: FileFixtures.path("dtype-f8-be-F.npy"), key: "dtype-f8-be-F")))
        return items
    }

    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    /// Runs a python3 that has numpy (the first on PATH, then the usual places), or skips the test saying why.
    private func runPython(_ script: String, arguments: [String]) throws -> String {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
            + ["/usr/local/bin/python3", "/usr/bin/python3"]
        let installed = candidates.filter { FileManager.default.isExecutableFile(atPath: $0) }
        guard !installed.isEmpty else { throw XCTSkip("python3 is not installed: numpy cannot check the saved files") }
        guard let python = installed.first(where: { (try? run($0, ["-c", "import numpy"]).status) == 0 }) else {
            throw XCTSkip("no python3 on this machine has numpy (\(installed.joined(separator: ", "))): "
                          + "it cannot check the saved files")
        }
        let result = try run(python, ["-c", script] + arguments)
        XCTAssertEqual(result.status, 0, result.errors)
        return result.output
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }
}

/// Shapes with a zero, negative or huge dimension, refused before any product of them is formed.
final class ArrayShapeTests: XCTestCase {
    func testZeroAndHugeDimensionsAreRefusedWithTheAxis() {
        XCTAssertEqual(try ArrayShape.elementCount([3, 4], path: "p", array: ""), 12)
        XCTAssertEqual(try ArrayShape.elementCount([], path: "p", array: ""), 1)
        XCTAssertEqual(try ArrayShape.elementCount([1 << 30, 1 << 30, 1 << 30], path: "p", array: ""), Int.max)
        for (shape, axis) in [([1_000_000_000_000_000, 0, 1], 0), ([0, 1 << 62, 1 << 62], 0), ([2, -1], 1), ([1, 1 << 31], 1)] {
            XCTAssertThrowsError(try ArrayShape.elementCount(shape, path: "p", array: "a")) { error in
                XCTAssertEqual(error as? FileError, .badShape(path: "p", array: "a", shape: shape, axis: axis))
            }
        }
        XCTAssertEqual(FileError.badShape(path: "h.npy", array: "", shape: [5, 0, 1], axis: 1).message,
                       "h.npy: shape (5, 0, 1) has 0 along axis 1: an empty array has no matrix; "
                       + "save an array with every dimension at least 1")
    }

    func testAnEmptyArrayInEveryFormatGivesTheSameError() {
        for name in ["bad-empty-huge.npy", "bad-empty-huge.npz", "bad-empty-huge.h5"] {
            XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path(name))) { error in
                XCTAssertEqual((error as? FileError).map(caseName), "badShape", name)
            }
        }
    }
}
