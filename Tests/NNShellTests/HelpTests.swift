import Foundation
import XCTest
@testable import NNShell

final class HelpTests: XCTestCase {
    private var docs: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/commands.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    func testEveryCommandWordHasAHelpEntry() {
        for word in Parser.commandNames {
            let out = Help.text(for: word)
            let text = texts(out)
            XCTAssertFalse(text.hasPrefix("no command called"), "help \(word): \(text)")
            XCTAssertGreaterThanOrEqual(out.count, 2, word)
        }
    }

    func testEveryCommandWordIsInTheDocs() {
        let docs = self.docs
        XCTAssertFalse(docs.isEmpty, "docs/commands.md not found")
        for word in Parser.commandNames {
            XCTAssertTrue(docs.contains("`\(word)"), "docs/commands.md does not mention `\(word)`")
        }
    }

    func testEveryHelpEntryIsACommand() {
        for entry in Help.entries where entry.name != "=" {
            XCTAssertTrue(Parser.commandNames.contains(entry.name), entry.name)
        }
        XCTAssertEqual(Set(Help.entries.map(\.name)).count, Help.entries.count, "an entry appears twice")
    }

    func testTheListHasOneLinePerEntry() {
        let out = Help.text(for: nil)
        XCTAssertEqual(out.count, Help.entries.count + 1)
        let text = texts(out)
        for entry in Help.entries {
            XCTAssertTrue(text.contains("\n  \(entry.name) "), entry.name)
        }
    }

    func testUsageLinesParse() {
        // Every concrete usage example (without placeholders) is a valid command.
        for example in ["net 2 4 3 1", "net 2 4:relu 3:tanh 1:sigmoid", "dataset xor", "forward all", "cost",
                        "backward all", "show params", "show grads", "diagram", "plot cost", "plot boundary",
                        "gradcheck", "undo", "redo", "history", "reset", "help", "quit", "exit"] {
            XCTAssertNotNil(parsed(example), example)
        }
    }

    func testUnknownTopicSuggestsTheClosest() {
        XCTAssertEqual(texts(Help.text(for: "forwrd")),
                       "no command called forwrd (did you mean `help forward`?); type `help` for the list")
        XCTAssertEqual(texts(Help.text(for: "exit")), texts(Help.text(for: "quit")))
    }
}
