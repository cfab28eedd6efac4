import XCTest
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage
import NNCore

/// Malformed scripts, unwritable saves, recursion, interrupts, numerical
/// faults and the fuzz regressions, each at the level of a whole session.
final class ReliabilityTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-reliability-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.removeItem(at: directory)
    }

    /// A shell whose output is collected into `output`.
    func shell(_ output: UnsafeMutablePointer<String>) -> Shell {
        let shell = Shell(options: Shell.Options(color: false, echo: true))
        shell.write = { output.pointee += $0 }
        return shell
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Runs a script file in a fresh shell: its status, its output, and whether the state is the default one.
    func runScript(_ bytes: [UInt8], name: String = "s.nnscript") throws -> (status: Int32, output: String, unchanged: Bool) {
        let path = try write(name, bytes)
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        let before = shell.session.state
        let status = shell.runFile(path: path)
        return (status, output, shell.session.state == before)
    }

    // MARK: - Malformed scripts

    func testScriptWithNulByte() throws {
        let r = try runScript(Array("forward\0\nshow\n".utf8))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("error: "), r.output)
        XCTAssertTrue(r.unchanged)
    }

    func testScriptWithInvalidUTF8() throws {
        let r = try runScript(Array("net 2 ".utf8) + [0xFF, 0xC3, 0x28] + Array(" 1\nfoo\u{FFFD} = 1\n".utf8) + [0xED, 0xA0, 0x80, 10])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("error: "), r.output)
        XCTAssertTrue(r.unchanged)
    }

    func testScriptWithUnclosedBracketAtEOF() throws {
        let r = try runScript(Array("W1 = [[1, 2],\n  [3, 4],\n".utf8))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("error: ") && r.output.contains("["), r.output)
        XCTAssertTrue(r.unchanged)
    }

    func testScriptWithTenMegabyteLine() throws {
        let line = "foo = [" + String(repeating: "1, ", count: 10 << 20 / 3) + "1"
        let start = Date()
        let r = try runScript(Array((line + "\nshow\n").utf8))
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("error: "))
        XCTAssertTrue(r.unchanged)
    }

    func testScriptOfManyContinuationLinesIsLinear() throws {
        let text = "foo = [\n" + String(repeating: "1,\n", count: 200_000) + "1]\n"
        let start = Date()
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        shell.execute("set max-elements 1000000", location: "t")
        _ = shell.runFile(path: try write("long.nnscript", Array(text.utf8)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        XCTAssertEqual(shell.session.state.store[.user("foo")]?.cols, 200_001)
    }

    func testScriptThatIsNotText() throws {
        let r = try runScript((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) }, name: "binary.nnscript")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.unchanged)
    }

    // MARK: - Recursion and interrupts

    func testScriptThatRunsItselfIsRefused() throws {
        let a = directory.appendingPathComponent("a.nnscript").path
        let b = directory.appendingPathComponent("b.nnscript").path
        try Data("seed 3\nrun \(b)\n".utf8).write(to: URL(fileURLWithPath: a))
        try Data("run ./../\(directory.lastPathComponent)/a.nnscript\n".utf8).write(to: URL(fileURLWithPath: b))
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        XCTAssertEqual(shell.runFile(path: a), 1)
        XCTAssertTrue(output.contains("already running"), output)
        let direct = try write("self.nnscript", Array("run self.nnscript\n".utf8))
        output = ""
        XCTAssertEqual(shell.runFile(path: direct), 1)
        XCTAssertTrue(output.contains("already running"), output)
    }

    func testAChainOfScriptsStopsAtTheDepthLimit() throws {
        for k in 0..<40 {
            _ = try write("chain\(k).nnscript", Array("run chain\(k + 1).nnscript\n".utf8))
        }
        _ = try write("chain40.nnscript", Array("seed 1\n".utf8))
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        XCTAssertEqual(shell.runFile(path: directory.appendingPathComponent("chain0.nnscript").path), 1)
        XCTAssertTrue(output.contains("scripts are already running 32 levels deep"), output)
    }

    func testTrainPollsTheInterruptEveryIteration() {
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        Interrupt.request()
        shell.execute("train 1000000000 0.1", location: "t")
        XCTAssertTrue(output.contains("interrupted after iteration 0 of 1000000000"), output)
        XCTAssertFalse(Interrupt.isRequested)
    }

    func testAnUnansweredInterruptSkipsTheRestOfAReplay() throws {
        let path = try write("two.nnscript", Array("forward\nshow W1\n".utf8))
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        Interrupt.request()
        XCTAssertEqual(shell.runFile(path: path), 1)
        XCTAssertEqual(output, "note: interrupted: the rest of \(path) is skipped\n")
        XCTAssertFalse(Interrupt.isRequested)
    }

    // MARK: - Saving

    func testSaveIntoUnwritablePlacesFailsAndKeepsTheOldFile() throws {
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        let missing = directory.appendingPathComponent("no/such/dir").path
        for line in ["save \(missing)/x.npz", "save \(missing)/x.npy W1", "save \(missing)/x.nnscript"] {
            output = ""
            shell.execute(line, location: "t")
            XCTAssertTrue(output.contains("error: "), "\(line): \(output)")
        }
        let npz = directory.appendingPathComponent("x.npz").path
        let script = directory.appendingPathComponent("x.nnscript").path
        shell.execute("save \(npz)", location: "t")
        shell.execute("save \(script)", location: "t")
        let oldNpz = try Data(contentsOf: URL(fileURLWithPath: npz))
        let oldScript = try Data(contentsOf: URL(fileURLWithPath: script))
        shell.execute("foo = randn 100 100", location: "t")
        shell.execute("W1 = randn 4 2", location: "t")
        // A full disk: writes past 4 KiB fail with EFBIG (even for root).
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var old = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &old)
        var small = old
        small.rlim_cur = 4096
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &small)
        output = ""
        shell.execute("save \(npz)", location: "t")
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &old)
        signal(SIGXFSZ, oldHandler)
        XCTAssertTrue(output.contains("error: "), output)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: npz)), oldNpz)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
        if getuid() != 0 {
            // An unwritable directory (root writes into any).
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
            for line in ["save \(npz)", "save \(script)"] {
                output = ""
                shell.execute(line, location: "t")
                XCTAssertTrue(output.contains("error: "), "\(line): \(output)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: npz)), oldNpz)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: script)), oldScript)
    }

    func testSaveOverADirectoryOrDeviceFails() throws {
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        let dir = directory.appendingPathComponent("d.npz")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let scriptDir = directory.appendingPathComponent("d.nnscript")
        try FileManager.default.createDirectory(at: scriptDir, withIntermediateDirectories: true)
        for line in ["save \(dir.path)", "save \(scriptDir.path)", "save /proc/version.npz"] {
            output = ""
            let before = shell.session.state
            shell.execute(line, location: "t")
            XCTAssertTrue(output.contains("error: "), "\(line): \(output)")
            XCTAssertTrue(shell.session.state == before)
        }
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    // MARK: - Numerical faults

    func testFirstNonFiniteValueIsNamedWithItsCause() {
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        shell.execute("net 2 1:linear", location: "t")
        shell.execute("W1 = [[1e200, 1e200]]", location: "t")
        shell.execute("X = [[1e200, 2], [3, 4]]", location: "t")
        shell.execute("Y = [[1, 0]]", location: "t")
        output = ""
        shell.execute("forward", location: "t")
        XCTAssertTrue(output.contains("note: Z1[0,0] is inf: W1·X + b1 overflowed"), output)

        shell.execute("net 2 1", location: "t")
        shell.execute("X = [[1, 2], [3, 4]]", location: "t")
        shell.execute("W1 = [[1e200, 1e200]]", location: "t")
        shell.execute("forward", location: "t")
        output = ""
        shell.execute("cost", location: "t")
        // A1 = [[1, 1]] exactly: 0·log 0 counts as 0 (the course's nansum), log(1 − 1) on y = 0 does not.
        XCTAssertTrue(output.contains("note: J is inf: log(0)"), output)
        XCTAssertTrue(output.contains("note: dA1 is not finite at [0,0], [0,1], where A1 is exactly 0 or 1"), output)
        output = ""
        shell.execute("backward", location: "t")
        XCTAssertTrue(output.contains("dZ1 = A1 − Y at [0,0], [0,1], where dA1 is not finite"), output)
        XCTAssertFalse(output.contains("nan"), output)

        shell.execute("net 2 1:tanh", location: "t")
        shell.execute("loss bce", location: "t")
        shell.execute("W1 = [[1e200, 1e200]]", location: "t")
        shell.execute("forward", location: "t")
        shell.execute("cost", location: "t")
        output = ""
        shell.execute("backward", location: "t")
        XCTAssertTrue(output.contains("note: dZ1[0,0] is nan: it comes from dA1[0,0], which is already nan"), output)

        shell.execute("W1 = [[0.1, 0.1]]", location: "t")
        shell.execute("forward", location: "t")
        shell.execute("cost", location: "t")
        shell.execute("backward", location: "t")
        shell.execute("dW1 = [[1e10, 1e10]]", location: "t")
        output = ""
        shell.execute("step 1e308", location: "t")
        XCTAssertTrue(output.contains("the update exploded: the learning rate α = 1e+308 is too large"), output)
    }

    func testNonFiniteCausesForEverySlot() {
        let state = Session().state
        for name: MatrixName in [.J, .layer(.Z, 1), .layer(.A, 1), .layer(.dA, 3), .layer(.dA, 1), .layer(.dZ, 2),
                                 .layer(.dW, 1), .layer(.db, 1), .layer(.W, 1), .layer(.b, 2)] {
            XCTAssertFalse(state.nonFiniteCause(name, value: .nan).isEmpty, "\(name)")
        }
    }

    func testExpectNeverPassesNanAgainstANumber() {
        var output = ""
        let shell = withUnsafeMutablePointer(to: &output) { self.shell($0) }
        shell.session.state.store.set(.user("foo"), Matrix([[Double.nan, 1]]))
        shell.execute("expect foo [[1, 1]]", location: "t")
        XCTAssertTrue(output.contains("FAIL") || output.contains("✗"), output)
        XCTAssertTrue(shell.session.expectFailed)
        output = ""
        shell.execute("expect foo [[nan, 1]]", location: "t")
        XCTAssertTrue(output.contains("error: "), output)
        shell.session.state.store.set(.user("bar"), Matrix([[Double.infinity]]))
        output = ""
        shell.execute("expect bar 1e308 atol 1e308", location: "t")
        XCTAssertFalse(output.contains("PASS"), output)
    }

    // MARK: - Fuzz inputs

    /// The fuzz target's regressions and seed corpus, replayed as the fuzzer
    /// runs them (small limits), in a scratch directory.
    func testFuzzRegressionsAndCorpusReplay() throws {
        let root = Fixtures.tests().appendingPathComponent("fuzz")
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        var count = 0
        for folder in ["regressions", "corpus"] {
            let dir = root.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
                let text = String(decoding: try Data(contentsOf: dir.appendingPathComponent(file)), as: UTF8.self)
                let shell = Shell(options: Shell.Options(color: false, echo: true))
                shell.write = { _ in }
                shell.execute("set max-elements 4096", location: "fuzz")
                var reader = ScriptReader(text: text)
                _ = shell.run(&reader, source: file)
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 5)
    }
}
