import XCTest
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `Command.level`: which commands the shell, the session's log and the state run.
final class CommandLevelTests: XCTestCase {
    private func level(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> String {
        guard let command = parsed(line, file: file, line: number) else { return "" }
        switch command.level {
        case let .shell(action):
            XCTAssertFalse(command.isUndoable, line, file: file, line: number)
            return "shell \(action)"
        case let .log(work):
            XCTAssertEqual(work.command, command, line, file: file, line: number)
            XCTAssertFalse(command.isUndoable, line, file: file, line: number)
            return "log"
        case let .state(work):
            XCTAssertEqual(work.command, command, line, file: file, line: number)
            return "state"
        }
    }

    func testTheShellRunsScriptsClearsAndQuits() {
        XCTAssertEqual(level("run a.nnscript"), "shell run(path: \"a.nnscript\")")
        XCTAssertEqual(level("clear"), "shell clear")
        XCTAssertEqual(level("quit"), "shell quit")
        XCTAssertEqual(level("exit"), "shell quit")
    }

    func testTheLogAnswersWhatNeedsTheRecord() {
        for line in ["history", "undo", "redo", "save s.nnscript", "export s.py", "export s.ipynb"] {
            XCTAssertEqual(level(line), "log", line)
        }
    }

    func testEveryOtherCommandRunsOnTheState() {
        for line in ["net 2 1", "act 1 relu", "loss bce", "loss", "seed 1", "init", "dataset xor", "W1 = zeros 1 2",
                     "W1[0,0] = 1", "forward", "cost", "backward", "step 0.1", "train 1 0.1", "regularize off",
                     "dropout off", "optimizer gd", "minibatch off", "decay off", "predict", "accuracy", "show",
                     "set precision 3", "set max-elements 9", "set linewidth 60", "set output brief", "explain cost",
                     "diagram", "plot cost", "plot boundary", "trace 0", "gradcheck", "expect J 1", "save a.npz",
                     "load a.npz", "reset", "reset default", "help", "help net"] {
            XCTAssertEqual(level(line), "state", line)
        }
    }

    /// A script that cannot be read fails in the shell, and the session is as it was.
    func testAFailedRunChangesNothing() {
        let shell = Shell()
        var output = ""
        shell.write = { output += $0 }
        let state = shell.session.state, built = shell.session.built, log = shell.session.log
        shell.execute("run no-such-script.nnscript", location: "test")
        XCTAssertTrue(output.hasPrefix("error: "), output)
        XCTAssertTrue(shell.commandFailed)
        XCTAssertEqual(shell.session.state, state)
        XCTAssertEqual(shell.session.built, built)
        XCTAssertEqual(shell.session.log, log)
    }
}
