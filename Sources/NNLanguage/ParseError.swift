import NNCore

/// Where in the typed text something is: 1-based line (for multi-line literals) and column.
public struct SourcePosition: Equatable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int = 1, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Why a line is not a command. Every message the parser can give is written in this file.
public enum ParseError: Error, Equatable {
    // MARK: Characters and tokens
    /// A character the language never uses (NUL, a control character, `×`, `−`, …).
    case unexpectedCharacter(String, at: SourcePosition)
    /// A `"` or `'` with no closing quote on its line.
    case unterminatedString(at: SourcePosition)
    /// Token `found` where something else was expected.
    case unexpected(String, expected: Expected, at: SourcePosition)
    /// The line ended where something was still expected.
    case missing(Expected, after: String)
    /// The command was complete but more followed.
    case extraInput(String, after: String, at: SourcePosition)

    // MARK: Commands and words
    /// The first word is no command; close commands by spelling.
    case unknownCommand(String, suggestions: [String])
    /// A matrix name typed on its own.
    case nameAlone(String)
    /// An activation, loss, initialization, setting or `show` target that does not exist.
    case unknownChoice(String, Choice, suggestions: [String], at: SourcePosition)

    // MARK: Names
    /// A reserved word used as a matrix name (`randn = …`).
    case reservedName(String, at: SourcePosition)
    /// `W0`, `b0`, `Z0`, `dZ0`, `dW0`, `db0`.
    case layerZero(String, at: SourcePosition)
    /// `W[]` without a layer.
    case slotWithoutLayer(String, at: SourcePosition)

    // MARK: Numbers
    /// Text that starts like a number but is not one (`2x3`, `1.5.3`, `1e`).
    case notANumber(String, at: SourcePosition)
    /// A fraction, exponent, nan or inf where a whole number is needed.
    case notAWholeNumber(String, Quantity, at: SourcePosition)
    /// A number outside what `quantity` allows, including ones too large to represent.
    case outOfRange(String, Quantity, at: SourcePosition)

    // MARK: Networks
    /// `net` with fewer than two sizes.
    case tooFewLayers(Int)
    /// An activation on n[0] (`net 2:relu 4`).
    case inputActivation(at: SourcePosition)

    // MARK: Matrix literals
    /// `[[0. 0. ... 0.]]`: numpy's summary of a large array, whose hidden elements are not in the text.
    case summarizedArray(at: SourcePosition)
    /// `[]` or `[[]]`.
    case emptyMatrix(at: SourcePosition)
    /// A row (1-based) whose length differs from the first row's.
    case raggedRows(row: Int, count: Int, expected: Int, at: SourcePosition)
    /// A third level of `[`.
    case tooManyDimensions(at: SourcePosition)
    /// Rows and bare numbers side by side (`[[1, 2], 3]`).
    case mixedRowsAndNumbers(at: SourcePosition)
    /// An opening `[` or `(` never closed.
    case unclosedBracket(String, at: SourcePosition)
    /// A keyword argument `np.array` does not take here.
    case unsupportedKeyword(String, function: String, at: SourcePosition)
    /// `dtype=` other than float.
    case unsupportedDtype(String, at: SourcePosition)
    /// `np.float32(1e39)`, `array([1e39], dtype=float32)`: numpy gives inf, and values must be finite.
    case float32Overflow(String, at: SourcePosition)

    // MARK: Expressions
    /// `np.foo(…)` or `foo(…)`: a function nnstep does not have; close ones by spelling.
    case unknownFunction(String, suggestions: [String], at: SourcePosition)
    /// `E.foo`: an attribute or method nnstep does not have.
    case unknownAttribute(String, suggestions: [String], at: SourcePosition)
    /// A call with too few or too many matrices.
    case argumentCount(function: String, expected: String, got: Int, at: SourcePosition)
    /// A keyword argument the function does not take.
    case unknownKeyword(String, function: String, allowed: [String], at: SourcePosition)
    /// A keyword argument with a value it cannot have (`axis=2`, `keepdims=3`).
    case badKeywordValue(String, keyword: String, expected: String, at: SourcePosition)
    /// More than two subscripts, or a subscript nnstep does not read.
    case badIndex(String, at: SourcePosition)
    /// `a < b < c`: Python chains comparisons, which numpy cannot do on matrices.
    case chainedComparison(at: SourcePosition)
    /// An expression nested deeper than the limit.
    case tooDeep(limit: Int, at: SourcePosition)

