import Foundation
import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `PythonString.literal`, the one routine through which foreign text reaches an export:
/// each class of character and its escape, the output in printable ASCII, and Python's own
/// parser reading every literal back as the text it came from.
final class PythonStringTests: XCTestCase {
    func testEachClassOfCharacterHasItsEscape() {
        let cases: [(String, String)] = [
            ("data.npz", #""data.npz""#),
            ("a b#c", #""a b#c""#),                                  // spaces and # are text inside a string
            ("\\", #""\\""#),
            ("\"", #""\"""#),
            ("'", #""\'""#),
            ("'''\"\"\"", #""\'\'\'\"\"\"""#),
            ("\n", #""\n""#), ("\r", #""\r""#), ("\t", #""\t""#),
            ("\u{0}", #""\x00""#), ("\u{1}", #""\x01""#), ("\u{1B}[2J", #""\x1b[2J""#), ("\u{1F}", #""\x1f""#),
            ("\u{7F}", #""\x7f""#),                                 // DEL
            ("\u{80}\u{85}\u{9B}\u{9F}", #""\x80\x85\x9b\x9f""#),   // C1, NEL and CSI among them
            ("café", #""caf\xe9""#),
            ("\u{2028}\u{2029}", #""\u2028\u2029""#),              // Unicode's line and paragraph separators
            ("\u{202E}\u{FEFF}\u{FFFD}", #""\u202e\ufeff\ufffd""#), // bidi override, BOM, replacement
            ("😀", #""\U0001f600""#),
            ("x); import os; os.system(\"touch MARK\"); (", #""x); import os; os.system(\"touch MARK\"); (""#),
        ]
        for (text, literal) in cases {
            XCTAssertEqual(PythonString.literal(text), literal, text.debugDescription)
        }
    }

    func testTheLiteralIsPrintableASCIIOnOneLine() {
        var all = ""
        for v in UInt32(0)...0x10FFFF {
            if let u = Unicode.Scalar(v), v < 0x3000 || v % 97 == 0 { all.unicodeScalars.append(u) }
        }
        let literal = PythonString.literal(all)
        XCTAssertTrue(literal.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "only printable ASCII")
        XCTAssertTrue(literal.hasPrefix("\"") && literal.hasSuffix("\""))
    }

    /// Python reads each literal back as the text it came from (skipped without python3).
    func testPythonReadsEveryLiteralBack() throws {
        let texts = ["plain", "a\rimport os; os.system('touch MARK')", "\n#\n", "\u{2028}x\u{2029}",
                     "'''", "\"\"\"", "\\N{BULLET}", "\\x41", "\u{0}\u{1}\u{7F}\u{85}\u{9B}", "café/é.npz",
                     "\u{1B}]52;c;aGk=\u{7}", "\u{202E}gnp.exe", "😀\u{10FFFF}", String(repeating: "long/", count: 400),
                     "x); import os; os.system(\"touch MARK\"); ("]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-pystring-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // One literal per line; Python prints each parsed string's code points, one line each.
        let source = texts.map(PythonString.literal).joined(separator: "\n") + "\n"
        let file = dir.appendingPathComponent("literals.py")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let check = "import ast, sys\n"
            + "tree = ast.parse(open(sys.argv[1], encoding='ascii').read())\n"
            + "assert all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) for s in tree.body)\n"
            + "for s in tree.body: print(' '.join(str(ord(c)) for c in s.value.value))\n"
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", check, file.path]
        let pipe = Pipe()
        python.standardOutput = pipe
        do {
            try python.run()
        } catch {
            throw XCTSkip("python3 is not available")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0, "Python parses the literals")
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        XCTAssertEqual(lines, texts.map { $0.unicodeScalars.map { String($0.value) }.joined(separator: " ") })
    }
}
