import Foundation
import XCTest
import TestSupport
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class SessionTests: XCTestCase {
    // MARK: - A failed command changes nothing

    func testFailedCommandsChangeNothing() {
        let s = Session()
        runLines(s, ["labels = [[0, 3]]", "forward"])
        let failing = [
            "forward 7", "backward 4", "act 1 softmax", "act 9 relu", "W1 = [[1, 2]]", "b2 = zeros 2 1",
            "Z2[0,0] = 1", "W1[4,0] = 1", "step 0.1", "X = randn 1000000 1000000", "X = [[1, 2]] / 0",
            "W1 = foo", "Yh = onehot labels 2", "dataset iris", "dataset football", "show Q", "accuracy Foo Y", "explain forward 9",
            "expect W9 1", "save out.txt", "save out.npy", "redo", "plot cost",
            "show layer 4",
        ]
        for text in failing {
            let state = s.state, built = s.built, log = s.log
            XCTAssertNotNil(sessionError(s, text), text)
            XCTAssertEqual(s.state, state, text)
            XCTAssertEqual(s.built, built, text)
            XCTAssertEqual(s.log, log, text)
        }
    }

    func testEmptySessionCommandsNeedANetwork() {
        let s = Session(empty: ())
        for text in ["forward", "backward", "cost", "init", "step 0.1", "act 1 relu", "train 1 0.1",
                     "gradcheck", "diagram", "explain cost", "show params", "predict", "undo"] {
            let state = s.state
            let message = sessionMessage(s, text)
            XCTAssertFalse(message.isEmpty, text)
            XCTAssertEqual(s.state, state, text)
        }
        XCTAssertTrue(sessionMessage(s, "forward").contains("net 2 4 3 1"))
    }

    /// `backward 3` runs `cost` first, which succeeds; then Z3 is missing. J and dA3 must not stay.
    func testCommandFailingHalfwayChangesNothing() {
        let s = Session()
        runLines(s, ["forward 1", "forward 2", "A3 = [[0.5, 0.25, 0.75, 0.5]]"])
        let state = s.state
        let error = sessionError(s, "backward 3")
        XCTAssertEqual(error, .missing("Z3", fix: "run `forward 3`"))
        XCTAssertEqual(s.state, state)
        XCTAssertNil(s.state.store[.J])
        XCTAssertNil(s.state.store[.layer(.dA, 3)])
    }

    // MARK: - undo and redo

    /// Each kind of state-changing command, after the commands it needs.
    private let undoable: [(prepare: [String], command: String)] = [
        ([], "net 2 3 1"),
        ([], "net 2 4:tanh 3:relu 1:sigmoid"),
        ([], "act 2 tanh"),
        ([], "loss mse"),
        ([], "seed 7"),
        ([], "init xavier seed 3"),
        ([], "init"),
        (["X = [[1, 2], [3, 4]]"], "dataset xor"),
        ([], "foo = randn 2 2"),
        ([], "Y = [[1, 0, 0, 1]]"),
        ([], "W1[0,0] = 0.5"),
        ([], "forward"),
        ([], "forward all"),
        (["forward all"], "cost"),
        (["forward all"], "backward"),
        (["forward all", "cost"], "backward all"),
        (["forward all", "backward all"], "step 0.1"),
        ([], "train 5 0.1 every 2"),
        (["forward all"], "reset"),
        ([], "set precision 4"),
        ([], "set max-elements 1000"),
    ]

    func testUndoRestoresTheStateExactlyAndRedoReappliesIt() {
        for (prepare, command) in undoable {
            let s = Session()
            runLines(s, prepare)
            let before = s.state, builtBefore = s.built
            runLines(s, [command])
            let after = s.state, builtAfter = s.built
            XCTAssertNotEqual(before, after, "\(command) changed nothing")
            XCTAssertEqual(texts(runLines(s, ["undo"])), "undid `\(parsed(command)!)`", command)
            XCTAssertEqual(s.state, before, "undo \(command)")
            XCTAssertEqual(s.built, builtBefore, "undo \(command)")
            XCTAssertEqual(texts(runLines(s, ["redo"])), "redid `\(parsed(command)!)`", command)
            XCTAssertEqual(s.state, after, "redo \(command)")
            XCTAssertEqual(s.built, builtAfter, "redo \(command)")
        }
    }

    func testUndoOfLoadRestoresTheState() throws {
        let dir = try temporaryDirectory()
        let s = Session()
        runLines(s, ["save \(dir)/w.npy W1", "save \(dir)/all.npz"])
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "\(dir)/w.npy"), "save writes no files yet")
        for command in ["load \(dir)/w.npy as V", "load \(dir)/all.npz"] {
            runLines(s, ["W1[0,0] = 9"])
            let before = s.state
            runLines(s, [command])
            let after = s.state
            XCTAssertNotEqual(before, after, command)
            runLines(s, ["undo"])
            XCTAssertEqual(s.state, before, command)
            runLines(s, ["redo"])
            XCTAssertEqual(s.state, after, command)
        }
    }

    /// Names that are not the lecture's are the learner's own, whether `=` or `load` made them.
    func testLowercaseAndBareNamesAreTheLearnersOwn() throws {
        let dir = try temporaryDirectory()
        let s = session(["a1 = [[1, 2]]", "W = [[3]]", "cost = 0.5", "x = a1 * 2"])
        runLines(s, ["save \(dir)/own.npz a1 W cost x"])
        let fresh = Session(empty: ())
        let out = texts(runLines(fresh, ["load \(dir)/own.npz", "show a1 W cost x", "a1 = a1 + W"]))
        XCTAssertTrue(out.contains("a1 (1, 2)") && out.contains("W (1, 1)") && out.contains("x (1, 2)"), out)
        XCTAssertEqual(sessionMessage(fresh, "show w1"),
                       "w1 has no value yet: set it with `w1 = …` (names are case-sensitive: did you mean W1?)")
    }

    func testUndoSeveralStepsAndRedoInOrder() {
        let s = Session()
        let s0 = s.state
        runLines(s, ["forward"]); let s1 = s.state
        runLines(s, ["forward"]); let s2 = s.state
        runLines(s, ["W2[0,0] = 1"]); let s3 = s.state
        runLines(s, ["undo"]); XCTAssertEqual(s.state, s2)
        runLines(s, ["undo"]); XCTAssertEqual(s.state, s1)
        runLines(s, ["undo"]); XCTAssertEqual(s.state, s0)
        runLines(s, ["redo"]); XCTAssertEqual(s.state, s1)
        runLines(s, ["redo", "redo"]); XCTAssertEqual(s.state, s3)
        XCTAssertEqual(sessionMessage(s, "redo"), "nothing to redo")
    }

    func testANewCommandAfterUndoDropsTheRedo() {
        let s = Session()
        runLines(s, ["forward", "undo", "seed 3"])
        XCTAssertEqual(sessionMessage(s, "redo"), "nothing to redo")
    }

    func testCommandsThatOnlyLookAreNotUndone() {
        let s = Session()
        runLines(s, ["forward all"])
        runLines(s, ["show", "show A3", "diagram", "explain forward 1", "predict", "accuracy", "history", "help"])
        let looked = s.state
        runLines(s, ["undo"])
        XCTAssertNil(s.state.store[.layer(.Z, 1)], "undo went past the looking commands to `forward all`")
        runLines(s, ["redo"])
        XCTAssertEqual(s.state, looked)
    }

    func testUndoWithNothingToUndo() {
        XCTAssertEqual(sessionMessage(Session(empty: ()), "undo"), "nothing to undo")
    }

    // MARK: - The default session

    func testDefaultSessionIsTheLecturesClassifierOnXor() {
        let s = Session()
        XCTAssertEqual(s.state.sizes, [2, 4, 3, 1])
        XCTAssertEqual(s.state.activations, [.relu, .relu, .sigmoid])
        XCTAssertEqual(s.state.loss, .bce)
        XCTAssertEqual(s.state.store[.X], Matrix([[-1, -1, 1, 1], [-1, 1, -1, 1]]))
        XCTAssertEqual(s.state.store[.Y], Matrix([[0, 1, 1, 0]]))
        XCTAssertEqual(s.state.m, 4)
        XCTAssertEqual(s.state.stage, .idle)
        XCTAssertEqual(s.stageLabel, "")
        // The same state as typing its commands.
        let typed = session(["net 2 4 3 1", "X = [[-1, -1, 1, 1], [-1, 1, -1, 1]]", "Y = [[0, 1, 1, 0]]",
                             "init he seed 17"])
        XCTAssertEqual(s.state, typed.state)
        for l in 1...3 {
            XCTAssertEqual(s.state.store[.layer(.b, l)], Matrix.zeros(s.state.sizes[l], 1))
        }
        XCTAssertFalse(s.expectFailed)
    }

    func testResetDefaultBringsTheDefaultSessionBackAndUndoTakesItBack() {
        let s = Session()
        let fresh = s.state
        runLines(s, ["set precision 4", "net 3 2 1", "X = [[1], [2], [3]]"])
        let changed = s.state
        XCTAssertEqual(texts(runLines(s, ["reset default"])),
                       "back to the default session: net 2 4 3 1 (relu, relu, sigmoid), init he seed 17, on the four XOR points at ±1")
        var expected = fresh
        expected.precision = 4
        XCTAssertEqual(s.state, expected, "the default session, with the precision kept")
        runLines(s, ["undo"])
        XCTAssertEqual(s.state, changed)
    }

    func testStageLabelFollowsTheStages() {
        let s = Session()
        runLines(s, ["forward"]); XCTAssertEqual(s.stageLabel, "fwd 1/3")
        runLines(s, ["forward all"]); XCTAssertEqual(s.stageLabel, "fwd 3/3")
        runLines(s, ["cost"]); XCTAssertEqual(s.stageLabel, "cost")
        runLines(s, ["backward"]); XCTAssertEqual(s.stageLabel, "bwd 3")
        runLines(s, ["backward all"]); XCTAssertEqual(s.stageLabel, "bwd 1")
        runLines(s, ["step 0.1"]); XCTAssertEqual(s.stageLabel, "step")
    }

    // MARK: - history

    func testHistoryListsWhatRanButNotHelpOrHistoryOrFailures() {
        let s = session(["net 2 3 1", "help", "show", "history"])
        _ = sessionError(s, "forward 9")
        runLines(s, ["seed 2", "undo"])
        XCTAssertEqual(texts(runLines(s, ["history"])), """
               1  net 2 3 1
               2  show
               3  seed 2
               4  undo
            """)
        XCTAssertEqual(texts(runLines(Session(empty: ()), ["history"])), "(no commands yet)")
    }

    // MARK: - save FILE.nnscript

    func testSavedScriptReplaysToTheSameState() throws {
        let dir = try temporaryDirectory()
        let s = Session()
        runLines(s, ["seed 3", "foo = randn 2 3 * 0.5", "W2[1,2] = -0.25", "act 2 tanh", "loss mse",
                "forward all", "cost", "backward all", "step 0.05", "train 7 0.1 every 3",
                "forward", "undo", "expect W1 W1", "bar = foo.T", "Yh = onehot Y 2"])
        let path = "\(dir)/built.nnscript"
        XCTAssertEqual(texts(runLines(s, ["save \(path)"])), "saved 16 commands to \(path)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# nnstep session: replay with `nnstep FILE`"))
        XCTAssertFalse(text.split(separator: "\n")[0].contains("built"), "no file name in the comment")
        XCTAssertFalse(text.contains("expect"), "expect changes nothing, so it is not saved")
        XCTAssertFalse(text.contains("undo"))
        let replayed = session(text.split(separator: "\n").map(String.init))
        XCTAssertEqual(replayed.state, s.state)
    }

    func testSavedScriptOfAnEmptySessionReplaysToAnEmptyState() throws {
        let dir = try temporaryDirectory()
        let s = session(["net 3 2 1:linear", "X = [[1.5, -2], [0.1, 1e-300], [3, 4]]", "W1 = [[1, 2, 3], [4, 5, 6]]"])
        runLines(s, ["save \(dir)/s.nnscript"])
        let text = try String(contentsOfFile: "\(dir)/s.nnscript", encoding: .utf8)
        XCTAssertEqual(session(text.split(separator: "\n").map(String.init)).state, s.state)
        XCTAssertNotNil(sessionError(s, "save \(dir)/s.nnscript W1"))
    }

    // MARK: - expect

    func testExpectFailureIsRememberedButChangesNothing() {
        let s = Session()
        let state = s.state
        runLines(s, ["expect X [[-1, -1, 1, 1], [-1, 1, -1, 1]]"])
        XCTAssertFalse(s.expectFailed)
        let out = runLines(s, ["expect Y [[0, 1, 1, 1]]"])
        XCTAssertTrue(s.expectFailed)
        XCTAssertEqual(s.state, state)
        XCTAssertTrue(texts(out).hasPrefix("FAIL Y: 1 of 4 elements differ; largest at [0,3]"), texts(out))
    }

    // MARK: - Data sets from files

    func testFootballIsReadFromTheDataFolderAndSplit() throws {
        let repo = Fixtures.repository()
        let data = repo.deletingLastPathComponent().appendingPathComponent("shared/datasets/football").path
        guard FileManager.default.fileExists(atPath: data + "/football.csv") else {
            throw XCTSkip("the course's football.csv is not at \(data)")
        }
        let s = Session(empty: ())
        s.dataDirectories = [data]
        let out = runLines(s, ["dataset football"])
        XCTAssertTrue(texts(out).contains("X_test (2, 200), Y_test (1, 200)"), texts(out))
        let x = try XCTUnwrap(s.state.store[.X]), y = try XCTUnwrap(s.state.store[.Y])
        let xTest = try XCTUnwrap(s.state.store[.user("X_test")]), yTest = try XCTUnwrap(s.state.store[.user("Y_test")])
        XCTAssertEqual([x.rows, x.cols, y.rows, y.cols], [2, 211, 1, 211])
        XCTAssertEqual([xTest.rows, xTest.cols, yTest.rows, yTest.cols], [2, 200, 1, 200])
        // The file's first and last rows: -0.158986,0.423977,1.0 and …,-0.42941272913886863,0.0
        XCTAssertEqual(x[0, 0], -0.158986)
        XCTAssertEqual(x[1, 0], 0.423977)
        XCTAssertEqual(y[0, 0], 1)
        XCTAssertEqual(xTest[0, 199], -0.31689908531098365)
        XCTAssertEqual(xTest[1, 199], -0.42941272913886863)
        XCTAssertEqual(yTest[0, 199], 0)
    }

    func testFootballWithoutItsFileNamesTheFileAndChangesNothing() throws {
        let dir = try temporaryDirectory()
        let s = Session(empty: ())
        s.dataDirectories = [dir]
        runLines(s, ["X = [[1, 2]]"])
        let state = s.state
        let message = sessionMessage(s, "dataset football")
        XCTAssertTrue(message.hasPrefix("dataset football reads football.csv, which is not in the current folder"), message)
        XCTAssertTrue(message.contains("--data DIR"), message)
        XCTAssertEqual(s.state, state)

        try "pos_x,pos_y,team\n0.5,0.25,1.0\n".write(toFile: dir + "/football.csv", atomically: true, encoding: .utf8)
        let short = sessionMessage(s, "dataset football")
        XCTAssertTrue(short.hasPrefix("dataset football: \(dir)/football.csv should hold 411 rows pos_x,pos_y,team"), short)
        XCTAssertTrue(short.hasSuffix("it holds (1, 3)"), short)
        XCTAssertEqual(s.state, state)
    }

    func testCirclesSetTheTestSplitAndMoonsLeaveIt() {
        let s = session(["dataset circles"])
        XCTAssertEqual(s.state.store[.user("X_test")].map { [$0.rows, $0.cols] }, [2, 100])
        XCTAssertEqual(s.state.store[.user("Y_test")].map { [$0.rows, $0.cols] }, [1, 100])
        runLines(s, ["dataset moons"])
        XCTAssertEqual(s.state.store[.X].map { [$0.rows, $0.cols] }, [2, 300])
        XCTAssertEqual(s.state.store[.user("X_test")].map { [$0.rows, $0.cols] }, [2, 100])
    }

    // MARK: - Helpers

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }
}
