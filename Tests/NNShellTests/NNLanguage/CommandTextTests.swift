import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// Every command written back as text (for `history` and `save FILE.nnscript`) parses to the same command.
final class CommandTextTests: XCTestCase {
    private let w1 = MatrixName.layer(.W, 1)

    private var commands: [Command] {
        [
            .net([LayerSpec(units: 2), LayerSpec(units: 4), LayerSpec(units: 3), LayerSpec(units: 1)]),
            .net([LayerSpec(units: 784), LayerSpec(units: 20, activation: .leakyRelu),
                  LayerSpec(units: 7, activation: .tanh), LayerSpec(units: 10, activation: .softmax)]),
            .net([LayerSpec(units: 1), LayerSpec(units: 1, activation: .linear)]),
            .act(layer: 2, .leakyRelu), .act(layer: 1, .sigmoid), .act(layer: 3, .softmax),
            .loss(.bce), .loss(.ce), .loss(.mse),
            .seed(0), .seed(1), .seed(4_294_967_295),
            .initialize(.small, seed: nil), .initialize(.he, seed: 1), .initialize(.xavier, seed: 3),
            .initialize(.zeros, seed: nil),
            .dataset("xor"),
            .assign(.X, .literal(Matrix([[0, 0, 1, 1], [0, 1, 0, 1]]))),
            .assign(.Y, .literal(Matrix([[1, 0, 1]]))),
            .assign(.J, .literal(Matrix(scalar: -0.6931471805599453))),
            .assign(w1, .literal(Matrix([[1.6243453636632417, -0.6117564136500754], [1e-300, -5e-324],
                                        [1.7976931348623157e308, 0.1], [123456789.0, -2.5]]))),
            .assign(.user("foo"), .generator(.randn(3, 4))),
            .assign(.user("A_prev"), .generator(.rand(2, 5))),
            .assign(.layer(.b, 2), .generator(.zeros(3, 1))),
            .assign(.user("o"), .generator(.ones(1, 1))),
            .assign(.user("t"), .name(w1, transposed: true)),
            .assign(.user("x2"), .name(.X, transposed: false)),
            .assign(.user("expected_dW1"), .name(.layer(.dW, 1), transposed: false)),
            .assign(.layer(.W, 2), .scaled(.generator(.randn(3, 4)), .multiply, 0.01)),
            .assign(.layer(.W, 3), .scaled(.generator(.randn(1, 3)), .divide, 1.7320508075688772)),
            .assign(.layer(.dA, 0), .scaled(.name(.user("g"), transposed: true), .multiply, -1)),
            .assign(.Y, .generator(.onehot(.user("labels"), 10))),
            .assign(.output(.A), .literal(Matrix([[0.5]]))),
            .assign(.output(.dA), .generator(.zeros(1, 4))),
            .assignElement(.layer(.W, 2), row: 0, col: 1, 0.5),
            .assignElement(.X, row: 3, col: 0, -1e-7),
            .assignElement(.user("foo"), row: 0, col: 0, 12345.678),
            .forward(.next), .forward(.layer(2)), .forward(.all),
            .cost,
            .backward(.next), .backward(.layer(1)), .backward(.all),
            .step(learningRate: 0.0075), .step(learningRate: 1), .step(learningRate: -0.5),
            .train(iterations: 2500, learningRate: 0.0075, every: nil),
            .train(iterations: 10, learningRate: 1.2, every: 1),
            .predict(nil), .predict(.user("X_test")),
            .accuracy(x: nil, y: nil), .accuracy(x: .user("X_test"), y: .user("Y_test")),
            .show(.overview), .show(.names([.X])), .show(.names([w1, .layer(.dA, 0), .output(.A), .J, .user("foo")])),
            .show(.layer(2)), .show(.params), .show(.grads),
            .setPrecision(4), .setPrecision(17), .setMaxElements(1_000_000),
            .setLineWidth(120), .setOutput(.brief), .setOutput(.full), .clear,
            .explain(.forward(2)), .explain(.backward(1)), .explain(.cost),
            .explain(.name(.layer(.dW, 1), row: 0, col: 1)), .explain(.name(.layer(.Z, 2), row: nil, col: nil)),
            .diagram,
            .plot(.cost), .plot(.boundary),
            .expect(.layer(.W, 1), .literal(Matrix([[1, 2], [3, 4]])), atol: nil, rtol: nil),
            .expect(.J, .literal(Matrix(scalar: 0.6931471805599453)), atol: 1e-12, rtol: nil),
            .expect(.layer(.dW, 2), .name(.user("expected_dW2"), transposed: false), atol: 1e-7, rtol: 0),
            .expect(.layer(.db, 1), .generator(.zeros(4, 1)), atol: nil, rtol: 0.001),
            .gradcheck(epsilon: nil), .gradcheck(epsilon: 1e-7), .gradcheck(epsilon: 0.001),
            .save(path: "params.npz", names: []), .save(path: "w.npy", names: [w1]),
            .save(path: "run.nnscript", names: []), .save(path: "my params.npz", names: [w1, .layer(.b, 1)]),
            .save(path: "dir/out#1.npz", names: []),
            .load(path: "params.npz", key: nil, as: nil), .load(path: "train.h5", key: "train_set_x", as: .X),
            .load(path: "w.npy", key: nil, as: .user("w")), .load(path: "my file.npz", key: "W1", as: nil),
            .run(path: "lecture.nnscript"), .run(path: "my script.nnscript"),
            .reset, .resetDefault, .history, .undo, .redo, .help(nil), .help("forward"), .quit,
            .regularize(lambda: 0.7), .regularize(lambda: nil),
            .batchnorm(.on(layers: [1, 2], epsilon: nil)), .batchnorm(.on(layers: [3], epsilon: 0.001)),
            .batchnorm(.off(layers: [])), .batchnorm(.off(layers: [2, 1])), .batchnorm(.show),
            .dropout(Dropout(keep: 0.86)), .dropout(Dropout(keep: 0.5, layers: [1, 3], seed: 1)), .dropout(nil),
            .optimizer(.gd), .optimizer(.momentum(beta: 0.9)), .optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)),
            .minibatch(.on(MiniBatch(size: 64))), .minibatch(.on(MiniBatch(size: 3, seed: 0))),
            .minibatch(.off), .minibatch(.next),
            .decay(.inverse(rate: 1)), .decay(.scheduled(rate: 0.3, interval: 1000)), .decay(nil),
            .trace(example: 0), .trace(example: 12), .export(path: "session.py"), .export(path: "my notebook.ipynb"),
            .save(path: "w1.csv", names: [w1]),
        ]
    }

    func testEveryCommandPrintsAsTextThatParsesBack() {
        for command in commands {
            let text = command.description
            XCTAssertEqual(parsed(text), command, text)
        }
    }

    func testEveryKindOfCommandIsCovered() {
        let covered = Set(commands.map(kind))
        XCTAssertEqual(covered.count, 44, "a kind of command is missing above")
    }

    /// The case of a command, exhaustively: a new case of `Command` does not compile until listed here.
    private func kind(_ command: Command) -> Int {
        switch command {
        case .net: return 0
        case .act: return 1
        case .loss: return 2
        case .seed: return 3
        case .initialize: return 4
        case .dataset: return 5
        case .assign: return 6
        case .assignElement: return 7
        case .forward: return 8
        case .cost: return 9
        case .backward: return 10
        case .step: return 11
        case .train: return 12
        case .predict: return 13
        case .accuracy: return 14
        case .show: return 15
        case .setPrecision: return 16
        case .setMaxElements: return 17
        case .explain: return 18
        case .diagram: return 19
        case .plot: return 20
        case .expect: return 21
        case .gradcheck: return 22
        case .save: return 23
        case .load: return 24
        case .run: return 25
        case .reset: return 26
        case .history: return 27
        case .undo: return 28
        case .redo: return 29
        case .help: return 30
        case .quit: return 31
        case .resetDefault: return 32
        case .setLineWidth: return 34
        case .setOutput: return 33
        case .clear: return 35
        case .regularize: return 36
        case .dropout: return 37
        case .optimizer: return 38
        case .minibatch: return 39
        case .decay: return 40
        case .trace: return 41
        case .export: return 42
        case .batchnorm: return 43
        }
    }

    func testTextIsTheLearnersSpelling() {
        XCTAssertEqual(Command.net([LayerSpec(units: 2), LayerSpec(units: 4, activation: .relu)]).description,
                       "net 2 4:relu")
        XCTAssertEqual(Command.initialize(.he, seed: 1).description, "init he seed 1")
        XCTAssertEqual(Command.assign(.layer(.W, 2), .scaled(.generator(.randn(3, 4)), .multiply, 0.01)).description,
                       "W2 = randn 3 4 * 0.01")
        XCTAssertEqual(Command.assignElement(.layer(.W, 2), row: 0, col: 1, 0.5).description, "W2[0,1] = 0.5")
        XCTAssertEqual(Command.save(path: "my params.npz", names: [.layer(.W, 1)]).description,
                       "save \"my params.npz\" W1")
        XCTAssertEqual(Command.assign(.X, .literal(Matrix([[1, 2]]))).description, "X = [[1.0, 2.0]]")
        XCTAssertEqual(Command.assign(.J, .literal(Matrix(scalar: 0.5))).description, "J = 0.5")
    }
}
