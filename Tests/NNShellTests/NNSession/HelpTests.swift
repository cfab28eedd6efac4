import Foundation
import XCTest
import TestSupport
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class HelpTests: XCTestCase {
    private var docs: String {
        let url = Fixtures.repository().appendingPathComponent("docs/commands.md")
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
        for entry in CommandSpec.all where entry.isWord {
            XCTAssertTrue(Parser.commandNames.contains(entry.name), entry.name)
        }
        XCTAssertEqual(Set(CommandSpec.all.map(\.name)).count, CommandSpec.all.count, "an entry appears twice")
    }

    func testTheListHasOneLinePerEntry() {
        let out = Help.text(for: nil)
        XCTAssertEqual(out.count, CommandSpec.all.count + 1)
        let text = texts(out)
        for entry in CommandSpec.all {
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

    func testEveryCommandHasASpec() throws {
        for line in ["net 2 1", "act 1 relu", "loss bce", "loss", "seed 1", "init", "dataset xor", "W1 = zeros 1 2",
                     "W1[0,0] = 1", "forward", "cost", "backward", "step 0.1", "train 1 0.1", "predict", "accuracy",
                     "show", "set precision 3", "set max-elements 9", "explain cost", "diagram", "plot cost",
                     "gradcheck", "undo", "redo", "expect J 1", "save a.npz", "load a.npz", "run a.nnscript",
                     "reset", "history", "help", "quit"] {
            let command = try XCTUnwrap(parsed(line), line)
            XCTAssertNotNil(CommandSpec.named(command.word), line)
        }
    }

    func testEffectsSayWhatUndoAndSaveTakeBack() throws {
        let builds = try XCTUnwrap(parsed("forward"))
        XCTAssertTrue(builds.isUndoable && builds.buildsState && builds.isRecorded)
        let setting = try XCTUnwrap(parsed("set precision 3"))
        XCTAssertTrue(setting.isUndoable && !setting.buildsState)
        let looks = try XCTUnwrap(parsed("show"))
        XCTAssertFalse(looks.isUndoable || looks.buildsState)
        XCTAssertTrue(looks.isRecorded)
        XCTAssertFalse(try XCTUnwrap(parsed("history")).isRecorded)
        XCTAssertFalse(try XCTUnwrap(parsed("help")).isRecorded)
    }
}
