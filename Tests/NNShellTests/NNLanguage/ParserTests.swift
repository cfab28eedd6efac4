import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class ParserTests: XCTestCase {
    // MARK: - Blank lines and comments

    func testBlankAndCommentLinesGiveNil() throws {
        for line in ["", "   ", "\t", "# a comment", "   # indented comment", "\n\n", "#"] {
            XCTAssertNil(try Parser.parse(line), line.debugDescription)
        }
    }

    func testCommentAfterCommand() {
        XCTAssertEqual(parsed("forward # one layer"), .forward(.next))
        XCTAssertEqual(parsed("forward#no space"), .forward(.next))
        XCTAssertEqual(parsed("  forward   2  "), .forward(.layer(2)))
    }

    // MARK: - Building

    func testNet() {
        XCTAssertEqual(parsed("net 2 4 3 1"), .net([2, 4, 3, 1].map { LayerSpec(units: $0) }))
        XCTAssertEqual(parsed("net 2 4:relu 3:tanh 1:sigmoid"), .net([
            LayerSpec(units: 2), LayerSpec(units: 4, activation: .relu),
            LayerSpec(units: 3, activation: .tanh), LayerSpec(units: 1, activation: .sigmoid),
        ]))
        XCTAssertEqual(parsed("net 5 3:leaky_relu 3:linear 4:softmax"), .net([
            LayerSpec(units: 5), LayerSpec(units: 3, activation: .leakyRelu),
            LayerSpec(units: 3, activation: .linear), LayerSpec(units: 4, activation: .softmax),
        ]))
        XCTAssertEqual(parsed("net [12288, 20, 7, 5, 1]"), .net([12288, 20, 7, 5, 1].map { LayerSpec(units: $0) }))
        XCTAssertEqual(parsed("net 2, 1"), .net([LayerSpec(units: 2), LayerSpec(units: 1)]))
    }

    func testNetErrors() {
        XCTAssertEqual(parseError("net 2"), .tooFewLayers(1))
        XCTAssertEqual(parseError("net"), .tooFewLayers(0))
        XCTAssertEqual(parseError("net 2:relu 1"), .inputActivation(at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("net 2 0 1"), .outOfRange("0", .layerSize, at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("net 2 -4 1"), .outOfRange("-4", .layerSize, at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("net 2 4.5 1"), .notAWholeNumber("4.5", .layerSize, at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("net 2 4:rleu 1"),
                       .unknownChoice("rleu", .activation, suggestions: ["relu"], at: SourcePosition(column: 9)))
        XCTAssertEqual(parseMessage("net 2 4:sigmod 1"),
                       "unknown activation 'sigmod' at column 9; did you mean sigmoid? "
                       + "The choices are relu, sigmoid, tanh, linear, leaky_relu, softmax")
        XCTAssertEqual(parseError("net [2, 4"), .missing(.quantity(.layerSize), after: "net [2, 4"))
        XCTAssertEqual(parseMessage("net 2"),
                       "a network needs at least two sizes, n[0] (the input) and n[L] (the output), "
                       + "but only one was given: e.g. net 2 4 1")
    }

    func testActLossCostSeedInitDataset() {
        XCTAssertEqual(parsed("act 3 softmax"), .act(layer: 3, .softmax))
        XCTAssertEqual(parsed("loss bce"), .loss(.bce))
        XCTAssertEqual(parsed("loss ce"), .loss(.ce))
        XCTAssertEqual(parsed("loss mse"), .loss(.mse))
        XCTAssertEqual(parsed("loss"), .cost)
        XCTAssertEqual(parsed("cost"), .cost)
        XCTAssertEqual(parsed("seed 1"), .seed(1))
        XCTAssertEqual(parsed("seed 0"), .seed(0))
        XCTAssertEqual(parsed("seed 4294967295"), .seed(4_294_967_295))
        XCTAssertEqual(parsed("init"), .initialize(.small, seed: nil))
        XCTAssertEqual(parsed("init xavier"), .initialize(.xavier, seed: nil))
        XCTAssertEqual(parsed("init he seed 3"), .initialize(.he, seed: 3))
        XCTAssertEqual(parsed("init zeros"), .initialize(.zeros, seed: nil))
        XCTAssertEqual(parsed("init seed 1"), .initialize(.small, seed: 1))
        XCTAssertEqual(parsed("dataset planar"), .dataset("planar"))
        XCTAssertEqual(parsed("dataset \"cat images\""), .dataset("cat images"))
    }

    func testActLossSeedInitErrors() {
        XCTAssertEqual(parseError("act 0 relu"), .outOfRange("0", .layer, at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("act 2"), .missing(.activation, after: "act 2"))
        XCTAssertEqual(parseError("loss bec"),
                       .unknownChoice("bec", .loss, suggestions: ["bce"], at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("loss bce mse"), .extraInput("mse", after: "loss bce", at: SourcePosition(column: 10)))
        XCTAssertEqual(parseError("seed 4294967296"), .outOfRange("4294967296", .seed, at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("seed -1"), .outOfRange("-1", .seed, at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("seed 99999999999999999999999"),
                       .outOfRange("99999999999999999999999", .seed, at: SourcePosition(column: 6)))
        XCTAssertEqual(parseMessage("seed 1.5"),
                       "the seed must be a whole number from 0 to 4294967295; '1.5' at column 6 is not a whole number")
        XCTAssertEqual(parseError("init hee"),
                       .unknownChoice("hee", .initScheme, suggestions: ["he"], at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("init he seed"), .missing(.quantity(.seed), after: "init he seed"))
        XCTAssertEqual(parseError("dataset"), .missing(.fileName, after: "dataset"))
    }

    // MARK: - Stepping

    func testForwardBackward() {
        XCTAssertEqual(parsed("forward"), .forward(.next))
        XCTAssertEqual(parsed("forward 2"), .forward(.layer(2)))
        XCTAssertEqual(parsed("forward all"), .forward(.all))
        XCTAssertEqual(parsed("backward"), .backward(.next))
        XCTAssertEqual(parsed("backward 1"), .backward(.layer(1)))
        XCTAssertEqual(parsed("backward all"), .backward(.all))
        XCTAssertEqual(parseError("forward 0"), .outOfRange("0", .layer, at: SourcePosition(column: 9)))
        XCTAssertEqual(parseError("forward everything"),
                       .unexpected("everything", expected: .stageTarget, at: SourcePosition(column: 9)))
        XCTAssertEqual(parseError("backward all 2"), .extraInput("2", after: "backward all", at: SourcePosition(column: 14)))
    }

    func testBatchnorm() {
        XCTAssertEqual(parsed("batchnorm"), .batchnorm(.show))
        XCTAssertEqual(parsed("batchnorm 1 2"), .batchnorm(.on(layers: [1, 2], epsilon: nil)))
        XCTAssertEqual(parsed("batchnorm 2, 3 eps 1e-3"), .batchnorm(.on(layers: [2, 3], epsilon: 0.001)))
        XCTAssertEqual(parsed("batchnorm off"), .batchnorm(.off(layers: [])))
        XCTAssertEqual(parsed("batchnorm off 2"), .batchnorm(.off(layers: [2])))
        XCTAssertEqual(parseError("batchnorm 0"), .outOfRange("0", .layer, at: SourcePosition(column: 11)))
        XCTAssertEqual(parseError("batchnorm 1 eps 0"), .outOfRange("0", .batchNormEpsilon, at: SourcePosition(column: 17)))
        XCTAssertEqual(parseError("batchnorm eps 1e-3"), .unexpected("eps", expected: .quantity(.layer), at: SourcePosition(column: 11)))
        // The kind's names are the learner's own to the parser; `W[2]`'s bracket form is the lecture's slots only.
        XCTAssertEqual(parsed("gamma2 = 1"), .assign(.user("gamma2"), .literal(Matrix(scalar: 1))))
        XCTAssertEqual(parsed("show beta1 Zn1 dZt1 var1"),
                       .show(.names([.user("beta1"), .user("Zn1"), .user("dZt1"), .user("var1")])))
    }

    func testStepTrainPredictAccuracy() {
        XCTAssertEqual(parsed("step 0.0075"), .step(learningRate: 0.0075))
        XCTAssertEqual(parsed("step 1e-2"), .step(learningRate: 0.01))
        XCTAssertEqual(parsed("train 2500 0.0075"), .train(iterations: 2500, learningRate: 0.0075, every: nil))
        XCTAssertEqual(parsed("train 2500 0.0075 every 100"), .train(iterations: 2500, learningRate: 0.0075, every: 100))
        XCTAssertEqual(parsed("predict"), .predict(nil))
        XCTAssertEqual(parsed("predict X_test"), .predict(.user("X_test")))
        XCTAssertEqual(parsed("accuracy"), .accuracy(x: nil, y: nil))
        XCTAssertEqual(parsed("accuracy X_test Y_test"), .accuracy(x: .user("X_test"), y: .user("Y_test")))
        XCTAssertEqual(parsed("accuracy X Y"), .accuracy(x: .X, y: .Y))
    }

    /// The decay's interval and Adam's ε are named as themselves, not as train's print
    /// interval or gradcheck's ε.
    func testStageNumbersAreNamedAsThemselves() {
        XCTAssertEqual(parseError("decay scheduled 1 interval 0"), .outOfRange("0", .decayInterval, at: SourcePosition(column: 28)))
        XCTAssertEqual(parseError("optimizer adam eps 0"), .outOfRange("0", .adamEpsilon, at: SourcePosition(column: 20)))
        XCTAssertEqual(parseMessage("optimizer adam eps 0"),
                       "Adam's ε (the guard against dividing by zero) must be a small number > 0 like 1e-08; got 0 at column 20")
        XCTAssertEqual(parseMessage("decay scheduled 1 interval 0"),
                       "time_interval (the epochs between decay steps) must be a whole number ≥ 1; got 0 at column 28")
    }

    func testStepTrainErrors() {
        XCTAssertEqual(parseError("step"), .missing(.quantity(.learningRate), after: "step"))
        XCTAssertEqual(parseError("step nan"), .outOfRange("nan", .learningRate, at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("step fast"), .unexpected("fast", expected: .number, at: SourcePosition(column: 6)))
        XCTAssertEqual(parseError("train 0 0.1"), .outOfRange("0", .iterations, at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("train 1e3 0.1"), .notAWholeNumber("1e3", .iterations, at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("train 10 0.1 every"), .missing(.quantity(.interval), after: "train 10 0.1 every"))
        XCTAssertEqual(parseError("train 10 0.1 every 0"), .outOfRange("0", .interval, at: SourcePosition(column: 20)))
        XCTAssertEqual(parseError("accuracy X"), .missing(.name, after: "accuracy X"))
        XCTAssertEqual(parseMessage("train 10"),
                       "expected the learning rate α (a finite number like 0.0075) after 'train 10'")
    }

    // MARK: - Looking and checking

    func testShowAndSet() {
        XCTAssertEqual(parsed("show"), .show(.overview))
        XCTAssertEqual(parsed("show W1"), .show(.names([.layer(.W, 1)])))
        XCTAssertEqual(parsed("show W1 b1 dA0 X AL"),
                       .show(.names([.layer(.W, 1), .layer(.b, 1), .layer(.dA, 0), .X, .output(.A)])))
        XCTAssertEqual(parsed("show W1, b1"), .show(.names([.layer(.W, 1), .layer(.b, 1)])))
        XCTAssertEqual(parsed("show layer 2"), .show(.layer(2)))
        XCTAssertEqual(parsed("show params"), .show(.params))
        XCTAssertEqual(parsed("show grads"), .show(.grads))
        XCTAssertEqual(parsed("set precision 8"), .setPrecision(8))
        XCTAssertEqual(parsed("set precision 17"), .setPrecision(17))
        XCTAssertEqual(parsed("set linewidth 120"), .setLineWidth(120))
        XCTAssertEqual(parsed("set output brief"), .setOutput(.brief))
        XCTAssertEqual(parsed("set output full"), .setOutput(.full))
        XCTAssertEqual(parsed("clear"), .clear)
        XCTAssertEqual(parseError("set precision 18"), .outOfRange("18", .precision, at: SourcePosition(column: 15)))
        XCTAssertEqual(parseError("set precision 0"), .outOfRange("0", .precision, at: SourcePosition(column: 15)))
        XCTAssertEqual(parseError("set precison 8"),
                       .unknownChoice("precison", .setting, suggestions: ["precision"], at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("show layer"), .missing(.quantity(.layer), after: "show layer"))
        XCTAssertEqual(parseError("show 3"), .unexpected("3", expected: .name, at: SourcePosition(column: 6)))
    }

    func testExpect() {
        let one = Expression.literal(Matrix([[1, 2]]))
        XCTAssertEqual(parsed("expect J 0.6931"), .expect(.J, .literal(Matrix(scalar: 0.6931)), atol: nil, rtol: nil))
        XCTAssertEqual(parsed("expect A1 [[1, 2]] atol 1e-6"), .expect(.layer(.A, 1), one, atol: 1e-6, rtol: nil))
        XCTAssertEqual(parsed("expect A1 [[1, 2]] rtol 1e-5 atol 0"), .expect(.layer(.A, 1), one, atol: 0, rtol: 1e-5))
        XCTAssertEqual(parsed("expect dW2 randn 3 2 * 0.01"),
                       .expect(.layer(.dW, 2), .scaled(.generator(.randn(3, 2)), .multiply, 0.01), atol: nil, rtol: nil))
        XCTAssertEqual(parsed("expect A2 Z2"), .expect(.layer(.A, 2), .name(.layer(.Z, 2), transposed: false),
                                                       atol: nil, rtol: nil))
        XCTAssertEqual(parsed("expect A1 [[1, 2],\n [3, 4]] atol 1e-8"),
                       .expect(.layer(.A, 1), .literal(Matrix([[1, 2], [3, 4]])), atol: 1e-8, rtol: nil))
    }

    func testExpectErrors() {
        XCTAssertEqual(parseError("expect"), .missing(.name, after: "expect"))
        XCTAssertEqual(parseError("expect A1"), .missing(.value, after: "expect A1"))
        XCTAssertEqual(parseError("expect A1 atol 1e-6"), .unexpected("atol", expected: .value, at: SourcePosition(column: 11)))
        XCTAssertEqual(parseError("expect A1 [[1]] foo"), .unexpected("foo", expected: .tolerance, at: SourcePosition(column: 17)))
        XCTAssertEqual(parseError("expect A1 [[1]] atol"), .missing(.quantity(.tolerance), after: "expect A1 [[1]] atol"))
        XCTAssertEqual(parseError("expect A1 [[1]] atol -1"), .outOfRange("-1", .tolerance, at: SourcePosition(column: 22)))
        XCTAssertEqual(parseError("expect A1 [[1]] atol 1 atol 2"),
                       .unexpected("atol", expected: .tolerance, at: SourcePosition(column: 24)))
        XCTAssertEqual(parseError("expect A1 [[1]] atol 1 rtol 2 x"),
                       .extraInput("x", after: "expect A1 [[1]] atol 1 rtol 2", at: SourcePosition(column: 31)))
    }

    // MARK: - Files and session

    func testFilesAndSession() {
        XCTAssertEqual(parsed("save run.npz"), .save(path: "run.npz", names: []))
        XCTAssertEqual(parsed("save run.npz W1 b1"), .save(path: "run.npz", names: [.layer(.W, 1), .layer(.b, 1)]))
        XCTAssertEqual(parsed("save \"my run.npz\" W1"), .save(path: "my run.npz", names: [.layer(.W, 1)]))
        XCTAssertEqual(parsed("save ../out/session-1.nnscript"), .save(path: "../out/session-1.nnscript", names: []))
        XCTAssertEqual(parsed("save a#b.npz"), .save(path: "a", names: []))
        XCTAssertEqual(parsed("load data/train.npz"), .load(path: "data/train.npz", key: nil, as: nil))
        XCTAssertEqual(parsed("load data/train.npz X_train as X"),
                       .load(path: "data/train.npz", key: "X_train", as: .X))
        XCTAssertEqual(parsed("load w.npy as W1"), .load(path: "w.npy", key: nil, as: .layer(.W, 1)))
        XCTAssertEqual(parsed("load 'a b.npz' 'arr_0'"), .load(path: "a b.npz", key: "arr_0", as: nil))
        XCTAssertEqual(parsed("run ~/lecture.nnscript"), .run(path: "~/lecture.nnscript"))
        XCTAssertEqual(parsed("reset"), .reset)
        XCTAssertEqual(parsed("history"), .history)
        XCTAssertEqual(parsed("help"), .help(nil))
        XCTAssertEqual(parsed("help forward"), .help("forward"))
        XCTAssertEqual(parsed("quit"), .quit)
        XCTAssertEqual(parsed("exit"), .quit)
        XCTAssertEqual(parsed("exit()"), .quit)
    }

    func testFileErrors() {
        XCTAssertEqual(parseError("save"), .missing(.fileName, after: "save"))
        XCTAssertEqual(parseError("run \"unterminated.nnscript"), .unterminatedString(at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("run \"\""), .emptyFileName(at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("run a.nnscript b.nnscript"),
                       .extraInput("b", after: "run a.nnscript", at: SourcePosition(column: 16)))
        XCTAssertEqual(parseError("load f.npz as"), .missing(.name, after: "load f.npz as"))
        XCTAssertEqual(parseError("load f.npz [1]"), .unexpected("[", expected: .loadKey, at: SourcePosition(column: 12)))
        XCTAssertEqual(parseError("reset now"), .extraInput("now", after: "reset", at: SourcePosition(column: 7)))
        XCTAssertEqual(parseError("quit 1"), .extraInput("1", after: "quit", at: SourcePosition(column: 6)))
    }

    // MARK: - Assignment

    func testAssignForms() {
        XCTAssertEqual(parsed("W1 = [[1, 2], [3, 4]]"), .assign(.layer(.W, 1), .literal(Matrix([[1, 2], [3, 4]]))))
        XCTAssertEqual(parsed("W1=[[1,2]]"), .assign(.layer(.W, 1), .literal(Matrix([[1, 2]]))))
        XCTAssertEqual(parsed("b2 = zeros 3 1"), .assign(.layer(.b, 2), .generator(.zeros(3, 1))))
        XCTAssertEqual(parsed("W[L] = randn 1 3 * 0.01"), .assign(.output(.W), .scaled(.generator(.randn(1, 3)), .multiply, 0.01)))
        XCTAssertEqual(parsed("A[0] = X_train"), .assign(.X, .name(.user("X_train"), transposed: false)))
        XCTAssertEqual(parsed("dAL = [[0.5, -0.5]]"), .assign(.output(.dA), .literal(Matrix([[0.5, -0.5]]))))
        XCTAssertEqual(parsed("Y_hot = onehot Y 3"), .assign(.user("Y_hot"), .generator(.onehot(.Y, 3))))
        XCTAssertEqual(parsed("my_W = W1.T"), .assign(.user("my_W"), .name(.layer(.W, 1), transposed: true)))
    }

    func testAssignElement() {
        XCTAssertEqual(parsed("W1[0, 1] = -2.5"), .assignElement(.layer(.W, 1), row: 0, col: 1, -2.5))
        XCTAssertEqual(parsed("W[2][1,0] = 3"), .assignElement(.layer(.W, 2), row: 1, col: 0, 3))
        XCTAssertEqual(parsed("X[0,0]=1e-3"), .assignElement(.X, row: 0, col: 0, 1e-3))
        XCTAssertEqual(parseError("W1[0] = 3"), .unexpected("]", expected: .indexComma, at: SourcePosition(column: 5)))
        XCTAssertEqual(parseError("W1[-1, 0] = 3"), .outOfRange("-1", .rowIndex, at: SourcePosition(column: 4)))
        XCTAssertEqual(parseError("W1[0, 1] = [[1]]"), .unexpected("[", expected: .number, at: SourcePosition(column: 12)))
        XCTAssertEqual(parseError("W1[0, 1] 3"), .unexpected("3", expected: .equals, at: SourcePosition(column: 10)))
        XCTAssertEqual(parseError("W1[0, 1"), .unclosedBracket("[", at: SourcePosition(column: 3)))
    }

    func testAssignErrors() {
        XCTAssertEqual(parseError("W1 ="), .missing(.value, after: "W1 ="))
        XCTAssertEqual(parsed("cost = 3"), .assign(.user("cost"), .literal(Matrix(scalar: 3))))
        XCTAssertEqual(parsed("cost"), .cost)
        XCTAssertEqual(parseMessage("atol = 3"),
                       "'atol' at column 1 is a reserved word and cannot name a matrix; "
                       + "choose another name, such as my_atol")
        XCTAssertEqual(parseError("randn = 3"), .reservedName("randn", at: SourcePosition(column: 1)))
        XCTAssertEqual(parseError("W1 = 3 4"), .extraInput("4", after: "W1 = 3", at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("W1 = randn 3 2 *"), .missing(.value, after: "W1 = randn 3 2 *"))
    }

    // MARK: - Unknown words

    func testUnknownCommandSuggestions() {
        XCTAssertEqual(parseError("forwrd"), .unknownCommand("forwrd", suggestions: ["forward"]))
        XCTAssertEqual(parseError("backwrad 2"), .unknownCommand("backwrad", suggestions: ["backward"]))
        XCTAssertEqual(parseError("trian 10 0.1"), .unknownCommand("trian", suggestions: ["train"]))
        XCTAssertEqual(parseError("Show"), .unknownCommand("Show", suggestions: ["show"]))
        XCTAssertEqual(parseError("hist"), .unknownCommand("hist", suggestions: ["history"]))
        XCTAssertEqual(parseError("xyzzy"), .unknownCommand("xyzzy", suggestions: []))
        XCTAssertEqual(parseMessage("forwrd"),
                       "unknown command 'forwrd'; did you mean forward? Type help to see the commands")
        XCTAssertEqual(parseMessage("xyzzy"), "unknown command 'xyzzy'; type help to see the commands")
    }

    func testNameAloneIsNotACommand() {
        XCTAssertEqual(parseError("W1"), .nameAlone("W1"))
        XCTAssertEqual(parseMessage("dW2"),
                       "'dW2' is a matrix name, not a command: type show dW2 to print it, or dW2 = VALUE to set it")
    }

    func testLineMustStartWithAWord() {
        XCTAssertEqual(parseError("[[1, 2]]"), .unexpected("[", expected: .command, at: SourcePosition(column: 1)))
        XCTAssertEqual(parseError("= 3"), .unexpected("=", expected: .command, at: SourcePosition(column: 1)))
        XCTAssertEqual(parseError("3"), .unexpected("3", expected: .command, at: SourcePosition(column: 1)))
    }

    func testCommandNames() {
        XCTAssertEqual(Set(Parser.commandNames).count, Parser.commandNames.count)
        for word in Parser.commandNames {
            if case .unknownCommand? = parseErrorOrNil(word) { XCTFail("\(word) is not recognised") }
        }
    }

    private func parseErrorOrNil(_ line: String) -> ParseError? {
        do { _ = try Parser.parse(line); return nil } catch { return error }
    }

    // MARK: - Continuation

    func testNeedsContinuation() {
        XCTAssertTrue(Parser.needsContinuation("W1 = [[1, 2],"))
        XCTAssertTrue(Parser.needsContinuation("W1 = [[ 3.26295337 -1.23429987]"))
        XCTAssertTrue(Parser.needsContinuation("W1 = np.array([[1, 2]],"))
        XCTAssertTrue(Parser.needsContinuation("W1 = [[1, 2], # first row"))
        XCTAssertFalse(Parser.needsContinuation("W1 = [[1, 2], [3, 4]]"))
        XCTAssertFalse(Parser.needsContinuation("W1 = [[1, 2]]]"))
        XCTAssertFalse(Parser.needsContinuation("forward"))
        XCTAssertFalse(Parser.needsContinuation("# [ in a comment"))
        XCTAssertFalse(Parser.needsContinuation("save \"[.npz\""))
        XCTAssertFalse(Parser.needsContinuation("W1 = ]["))
        XCTAssertFalse(Parser.needsContinuation(""))
    }

    func testContinuedLinesParseAsOne() {
        let text = "W1 = [[1, 2],  # row one\n      [3, 4]]  # row two"
        XCTAssertFalse(Parser.needsContinuation(text))
        XCTAssertEqual(parsed(text), .assign(.layer(.W, 1), .literal(Matrix([[1, 2], [3, 4]]))))
        XCTAssertEqual(parseError("W1 = [[1, 2],\n [3]]"),
                       .raggedRows(row: 2, count: 1, expected: 2, at: SourcePosition(line: 2, column: 2)))
        XCTAssertEqual(parseMessage("W1 = [[1, 2],\n [3]]"),
                       "row 2 of the matrix (at line 2, column 2) has 1 number but row 1 has 2; "
                       + "every row needs the same number of columns")
    }

    // MARK: - Robustness

    func testHugeNumbersAreErrorsNamingTheNumber() {
        XCTAssertEqual(parseError("W1 = randn 99999999999999999999 1"),
                       .outOfRange("99999999999999999999", .rows, at: SourcePosition(column: 12)))
        XCTAssertEqual(parseMessage("W1 = randn 99999999999999999999 1"),
                       "the number of rows must be a whole number from 1 to 1000000000; "
                       + "got 99999999999999999999 at column 12")
        XCTAssertEqual(parseError("W1 = zeros 3 1000000001"), .outOfRange("1000000001", .columns, at: SourcePosition(column: 14)))
        XCTAssertEqual(parseError("forward 9223372036854775808"),
                       .outOfRange("9223372036854775808", .layer, at: SourcePosition(column: 9)))
        XCTAssertEqual(parseError("train 9223372036854775808 0.1"),
                       .outOfRange("9223372036854775808", .iterations, at: SourcePosition(column: 7)))
        XCTAssertEqual(parsed("train 9223372036854775807 0.1"),
                       .train(iterations: Int.max, learningRate: 0.1, every: nil))
        XCTAssertEqual(parseError("W99999999999999999999 = 1"),
                       .outOfRange("99999999999999999999", .nameLayer, at: SourcePosition(column: 1)))
        XCTAssertEqual(parseError("W1[99999999999999999999, 0] = 1"),
                       .outOfRange("99999999999999999999", .rowIndex, at: SourcePosition(column: 4)))
        XCTAssertEqual(parseError("W1 = ones -3 2"), .outOfRange("-3", .rows, at: SourcePosition(column: 11)))
    }

    func testDeepBracketsFinishFastWithoutRecursion() {
        let deep = "W1 = " + String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000)
        assertFast(1) {
            XCTAssertEqual(parseError(deep), .tooManyDimensions(at: SourcePosition(column: 8)))
            XCTAssertTrue(Parser.needsContinuation(String(repeating: "[", count: 100_000)))
            XCTAssertFalse(Parser.needsContinuation(String(repeating: "]", count: 100_000)))
            XCTAssertNotNil(parseError("W1 = np.array(" + String(repeating: "(", count: 10_000)))
            XCTAssertNotNil(parseError(String(repeating: "[", count: 10_000)))
        }
    }

    func testNulAndOddUnicodeAreErrors() {
        XCTAssertEqual(parseError("forward\u{0}"), .unexpectedCharacter("\u{0}", at: SourcePosition(column: 8)))
        XCTAssertEqual(parseMessage("forward\u{0}"),
                       "unexpected character U+0000 at column 8; the line contains a NUL byte")
        XCTAssertEqual(parseError("\u{0}"), .unexpectedCharacter("\u{0}", at: SourcePosition(column: 1)))
        XCTAssertEqual(parseError("W1 = [[1, 2]]\u{0}"), .unexpectedCharacter("\u{0}", at: SourcePosition(column: 14)))
        XCTAssertEqual(parseError("W1 = \u{2212}1"), .unexpectedCharacter("\u{2212}", at: SourcePosition(column: 6)))
        XCTAssertEqual(parseMessage("W1 = \u{2212}1"),
                       "unexpected character '\u{2212}' (U+2212) at column 6; type the ASCII minus sign '-'")
        XCTAssertEqual(parseError("W1 = randn 3 2 \u{00D7} 0.01"),
                       .unexpectedCharacter("\u{00D7}", at: SourcePosition(column: 16)))
        XCTAssertEqual(parseError("é = 3"), .unexpectedCharacter("é", at: SourcePosition(column: 1)))
        XCTAssertEqual(parseError("show W1 😀"), .unexpectedCharacter("😀", at: SourcePosition(column: 9)))
        XCTAssertEqual(parseError("naïve = 1"), .unexpectedCharacter("ï", at: SourcePosition(column: 3)))
        XCTAssertEqual(parsed("forward\u{00A0}2"), .forward(.layer(2)))
        // Invalid UTF-8 decodes to U+FFFD and is reported like any other character.
        let invalid = String(decoding: [0x66, 0x6F, 0xFF, 0x72], as: UTF8.self)
        XCTAssertNotNil(parseError(invalid))
        // Stray control characters.
        XCTAssertEqual(parseError("forward \u{1B}[A"), .unexpectedCharacter("\u{1B}", at: SourcePosition(column: 9)))
    }

    /// One megabyte of each kind of input; in a release build each takes well under 0.1 s,
    /// so the (debug-build) bound only catches quadratic behaviour.
    func testMegabyteLinesAreLinear() {
        let size = 1 << 20
        let longName = String(repeating: "a", count: size)
        let longNumber = String(repeating: "9", count: size)
        assertFast(5) {
            guard case .unknownCommand? = parseError(longName) else { return XCTFail("long word") }
        }
        assertFast(5) {
            guard case let .assign(.user(a), .name(.user(b), _))? = parsed(longName + " = " + longName)
            else { return XCTFail("a long user name is still a name") }
            XCTAssertEqual(a.count, size)
            XCTAssertEqual(b.count, size)
        }
        assertFast(5) {
            XCTAssertEqual(parseError("W1 = randn " + longNumber + " 1"),
                           .outOfRange(ParseError.abbreviate(longNumber), .rows, at: SourcePosition(column: 12)))
        }
        assertFast(5) {
            guard case let .assign(_, e)? = parsed("W1 = " + longNumber), let m = e.literalMatrix
            else { return XCTFail("a huge number is a literal") }
            XCTAssertEqual(m.storage, [.infinity], "numpy reads 9…9 (a million digits) as inf too")
        }
        assertFast(5) {
            guard case let .assign(_, .matrix(m))? = parsed("W1 = [" + String(repeating: "1.5 ", count: size / 4) + "]")
            else { return XCTFail("long row") }
            XCTAssertEqual(m.cols, size / 4)
        }
        assertFast(5) {
            let rows = "W1 = [" + String(repeating: "[1, -2.5e-3], ", count: size / 14) + "]"
            guard case let .assign(_, .matrix(m))? = parsed(rows) else { return XCTFail("many rows") }
            XCTAssertEqual(m.rows, size / 14)
        }
        assertFast(5) {
            XCTAssertEqual(parsed(String(repeating: " ", count: size) + "forward"), .forward(.next))
        }
        assertFast(5) {
            let garbage = String(repeating: "@", count: size)
            XCTAssertEqual(parseError(garbage), .unexpected("@", expected: .command, at: SourcePosition(column: 1)))
        }
        assertFast(5) {
            let unclosed = "W1 = [" + String(repeating: "1 ", count: size / 2)
            XCTAssertEqual(parseError(unclosed), .unclosedBracket("[", at: SourcePosition(column: 6)))
            XCTAssertTrue(Parser.needsContinuation(unclosed))
        }
        assertFast(5) {
            XCTAssertLessThan(parseMessage(longName + " = 1 2").count, 300)
            XCTAssertLessThan(parseMessage("W1 = [[" + longNumber + "x]]").count, 300)
        }
    }

    /// Random lines of language fragments and raw bytes: every one parses or gives an error, never a trap.
    func testRandomLinesNeverTrap() {
        let pieces = ["net", "W1", "W[", "]", "[", "(", ")", ",", " ", "=", "*", "/", "-", "+", ".", "T", "np", "array",
                      "randn", "1", "0", "-0.", "1e", "e5", "99999999999999999999", "nan", "inf", "\"", "'", "#",
                      "\n", "\u{0}", "é", "😀", "dtype", "float", "int", ":", "relu", "forward", "show", "layer",
                      "expect", "atol", "save", "load", "as", "x", "dw2", "L", "A", "d", "onehot", "zeros", "random",
                      "\u{00A0}", "seed", "init", "train", "every", "set", "precision", "help"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for k in 0..<20_000 {
            var line = ""
            if k % 4 == 0 {
                let bytes = (0..<(next() % 24)).map { _ in UInt8(truncatingIfNeeded: next()) }
                line = String(decoding: bytes, as: UTF8.self)
            } else {
                for _ in 0..<(next() % 14) { line += pieces[next() % pieces.count] }
            }
            _ = Parser.needsContinuation(line)
            do {
                _ = try Parser.parse(line)
            } catch {
                XCTAssertFalse(error.message.isEmpty)
            }
        }
    }
}
