import Glibc
import XCTest
@testable import NNShell
import NNCore

/// Files built to attack the loaders and the process edges: FIFOs, budgets, huge text,
/// names and cells that would reach the terminal. Each gets one clear error, and the
/// session keeps its state.
final class HostileFileTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-hostile-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// What `line` prints in a default shell, checking that it is an error and the state is unchanged.
    func error(_ line: String, file: StaticString = #filePath, at: UInt = #line) -> String {
        var output = ""
        let shell = Shell()
        shell.write = { output += $0 }
        let before = shell.session.state
        shell.execute(line, location: "test:1")
        XCTAssertTrue(output.hasPrefix("error: "), "\(line) printed \(output.prefix(300))", file: file, line: at)
        XCTAssertTrue(shell.session.state == before, "\(line) changed the session", file: file, line: at)
        return output
    }

    // MARK: - Files that are not regular

    func testAFifoIsRefusedWithoutBlocking() throws {
        for name in ["p.npy", "p.npz", "p.csv", "p.h5", "p.nnscript"] {
            XCTAssertEqual(mkfifo(path(name), 0o600), 0)
            let started = Date()
            let command = name.hasSuffix(".nnscript") ? "run \(path(name))" : "load \(path(name))"
            XCTAssertTrue(error(command).contains("not a regular file: a FIFO"), name)
            XCTAssertLessThan(Date().timeIntervalSince(started), 2, name)
        }
        XCTAssertTrue(error("load \(directory!)/.npy").contains("cannot open"))
        XCTAssertTrue(error("load /dev/null.npy").contains("cannot open"))
    }

    // MARK: - Names

    func testNamesFromFilesReachTheTerminalEscapedAndLoadAsIdentifiers() {
        for name in ["hostile-names.npz", "hostile-names.h5"] {
            var output = ""
            let shell = Shell()
            shell.write = { output += $0 }
            shell.execute("load \(FileFixtures.path(name))", location: "t:1")
            XCTAssertFalse(output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, output.debugDescription)
            XCTAssertTrue(output.contains("is loaded as"), output)
            for loaded in shell.matrixNames { XCTAssertEqual(ArrayName.cleaned(loaded), loaded) }
        }
        XCTAssertTrue(error("load \(FileFixtures.path("hostile-unnamed.npz"))").contains("empty name"))
    }

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

    func testMaxElementsIsBoundedByPhysicalMemory() {
        let s = Session()
        XCTAssertTrue(sessionMessage(s, "set max-elements 9223372036854775807").contains("physical memory"))
        XCTAssertEqual(s.state.maxElements, SessionState.defaultMaxElements)
        XCTAssertLessThanOrEqual(s.state.loadBudget, MemoryLimit.sessionElements)
    }

    // MARK: - Text read a line at a time

    func testAScriptFileIsReadAsTheSameLinesAsItsText() throws {
        // Lines straddle the 64 KiB pieces; CRLF, invalid UTF-8 and no final newline.
        var bytes: [UInt8] = []
        var want: [String] = []
        for k in 0..<20_000 {
            want.append(k % 7 == 0 ? "# c \(k)" : "show b\(k % 4)")
            bytes += Array(want[k].utf8) + (k % 7 == 0 ? [0x0D, 0x0A] : [0x0A])
        }
        bytes += [0xFF, 0x41, 0x0A, 0x0A] + Array("last".utf8)
        want += ["\u{FFFD}A", "", "last"]
        let file = path("s.nnscript")
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        var streamed = try ScriptReader.open(file).get()
        var count = 0
        while case let .line(line) = streamed.readLine(prompt: "") {
            XCTAssertEqual(line, want[count])
            count += 1
        }
        XCTAssertEqual(count, want.count)
    }
}

/// File text on its way to the terminal: names become identifiers, quoted text is escaped and cut.
final class FileTextTests: XCTestCase {
    func testNamesFromFilesBecomeIdentifiers() {
        XCTAssertEqual(ArrayName.cleaned("W1"), "W1")
        XCTAssertEqual(ArrayName.cleaned("group/sub/Z"), "group_sub_Z")
        XCTAssertEqual(ArrayName.cleaned("a\u{1B}[2J\u{7}\n"), "a__2J__")
        XCTAssertEqual(ArrayName.cleaned("2nd"), "_2nd")
        XCTAssertNil(ArrayName.cleaned(""))
        XCTAssertEqual(ArrayName.cleaned(String(repeating: "x", count: 1000))?.count, ArrayName.maxLength)
    }

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

    func testErrorsComeBackInWords() {
        XCTAssertThrowsError(try MatrixFiles.load(path: FileFixtures.path("bad-garbage.h5"))) { error in
            XCTAssertTrue((error as? FileError)?.message.hasSuffix("not an HDF5 file") ?? false, "\(error)")
        }
    }

    func testACrashInTheLibraryIsAnErrorAndTheSessionGoesOn() throws {
        let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fuzz/file-regressions/h5").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: crashes)) ?? []
        XCTAssertFalse(names.isEmpty)
        for name in names where name.hasSuffix(".h5") {
            let s = Session()
            let before = s.state
            let message = sessionMessage(s, "load \(crashes)/\(name)")
            XCTAssertFalse(message.isEmpty, name)
            XCTAssertTrue(s.state == before)
        }
    }
}
