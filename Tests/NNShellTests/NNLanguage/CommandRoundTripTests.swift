import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// The property `save FILE.nnscript` rests on: `parse(print(command)) == command`, for every
/// kind of command, over generated file names and array keys that include every name that
/// once broke a saved session (quotes, spaces, `#`, backslashes, escape characters, U+2028,
/// `é`, `'''`) and random text. Seeded, so a failure is the same failure every run.
final class CommandRoundTripTests: XCTestCase {
    /// Commands generated per kind of command.
    private static let perKind = 100

    func testEveryCommandKindParsesBackFromItsText() {
        var g = Generator(seed: 0x5EED_2021)
        var words: Set<String> = []
        var lines: [String] = []
        var commands: [Command] = []
        for kind in Kind.allCases {
            for _ in 0..<Self.perKind {
                let command = g.command(kind)
                XCTAssertEqual(Self.kind(of: command), kind, "the generator for \(kind) made another kind")
                words.insert(command.word)
                let text = command.description
                guard let back = parsed(text) else { continue }
                XCTAssertEqual(back, command, text.debugDescription)
                // Swift's == on strings is canonical equivalence; the file system's is bytes.
                XCTAssertEqual(Array(back.description.utf8), Array(text.utf8), text.debugDescription)
                lines.append(text)
                commands.append(command)
            }
        }
        let every = Set(CommandSpec.all.map(\.name))
        XCTAssertEqual(every.subtracting(words), [], "a command of CommandSpec.all has no generator")
        // Read back as a script is: the lines of a file, each one command.
        var reader = ScriptReader(text: lines.joined(separator: "\n") + "\n")
        var k = 0
        while case let .line(line) = reader.readLine(prompt: "") {
            guard k < commands.count else { return XCTFail("more lines than commands: \(line.debugDescription)") }
            XCTAssertEqual(parsed(line), commands[k], line.debugDescription)
            k += 1
        }
        XCTAssertEqual(k, commands.count, "a command's text split into several lines")
    }