    // MARK: Files
    /// `""` as a file name.
    case emptyFileName(at: SourcePosition)
}

// MARK: - What was expected

extension ParseError {
    /// What the parser wanted at the point of an error.
    public enum Expected: Equatable, Sendable {
        case command
        case value
        case number
        case quantity(Quantity)
        case name
        case stageTarget
        case showTarget
        case setting
        case activation
        case loss
        case initOption
        case fileName
        case word
        case equals
        case literalElement
        case literal
        case closing(String)
        case indexComma
        case tolerance
        case loadKey
        case npFunction
        case plotTarget
        case outputMode
        case operand

        var text: String {
            switch self {
            case .command: return "a command (type help for the list)"
            case .value:
                return "a value: a matrix like [[1, 2], [3, 4]], a number, randn R C, rand R C, "
                    + "zeros R C, ones R C, permutation N, normal R C [scale S], onehot NAME K, a matrix's name, or a numpy expression such as np.dot(W1, X) + b1"
            case .number: return "a number like 0.01, -2 or 1e-05"
            case let .quantity(q): return "\(q.noun) (\(q.rangeText))"
            case .name: return "a matrix name like W1, dA2, X, Y, AL or one of your own"
            case .stageTarget: return "a layer number 1…L or all"
            case .showTarget: return "matrix names, layer L, params or grads"
            case .setting: return "a setting: " + Setting.allCases.map { "\($0.rawValue) \($0.argument)" }.joined(separator: ", ")
            case .plotTarget: return "what to plot (\(Choice.plot.options))"
            case .outputMode: return "an output mode (\(Choice.outputMode.options))"
            case .activation: return "an activation (\(Choice.activation.options))"
            case .loss: return "a loss (\(Choice.loss.options))"
            case .initOption: return "an initialization (\(Choice.initScheme.options)) or seed N"
            case .fileName: return "a file name (quote it if it has spaces: \"my file.npz\")"
            case .word: return "a word"
            case .equals: return "= and a value (NAME = VALUE) or an element index (NAME[i, j] = NUMBER)"
            case .literalElement: return "a number, ',' or ']'"
            case .literal: return "a matrix literal like [[1, 2], [3, 4]] or a number"
            case let .closing(c): return "'\(c)'"
            case .indexComma: return "',' and the column index j (NAME[i, j] = NUMBER, counting from 0)"
            case .tolerance: return "atol A or rtol R after the value"
            case .loadKey: return "the name of an array in the file, or as NAME"
            case .npFunction: return "a numpy function such as np.dot, np.sum, np.array, np.random.randn or np.zeros"
            case .operand: return "a value after the operator"
            }
        }
    }
}

// MARK: - Quantities

extension ParseError {
    /// A whole or real number with a meaning and a permitted range.
    public enum Quantity: Equatable, Sendable {
        case layerSize, rows, columns, layer, nameLayer, rowIndex, columnIndex
        case seed, precision, iterations, interval, classes, maxElements, lineWidth
        case learningRate, tolerance, epsilon, adamEpsilon, decayInterval
        case lambda, keep, batchSize, beta, decayRate, batchNormEpsilon

        /// The largest size or layer number the parser passes on; larger is surely a typo.
        static let maxSize = 1_000_000_000

        var noun: String {
            switch self {
            case .layerSize: return "the layer size n[l]"
            case .rows: return "the number of rows"
            case .columns: return "the number of columns"
            case .layer: return "the layer number l"
            case .nameLayer: return "the layer number in a name"
            case .rowIndex: return "the row index i"
            case .columnIndex: return "the column index j"
            case .seed: return "the seed"
            case .precision: return "the precision"
            case .iterations: return "the number of iterations"
            case .interval: return "the print interval K"
            case .decayInterval: return "time_interval (the epochs between decay steps)"
            case .classes: return "the number of classes K"
            case .maxElements: return "the largest number of elements"
            case .lineWidth: return "the line width"
            case .learningRate: return "the learning rate α"
            case .tolerance: return "the tolerance"
            case .epsilon: return "ε, the step of the finite differences"
            case .adamEpsilon: return "Adam's ε (the guard against dividing by zero)"
            case .batchNormEpsilon: return "batch norm's ε (added to σ² under the square root)"
            case .lambda: return "λ, the L2 strength"
            case .keep: return "keep_prob, the chance of keeping a unit"
            case .batchSize: return "the mini-batch size"
            case .beta: return "β, the averaging factor"
            case .decayRate: return "the decay rate"
            }
        }

