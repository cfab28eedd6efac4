import Glibc
import XCTest
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage
import NNCore
import NNFiles

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
            shell.execute("load \(hostileFixture(name))", location: "t:1")
            XCTAssertFalse(output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, output.debugDescription)
            XCTAssertTrue(output.contains("is loaded as"), output)
            for loaded in shell.matrixNames { XCTAssertEqual(ArrayName.cleaned(loaded), loaded) }
        }
        XCTAssertTrue(error("load \(hostileFixture("hostile-unnamed.npz"))").contains("empty name"))
    }

    // MARK: - Budgets

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
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        var streamed = try ScriptReader.open(file).get()
        var count = 0
        while case let .line(line) = streamed.readLine(prompt: "") {
            XCTAssertEqual(line, want[count])
            count += 1
        }
        XCTAssertEqual(count, want.count)
    }
}

/// A script that shrinks while it is read ends with an error naming it, not a quiet end.
final class ScriptReadErrorTests: XCTestCase {
    func testAScriptThatShrinksWhileReadIsAnError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-shrink-\(UUID()).nnscript").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(String(repeating: "show W1\n", count: 40_000).utf8)))
        var reader = try ScriptReader.open(file).get()
        XCTAssertEqual(reader.readLine(prompt: ""), .line("show W1"))
        XCTAssertEqual(truncate(file, 100), 0)
        while case .line = reader.readLine(prompt: "") {}
        XCTAssertTrue(reader.failure?.contains("shrank") ?? false, "\(String(describing: reader.failure))")

        // Through the shell: the lines read so far run, then the error, and the status is 1.
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(String(repeating: "show W1\n", count: 40_000).utf8)))
        var streamed = try ScriptReader.open(file).get()
        XCTAssertEqual(truncate(file, 16), 0)
        var output = ""
        let shell = Shell()
        shell.write = { output += $0 }
        XCTAssertEqual(shell.run(&streamed, source: file), 1)
        XCTAssertTrue(output.contains("error: ") && output.contains("shrank"), String(output.suffix(300)))
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
}

/// A crash inside libhdf5 while nnstep reads a file in its child process (as the executable does).
final class HDF5CrashTests: XCTestCase {
    override func setUpWithError() throws {
        let build = Fixtures.repository().appendingPathComponent(".build").path
        guard let reader = ["debug", "release"].map({ build + "/" + $0 + "/nnstep" }).first(where: { access($0, X_OK) == 0 })
        else { throw XCTSkip("nnstep is not built: swift build --product nnstep") }
        HDF5Child.executable = reader
    }

    override func tearDown() {
        HDF5Child.executable = nil
    }

    func testACrashInTheLibraryIsAnErrorAndTheSessionGoesOn() throws {
        let crashes = Fixtures.tests().appendingPathComponent("fuzz/file-regressions/h5").path
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

/// A file that `scripts/fixtures/files.py` wrote into the file formats' fixtures.
private func hostileFixture(_ name: String) -> String {
    Fixtures.tests().appendingPathComponent("NNFilesTests/Fixtures/files/\(name)").path
}