    func testHostileNamesAreQuotedAndPlainOnesAreNot() {
        for name in Self.hostileNames {
            let text = Command.load(path: name, key: name, as: nil).description
            XCTAssertEqual(parsed(text), .load(path: name, key: name, as: nil), text.debugDescription)
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value)
                || $0 == "\u{2028}" || $0 == "\u{2029}" }, "a raw control or separator in \(text.debugDescription)")
        }
        XCTAssertEqual(Command.load(path: "data/train.h5", key: "train_set_x", as: .X).description,
                       "load data/train.h5 train_set_x as X")
        XCTAssertEqual(Command.load(path: "../w-1.npz", key: "as", as: nil).description, "load ../w-1.npz \"as\"")
        XCTAssertEqual(Command.save(path: "x #y.npz", names: []).description, "save \"x #y.npz\"")
        XCTAssertEqual(Command.run(path: "a\u{1B}[2J\n.nnscript").description, "run \"a\\x1b[2J\\n.nnscript\"")
        XCTAssertEqual(Command.export(path: "é\u{2028}'\\.py").description, "export \"é\\u2028'\\\\.py\"")
    }

    func testEscapesInQuotedText() {
        let cases: [(String, String)] = [
            (#""a\\b""#, "a\\b"), (#""a\"b""#, "a\"b"), (#"'a\'b'"#, "a'b"), (#""\n\r\t""#, "\n\r\t"),
            (#""\x1b\x7F""#, "\u{1B}\u{7F}"), (#""\u00e9\U0001F600""#, "é😀"),
            // A backslash that starts no escape stays as typed, as Python keeps `\d`.
            (#""a\d\x4\uD800\U00110000""#, "a\\d\\x4\\uD800\\U00110000"), ("\"#\\\\\"", "#\\"),
        ]
        for (literal, text) in cases {
            XCTAssertEqual(parsed("load " + literal), .load(path: text, key: nil, as: nil), literal)
        }
        XCTAssert(parseMessage(#"load "a\""#).hasPrefix("the quote at column 6 is never closed"))
    }

    // MARK: - Names

    /// Names that broke a saved session, and their relatives.
    static let hostileNames = [
        "a'b", "a\"b", "a b", "a#b", "#", "x #y", "a\\b", "\\", "\\\\\"", "'''", "\"\"\"", "'", "\"",
        "\u{1B}[2J", "\u{1B}]0;title\u{07}", "\u{1B}]52;c;Zm9v\u{07}", "\u{07}", "x\rPASS all tests", "\r", "\n",
        "\t", "\0", "a\0b", "\u{7F}", "\u{85}", "\u{9B}31m", "\u{2028}", "\u{2029}", "é", "e\u{301}",
        "\u{301}", "\u{202E}txt.npz", "\u{FEFF}", "\u{200B}", "\u{A0}", "\u{FFFD}", "😀", "日本語",
        " lead", "trail ", "  ", "\\x41", "\\u0041", "\\n", "as", "-", "--x", "1e5", "+1.5", ".npz", "..", "/",
        "~", "a/b c/d.npz", "C:\\data\\x.npz", "[1, 2]", "np.load('x')", "=", "a=b",
    ]
}

// MARK: - The kinds of command

extension CommandRoundTripTests {
    /// One value per case of `Command`.
    enum Kind: CaseIterable {
        case net, act, loss, seed, initialize, dataset, assign, assignElement, forward, cost, backward, step
        case train, regularize, dropout, optimizer, minibatch, decay, batchnorm, predict, accuracy, show
        case setPrecision, setMaxElements, setLineWidth, setOutput, explain, diagram, plot, trace
        case expect, gradcheck, save, export, load, run, reset, resetDefault, history, undo, redo
        case help, clear, quit
    }

    /// The case of a command, exhaustively: a new case of `Command` does not compile until
    /// it is listed here, and then fails the test until `Generator.command` makes it.
    static func kind(of command: Command) -> Kind {
        switch command {
        case .net: return .net
        case .act: return .act
        case .loss: return .loss
        case .seed: return .seed
        case .initialize: return .initialize
        case .dataset: return .dataset
        case .assign: return .assign
        case .assignElement: return .assignElement
        case .forward: return .forward
        case .cost: return .cost
        case .backward: return .backward
        case .step: return .step
        case .train: return .train
        case .regularize: return .regularize
        case .dropout: return .dropout
        case .optimizer: return .optimizer
        case .minibatch: return .minibatch
        case .decay: return .decay
        case .batchnorm: return .batchnorm
        case .predict: return .predict
        case .accuracy: return .accuracy
        case .show: return .show
        case .setPrecision: return .setPrecision
        case .setMaxElements: return .setMaxElements
        case .setLineWidth: return .setLineWidth
        case .setOutput: return .setOutput
        case .explain: return .explain
        case .diagram: return .diagram
        case .plot: return .plot
        case .trace: return .trace
        case .expect: return .expect
        case .gradcheck: return .gradcheck
        case .save: return .save
        case .export: return .export
        case .load: return .load
        case .run: return .run
        case .reset: return .reset
        case .resetDefault: return .resetDefault
        case .history: return .history
        case .undo: return .undo
        case .redo: return .redo
        case .help: return .help
        case .clear: return .clear
        case .quit: return .quit
        }
    }
}

// MARK: - Generator

/// Commands the parser can give, drawn from a seeded SplitMix64.
private struct Generator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func maybe<T>(_ make: (inout Generator) -> T) -> T? { chance(0.5) ? make(&self) : nil }

    /// A size or count: small mostly, sometimes as large as the parser allows.
    mutating func count(_ upper: Int = 1_000_000_000) -> Int {
        chance(0.8) ? int(1...min(upper, 100)) : int(1...upper)
    }

    /// A finite double: a round one, a tiny or huge one, or any finite bit pattern.
    mutating func real() -> Double {
        switch int(0...3) {
        case 0: return pick([0, 1, -1, 0.5, 0.0075, 1.2, 1e-7, 1e-300, 5e-324, 1.7976931348623157e308])
        case 1: return Double(int(-1000...1000)) / 64
        default:
            while true {
                let x = Double(bitPattern: next())
                if x.isFinite { return x }
            }
        }
    }

    mutating func unit() -> Double { Double(int(1...1_000_000)) / 1_000_000 }   // (0, 1]

    mutating func below1() -> Double { Double(int(0...999_999)) / 1_000_000 }  // [0, 1)

    // MARK: Names

    /// Any text: hostile names, random ASCII, random scalars, random bytes read as UTF-8 (as a
    /// line is), or pieces of them joined.
    mutating func text() -> String {
        switch int(0...5) {
        case 0: return pick(CommandRoundTripTests.hostileNames)
        case 1: return String(decoding: (0..<int(0...12)).map { _ in UInt8(int(0...127)) }, as: UTF8.self)
        case 2: return String(decoding: (0..<int(0...12)).map { _ in UInt8(int(0...255)) }, as: UTF8.self)
        case 3:
            var s = ""
            for _ in 0..<int(0...8) {
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x9F, 0xA0...0x2FF, 0x2000...0x206F,
                                                     0x3000...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
                let range = pick(ranges)
                if let scalar = Unicode.Scalar(UInt32(int(Int(range.lowerBound)...Int(range.upperBound)))) {
                    s.unicodeScalars.append(scalar)
                }
            }
            return s
        case 4: return pick(["params.npz", "w.npy", "data/train_catvnoncat.h5", "../x.csv", "run.nnscript", "W1"])
        default: return (0..<int(2...4)).map { _ in pick(CommandRoundTripTests.hostileNames) }.joined()
        }
    }

    /// A file name: any text but the empty one, which the parser refuses.
    mutating func fileName() -> String {
        let t = text()
        return t.isEmpty ? "x" : t
    }

    /// A matrix name as the parser reads it: the lecture's, or an identifier of the learner's.
    mutating func matrixName(avoiding words: Set<String> = []) -> MatrixName {
        while true {
            if chance(0.4) {
                // A kind's slot (gamma2) is read as the learner's own name; the session makes it the layer's.
                let slot = pick(Slot.allCases.filter { !$0.isKindSlot })
                switch int(0...3) {
                case 0: return .output(slot)
                case 1: return pick([.X, .Y, .J])
                default:
                    let l = int(0...30)
                    if l > 0 || slot == .A || slot == .dA { return .layer(slot, l) }
                }
                continue
            }
            let first = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
            let rest = first + Array("0123456789")
            let word = String(pick(first)) + String((0..<int(0...8)).map { _ in pick(rest) })
            guard !words.contains(word), let name = try? MatrixName.spelled(word, at: SourcePosition(line: 1, column: 1)),
                  name.description == word else { continue }
            return name
        }
    }

    // MARK: Values

    mutating func matrix() -> Matrix {
        let rows = int(1...3), cols = int(1...3)
        return Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { _ in real() })
    }

    mutating func value() -> Expression {
        switch int(0...9) {
        case 0: return .literal(matrix())
        case 1: return .generator(.randn(count(), count()))
        case 2: return .generator(.rand(count(), count()))
        case 3: return .generator(.zeros(count(), count()))
        case 4: return .generator(.ones(count(), count()))
        case 5: return .generator(.normal(count(), count(), scale: chance(0.3) ? 1 : abs(real())))
        case 6: return .name(matrixName(), transposed: chance(0.5))
        case 7:
            let inner: Expression = pick([.generator(.randn(count(), count())), .name(matrixName(), transposed: chance(0.5)),
                                          .literal(Matrix(scalar: real())), .literal(matrix()),
                                          .scaled(.literal(Matrix(scalar: real())), pick([.multiply, .divide]), real())])
            return .scaled(inner, pick([.multiply, .divide]), real())
        case 8: return .generator(.onehot(matrixName(), count()))
        default:
            let text = pick(["np.dot(W1, X) + b1", "X[:, [0]]", "1./m * np.sum(dZ2, axis=1, keepdims=True)",
                             "np.maximum(0, Z1)", "A2 - Y", "np.permutation(4)", "np.random.randn(2, 3) * 0.01",
                             "randn 2 3 + 1", "(2 * X) + Y", "(randn 2 3).T", "normal 2 2 scale 0.5 * 2", "0.5 * W1.T",
                             "2 * (X / 3)", "[[5]] * 3", "-W1 * 2", "onehot Y 3 * 2", "np.zeros((2, 2)) - 1"])
            guard case let .assign(_, value)? = try? Parser.parse("M = " + text) else { return .generator(.zeros(1, 1)) }
            return value
        }
    }

    // MARK: Commands

    /// Words that start another form where a name could stand, so the parser never gives that name there.
    static let explainWords: Set<String> = ["forward", "backward", "cost"]
    static let commandWords = Set(CommandSpec.words)
    /// `W[2]` is layer 2's W, so a matrix of the learner's named W has no `W[i, j]` form.
    static let slotWords = Set(Slot.allCases.map(\.rawValue))

    mutating func command(_ kind: CommandRoundTripTests.Kind) -> Command {
        switch kind {
        case .net:
            let sizes = (0..<int(2...6)).map { _ in count(4096) }
            return .net(sizes.enumerated().map { k, n in
                LayerSpec(units: n, activation: k > 0 && chance(0.5) ? pick(Activation.allCases) : nil)
            })
        case .act: return .act(layer: count(), pick(Activation.allCases))
        case .loss: return .loss(pick(Loss.allCases))
        case .seed: return .seed(UInt32(truncatingIfNeeded: next()))
        case .initialize: return .initialize(pick(InitScheme.allCases), seed: maybe { UInt32(truncatingIfNeeded: $0.next()) })
        case .dataset: return .dataset(fileName())
        case .assign: return .assign(matrixName(avoiding: ["help"]), value())
        case .assignElement:
            return .assignElement(matrixName(avoiding: Self.commandWords.union(Self.slotWords)),
                                  row: int(0...999), col: int(0...999), real())
        case .forward: return .forward(pick([.next, .all, .layer(count())]))
        case .cost: return .cost
        case .backward: return .backward(pick([.next, .all, .layer(count())]))
        case .step: return .step(learningRate: real())
        case .train: return .train(iterations: count(), learningRate: real(), every: maybe { $0.count() })
        case .regularize: return .regularize(lambda: maybe { abs($0.real()) })
        case .dropout:
            return .dropout(maybe { g in
                Dropout(keep: g.unit(), layers: g.maybe { h in (0..<h.int(1...3)).map { _ in h.count() } },
                        seed: g.maybe { UInt32(truncatingIfNeeded: $0.next()) })
            })
        case .optimizer:
            return .optimizer(pick([.gd, .momentum(beta: below1()),
                                    .adam(beta1: below1(), beta2: below1(), epsilon: unit() / 1000)]))
        case .minibatch:
            return .minibatch(pick([.off, .next, .on(MiniBatch(size: count(), seed: UInt32(truncatingIfNeeded: next())))]))
        case .decay: return .decay(pick([nil, .inverse(rate: abs(real())), .scheduled(rate: abs(real()), interval: count())]))
        case .batchnorm:
            return .batchnorm(pick([.show, .off(layers: (0..<int(0...3)).map { _ in count() }),
                                    .on(layers: (0..<int(1...3)).map { _ in count() }, epsilon: maybe { $0.unit() / 1000 })]))
        case .predict: return .predict(maybe { $0.matrixName() })
        case .accuracy: return chance(0.3) ? .accuracy(x: nil, y: nil) : .accuracy(x: matrixName(), y: matrixName())
        case .show:
            return .show(pick([.overview, .layer(count()), .params, .grads,
                               .names((0..<int(1...4)).map { _ in matrixName() })]))
        case .setPrecision: return .setPrecision(int(1...17))
        case .setMaxElements: return .setMaxElements(count())
        case .setLineWidth: return .setLineWidth(int(20...1000))
        case .setOutput: return .setOutput(pick(OutputMode.allCases))
        case .explain:
            return .explain(pick([.forward(count()), .backward(count()), .cost,
                                  .name(matrixName(avoiding: Self.explainWords), row: nil, col: nil),
                                  .name(matrixName(avoiding: Self.explainWords.union(Self.slotWords)),
                                        row: int(0...99), col: int(0...99))]))
        case .diagram: return .diagram
        case .plot: return .plot(pick(PlotTarget.allCases))
        case .trace: return .trace(example: int(0...999))
        case .expect:
            return .expect(matrixName(), value(), atol: maybe { abs($0.real()) }, rtol: maybe { abs($0.real()) })
        case .gradcheck: return .gradcheck(epsilon: maybe { $0.unit() / 1000 })
        case .save: return .save(path: fileName(), names: (0..<int(0...3)).map { _ in matrixName() })
        case .export: return .export(path: fileName())
        case .load: return .load(path: fileName(), key: maybe { $0.text() }, as: maybe { $0.matrixName() })
        case .run: return .run(path: fileName())
        case .reset: return .reset
        case .resetDefault: return .resetDefault
        case .history: return .history
        case .undo: return .undo
        case .redo: return .redo
        case .help: return .help(maybe { $0.pick(CommandSpec.words + ["="]) })
        case .clear: return .clear
        case .quit: return .quit
        }
    }
}