        /// The permitted whole numbers, or nil for real-valued quantities.
        var range: ClosedRange<Int>? {
            switch self {
            case .layerSize, .rows, .columns, .layer, .classes, .batchSize: return 1...Self.maxSize
            case .nameLayer: return 0...Self.maxSize
            case .rowIndex, .columnIndex: return 0...(Self.maxSize - 1)
            case .seed: return 0...Int(UInt32.max)
            case .precision: return Setting.precisionDigits
            case .lineWidth: return Setting.lineWidths
            case .iterations, .interval, .decayInterval, .maxElements: return 1...Int.max
            case .learningRate, .tolerance, .epsilon, .adamEpsilon, .batchNormEpsilon: return nil
            case .lambda, .keep, .beta, .decayRate: return nil
            }
        }

        var rangeText: String {
            switch self {
            case .learningRate: return "a finite number like 0.0075"
            case .tolerance: return "a number ≥ 0 like 1e-08"
            case .epsilon: return "a small number > 0 like 1e-07"
            case .adamEpsilon: return "a small number > 0 like 1e-08"
            case .batchNormEpsilon: return "a small number > 0 like 1e-05"
            case .iterations, .interval, .decayInterval: return "a whole number ≥ 1"
            case .lambda, .decayRate: return "a number ≥ 0 like 0.7"
            case .keep: return "a number in (0, 1] like 0.86"
            case .beta: return "a number in [0, 1) like 0.9"
            case .rowIndex, .columnIndex: return "a whole number from 0, counting as numpy does"
            case .layer: return "between 1 and L, the number of layers (layer 0 is the input X: `show X`)"
            default:
                guard let r = range else { return "a number" }
                return "a whole number from \(r.lowerBound) to \(r.upperBound)"
            }
        }
    }

    /// A closed set of words the parser knows.
    public enum Choice: Equatable, Sendable {
        case activation, loss, initScheme, setting, plot, explain, outputMode
        case regularizer, optimizer, minibatch, decay, dropout, batchnorm

        var noun: String {
            switch self {
            case .activation: return "activation"
            case .loss: return CommandSpec.loss.name
            case .initScheme: return "initialization"
            case .setting: return "setting"
            case .plot: return CommandSpec.plot.name
            case .explain: return "thing to explain"
            case .outputMode: return "output mode"
            case .regularizer: return "regularisation"
            case .optimizer: return CommandSpec.optimizer.name
            case .minibatch: return "mini-batch option"
            case .decay: return CommandSpec.decay.name
            case .dropout: return "dropout option"
            case .batchnorm: return "batchnorm option"
            }
        }

        var options: String {
            switch self {
            case .activation: return Activation.allCases.map(\.name).joined(separator: ", ")
            case .loss: return Loss.allCases.map(\.name).joined(separator: ", ")
            case .initScheme: return InitScheme.allCases.map(\.name).joined(separator: ", ")
            case .setting: return Setting.allCases.map(\.rawValue).joined(separator: ", ")
            case .plot: return PlotTarget.allCases.map(\.rawValue).joined(separator: ", ")
            case .outputMode: return OutputMode.allCases.map(\.rawValue).joined(separator: ", ")
            case .explain: return "forward L, backward L, cost, or a name such as dW2 or dW2[1,3]"
            case .regularizer: return "l2 LAMBDA, off"
            case .optimizer: return "gd, momentum [beta B], adam [beta1 B1] [beta2 B2] [eps E]"
            case .minibatch: return "SIZE [seed N], off, next"
            case .decay: return "inverse RATE, scheduled RATE [interval K], off"
            case .dropout: return "KEEP [layers L…] [seed N], off"
            case .batchnorm: return "L… [eps E], off [L…]"
            }
        }
    }
}

// MARK: - Messages

