import XCTest
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// Every malformed line of Tests/bad-input/lines.txt, and generated ones too
/// large to commit, gives an error message and leaves the session as it was.
final class BadInputTests: XCTestCase {
    /// The corpus, with `\xHH` decoded to the byte HH and `\n` to a newline.
    static func corpusLines() throws -> [String] {
        let url = Fixtures.tests().appendingPathComponent("bad-input/lines.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("# ") }.map { decode(String($0)) }
    }

    static func decode(_ line: String) -> String {
        var bytes: [UInt8] = []
        let u = Array(line.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "\\"), i + 1 < u.count, u[i + 1] == UInt8(ascii: "n") {
                bytes.append(10)
                i += 2
            } else if u[i] == UInt8(ascii: "\\"), i + 3 < u.count, u[i + 1] == UInt8(ascii: "x"),
                      let b = UInt8(String(decoding: u[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                bytes.append(b)
                i += 4
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `line` in `shell` and checks: one error message, the state unchanged.
    func assertRefused(_ line: String, in shell: Shell, file: StaticString = #filePath, line number: UInt = #line) {
        var output = ""
        shell.write = { output += $0 }
        let before = shell.session.state
        shell.execute(line, location: "bad-input")
        let shown = line.count > 80 ? String(line.prefix(80)) + "… (\(line.utf8.count) bytes)" : line
        XCTAssertTrue(output.hasPrefix("error: "), "no error for \(shown.debugDescription): \(output.prefix(300))",
                      file: file, line: number)
        XCTAssertGreaterThan(output.count, "error: ".count + 5, "empty message for \(shown.debugDescription)",
                             file: file, line: number)
        XCTAssertTrue(shell.session.state == before, "\(shown.debugDescription) changed the session",
                      file: file, line: number)
    }

    func testCorpusHasEnoughLines() throws {
        XCTAssertGreaterThanOrEqual(try BadInputTests.corpusLines().count, 300)
    }

    func testEveryCorpusLineIsRefusedAndChangesNothing() throws {
        let shell = Shell()
        for line in try BadInputTests.corpusLines() {
            assertRefused(line, in: shell)
        }
    }

    /// On a session without a network some lines are fine; none may crash, and
    /// any that fails must leave the session as it was.
    func testCorpusOnAnEmptySession() throws {
        let shell = Shell(session: Session(empty: ()))
        for line in try BadInputTests.corpusLines() {
            var output = ""
            shell.write = { output += $0 }
            let before = shell.session.state
            shell.execute(line, location: "bad-input")
            if output.hasPrefix("error: ") {
                XCTAssertTrue(shell.session.state == before, "\(line.debugDescription) changed the empty session")
            }
            shell.session.state = before
        }
    }

    func testDeepBrackets() {
        let shell = Shell()
        for depth in [10_000, 100_000] {
            assertRefused("foo = " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth), in: shell)
            assertRefused("foo = " + String(repeating: "[", count: depth), in: shell)
            assertRefused("foo = " + String(repeating: "]", count: depth), in: shell)
            assertRefused("net " + String(repeating: "[", count: depth) + "2 1", in: shell)
            assertRefused("foo = np.array(" + String(repeating: "(", count: depth), in: shell)
            assertRefused("foo = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth), in: shell)
            assertRefused("foo = " + String(repeating: "np.exp(", count: depth) + "1" + String(repeating: ")", count: depth), in: shell)
            assertRefused("foo = " + String(repeating: "-", count: depth) + "1", in: shell)
            assertRefused("foo = 1" + String(repeating: " + 1", count: depth), in: shell)
            assertRefused("foo = 2" + String(repeating: " ** 2", count: depth), in: shell)
            assertRefused("foo = W1" + String(repeating: ".T", count: depth), in: shell)
            assertRefused("foo = W1" + String(repeating: "[0]", count: depth), in: shell)
            assertRefused("expect W1 " + String(repeating: "(", count: depth) + "W1", in: shell)
        }
    }

    func testMegabyteLines() {
        let shell = Shell()
        let megabyte = 1 << 20
        let lines = [
            String(repeating: "x", count: megabyte),
            "W1 = [[" + String(repeating: "1, ", count: megabyte / 3) + "1]]",
            "foo = [" + String(repeating: "1 ", count: megabyte / 2) + "]]",
            "net " + String(repeating: "1 ", count: megabyte / 2) + "x",
            "show " + String(repeating: "W9 ", count: megabyte / 3),
            "foo = [[1, 2], [" + String(repeating: "3, ", count: megabyte / 3) + "4]]",
            String(repeating: "\u{FFFD}", count: megabyte / 3),
            String(repeating: "#", count: 1) + String(repeating: "[", count: megabyte) + "\n]",
            "load " + String(repeating: "a", count: megabyte) + ".npz",
            "foo = 1" + String(repeating: "0", count: megabyte),
            "W1[0,0] = 0." + String(repeating: "1", count: megabyte) + "x",
        ]
        for line in lines {
            let start = Date()
            assertRefused(line, in: shell)
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "a 1 MB line took too long: \(line.prefix(40))")
        }
    }

    func testLimitAppliesToEveryPathAndNamesBytes() {
        let shell = Shell()
        var output = ""
        shell.write = { output += $0 }
        shell.execute("set max-elements 100", location: "t")
        for line in ["foo = randn 11 10", "foo = rand 101 1", "foo = zeros 1 101", "foo = ones 20 20",
                     "net 2 101 1", "net 200 1", "dataset flower", "dataset digits",
                     "foo = [" + Array(repeating: "1", count: 101).joined(separator: ", ") + "]"] {
            output = ""
            let before = shell.session.state
            shell.execute(line, location: "t")
            XCTAssertTrue(output.contains("too large"), "\(line.prefix(40)): \(output)")
            XCTAssertTrue(output.contains("bytes"), "\(line.prefix(40)): \(output)")
            XCTAssertTrue(shell.session.state == before)
        }
        // A matrix made under a larger limit is not copied or transposed past the new one.
        shell.execute("set max-elements 1000", location: "t")
        shell.execute("foo = zeros 20 20", location: "t")
        shell.execute("set max-elements 100", location: "t")
        for line in ["bar = foo.T", "bar = foo", "bar = foo * 2"] {
            output = ""
            shell.execute(line, location: "t")
            XCTAssertTrue(output.contains("too large"), "\(line): \(output)")
        }
        // Caches: Z[l] is n[l] × m even when W and X fit.
        shell.execute("set max-elements 1000", location: "t")
        for line in ["net 2 30 1", "X = zeros 2 40", "Y = zeros 1 40", "set max-elements 1000"] {
            shell.execute(line, location: "t")
        }
        for line in ["forward", "train 1 0.1", "predict", "gradcheck"] {
            output = ""
            shell.execute(line, location: "t")
            XCTAssertTrue(output.contains("too large") && output.contains("30×40"), "\(line): \(output)")
        }
        output = ""
        shell.execute("foo = zeros 1000000 1000000", location: "t")
        XCTAssertTrue(output.contains("8000000000000 bytes"), output)
    }

    func testDefaultLimitIsAFractionOfMemory() {
        let limit = SessionState.defaultMaxElements
        XCTAssertGreaterThanOrEqual(limit, 1 << 20)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        XCTAssertLessThanOrEqual(limit * 8, pages * pageSize)
    }
}