extension ParseError {
    /// The message shown to the learner: what is wrong and what to type instead.
    public var message: String {
        switch self {
        case let .unexpectedCharacter(c, at):
            return "unexpected character \(Self.describe(character: c)) \(Self.place(at))\(Self.hint(character: c))"
        case let .unterminatedString(at):
            return "the quote \(Self.place(at)) is never closed; end the file name with the same quote"
        case let .unexpected(found, expected, at): return "expected \(expected.text) \(Self.place(at)), but found '\(found)'"
        case let .missing(expected, after): return "expected \(expected.text) after '\(after)'"
        case let .extraInput(found, after, at):
            return "unexpected '\(found)' \(Self.place(at)): '\(after)' is already complete"
        case let .unknownCommand(word, suggestions):
            return "unknown command '\(word)'\(Self.didYouMean(suggestions, then: "type help to see the commands"))"
        case let .nameAlone(name):
            return "'\(name)' is a matrix name, not a command: type show \(name) to print it, "
                + "or \(name) = VALUE to set it"
        case let .unknownChoice(word, choice, suggestions, at):
            return "unknown \(choice.noun) '\(word)' \(Self.place(at))"
                + Self.didYouMean(suggestions, then: "the choices are \(choice.options)")
        case let .reservedName(word, at):
            return "'\(word)' \(Self.place(at)) is a reserved word and cannot name a matrix; "
                + "choose another name, such as my_\(word)"
        case let .layerZero(name, at):
            return "there is no \(name) (\(Self.place(at))): layers are numbered 1…L; layer 0 is the input X "
                + "(= A0), which has only A0 and dA0"
        case let .slotWithoutLayer(slot, at):
            return "'\(slot)[]' \(Self.place(at)) needs a layer: write \(slot)1, \(slot)[1] or \(slot)L"
        case let .summarizedArray(at): return Self.summarized(at)
        case let .notANumber(text, at):
            return "'\(text)' \(Self.place(at)) is not a number; write numbers like 3, -0.5 or 1e-05"
                + " (separate numbers with spaces)"
        case let .notAWholeNumber(text, quantity, at):
            return "\(quantity.noun) must be \(quantity.rangeText); '\(text)' \(Self.place(at)) is not a whole number"
        case let .outOfRange(text, quantity, at):
            return "\(quantity.noun) must be \(quantity.rangeText); got \(text) \(Self.place(at))"
        case let .tooFewLayers(count): return Self.tooFew(count)
        case let .inputActivation(at):
            return "n[0] is the input X and has no activation (\(Self.place(at))); "
                + "put activations on later sizes: net 2 4:relu 1:sigmoid"
        case let .emptyMatrix(at): return "empty matrix \(Self.place(at)): a matrix needs at least one number, e.g. [[1, 2]]"
        case let .raggedRows(row, count, expected, at):
            return "row \(row) of the matrix (\(Self.place(at))) has \(count) number\(count == 1 ? "" : "s") "
                + "but row 1 has \(expected); every row needs the same number of columns"
        case let .tooManyDimensions(at):
            return "nnstep matrices are 2-D, but the '[' \(Self.place(at)) opens a third level; "
                + "write [[1, 2], [3, 4]]"
        case let .mixedRowsAndNumbers(at):
            return "this matrix mixes rows and single numbers (\(Self.place(at))); "
                + "write one row as [1, 2, 3] or several as [[1, 2], [3, 4]]"
        case let .unclosedBracket(bracket, at):
            let closing = bracket == "(" ? ")" : "]"
            return "the '\(bracket)' \(Self.place(at)) is never closed; add '\(closing)'"
        case let .unsupportedKeyword(keyword, function, at): return Self.noKeyword(keyword, function, at)
        case let .unsupportedDtype(dtype, at):
            return "nnstep matrices hold float64 numbers, so dtype=\(dtype) (\(Self.place(at))) is not supported; "
                + "drop it or write dtype=float (float32 and integer types are read too)"
        case let .float32Overflow(value, at):
            return "\(value) is beyond float32's range (±3.4028235e+38), so as float32 it is inf, as in numpy "
                + "(\(Self.place(at))), and values must be finite numbers; leave out the float32 to keep it"
        case let .unknownFunction(name, suggestions, at):
            return "nnstep has no function \(name) (\(Self.place(at)))"
                + Self.didYouMean(suggestions, then: "the functions are listed by `help =`")
        case let .unknownAttribute(name, suggestions, at): return Self.noAttribute(name, suggestions, at)
        case let .argumentCount(function, expected, got, at):
            return "\(function) \(Self.place(at)) takes \(expected), but \(got == 0 ? "none was" : "\(got) \(got == 1 ? "was" : "were")") given"
        case let .unknownKeyword(keyword, function, allowed, at):
            let list = allowed.isEmpty ? "no keyword arguments" : allowed.map { $0 + "=" }.joined(separator: " and ")
            return "\(function) takes no \(keyword)= (\(Self.place(at))); it takes \(list)"
        case let .badKeywordValue(value, keyword, expected, at):
            return "\(keyword)=\(value) (\(Self.place(at))) is not allowed: \(keyword) must be \(expected)"
        case let .badIndex(detail, at):
            return "\(detail) (\(Self.place(at))); write X[i, j], X[:, 1:3], X[:, [2]] or X[0, :], counting from 0"
        case let .chainedComparison(at):
            return "comparisons cannot be chained (\(Self.place(at))): numpy refuses a < b < c on matrices; "
                + "write (a < b) * (b < c) for 1 where both hold"
        case let .tooDeep(limit, at):
            return "the expression nests more than \(limit) levels deep (\(Self.place(at))); "
                + "work it out in steps, naming the parts: t = …, then use t"
        case let .emptyFileName(at): return "empty file name \(Self.place(at))"
        }
    }
}

// MARK: - Wording helpers

extension ParseError {
    /// `tooFewLayers`'s message: a network needs n[0] and n[L].
    private static func tooFew(_ count: Int) -> String {
        "a network needs at least two sizes, n[0] (the input) and n[L] (the output), "
            + "but \(count == 0 ? "none was" : "only one was") given: e.g. net 2 4 1"
    }

    /// `unsupportedKeyword`'s message: what a literal's function takes.
    private static func noKeyword(_ keyword: String, _ function: String, _ at: SourcePosition) -> String {
        "\(function)(…) takes no \(keyword)= here (\(place(at))); "
            + "write \(function)([[1, 2], [3, 4]]), optionally with dtype=float"
    }

    /// `summarizedArray`'s message: what numpy's `...` stands for, and how to get the whole array.
    private static func summarized(_ at: SourcePosition) -> String {
        "'...' \(place(at)) stands for elements numpy did not print (it summarises arrays of "
            + "more than 1000 elements); print it whole after np.set_printoptions(threshold=sys.maxsize), "
            + "or np.save it and `load` the file"
    }

    /// `unknownAttribute`'s message, with the nearest attributes nnstep has.
    private static func noAttribute(_ name: String, _ suggestions: [String], _ at: SourcePosition) -> String {
        "a matrix has no .\(name) here (\(place(at)))"
            + didYouMean(suggestions.map { "." + $0 },
                         then: "write .T, .shape[i], .sum(…), .mean(…), .max(), .min(), .astype(float) or .copy()")
    }
}

extension ParseError {
    /// The longest piece of input quoted in a message.
    package static let snippetLimit = 40

    /// `text`, cut to `snippetLimit` characters with "…" if longer.
    package static func abbreviate(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == snippetLimit { return out + "…" }
            out.unicodeScalars.append(scalar)
            count += 1
        }
        return out
    }

    package static func place(_ p: SourcePosition) -> String {
        p.line == 1 ? "at column \(p.column)" : "at line \(p.line), column \(p.column)"
    }

    /// "; did you mean a or b? Then…" or, without suggestions, "; then…".
    package static func didYouMean(_ suggestions: [String], then rest: String) -> String {
        guard let last = suggestions.last else { return "; " + rest }
        let options = suggestions.count == 1
            ? last : suggestions.dropLast().joined(separator: ", ") + " or " + last
        return "; did you mean \(options)? " + rest.prefix(1).uppercased() + rest.dropFirst()
    }

    /// A character as the learner can read it: printable ones quoted, others as U+XXXX.
    package static func describe(character c: String) -> String {
        guard let scalar = c.unicodeScalars.first else { return "(end of input)" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) {
            return code
        }
        return "'\(c)' (\(code))"
    }

    /// Advice for characters that look like ones the language uses.
    package static func hint(character c: String) -> String {
        switch c {
        case "\u{2212}", "\u{2013}", "\u{2014}": return "; type the ASCII minus sign '-'"
        case "\u{00D7}", "\u{22C5}", "\u{00B7}": return "; type '*' to scale a matrix"
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}": return "; quote file names with ASCII \" or '"
        case "\u{0}": return "; the line contains a NUL byte"
        default: return "; nnstep commands use ASCII letters, digits and [ ] ( ) , = * / . : - + # \" '"
        }
    }
}
