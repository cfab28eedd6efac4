import NNCore
import NNLanguage
import NNFiles

/// What went wrong when a well-formed command could not run. Every message
/// is worded here, in the lecture's terms, with what to type instead.
public enum SessionError: Error, Equatable {
    /// A layer number outside 1…L (or 0…L where the input counts).
    case noSuchLayer(Int, depth: Int, net: String)
    /// A name of the lecture's that layer `layer`'s kind does not have (b2 on a batch-normalised layer).
    case notInLayer(name: String, layer: Int, kind: String, fix: String)
    /// A name that has no value yet; `fix` is the command that makes it.
    case missing(String, fix: String)
    /// A value computed from inputs that changed since.
    case stale(String, reason: String, fix: String)
    /// A parameter whose shape does not fit the network.
    case parameterShape(name: String, expected: String, got: String, net: String)
    /// Two operands of a stage whose shapes do not fit.
    case shapes(stage: String, detail: String)
    /// softmax asked for on a hidden layer.
    case softmaxHidden(layer: Int, depth: Int)
    /// softmax asked for on an output layer of one unit.
    case softmaxOneUnit(layer: Int)
    /// `predict` or `accuracy` from a network or input holding nan or inf; `cause` says where it comes from.
    case nonFinitePrediction(command: String, what: String, cause: String)
    /// `forward` with every layer current.
    case forwardComplete(depth: Int)
    /// `backward` with every layer's gradients current.
    case backwardComplete
    /// A number that is not allowed where it stands.
    case invalidNumber(what: String, value: String, expected: String)
    /// A matrix too large for the limit.
    case tooLarge(rows: Int, cols: Int, limit: Int)
    /// A matrix that fits the limit but not beside what the session holds already.
    case overBudget(rows: Int, cols: Int, held: Int, budget: Int)
    /// A network's W and b (and the optimiser's state), together, do not fit beside what the session holds.
    case parametersOverBudget(elements: Int, optimizer: String?, held: Int, budget: Int)
    /// The caches of every layer for m examples, together, do not fit beside what the session holds.
    case cachesOverBudget(examples: Int, copies: Int, elements: Int, held: Int, budget: Int)
    /// An expression's intermediate result that does not fit beside the session's matrices and the
    /// expression's other results still alive.
    case overBudgetWorking(rows: Int, cols: Int, held: Int, working: Int, budget: Int)
    /// An element index outside the matrix.
    case elementOutOfRange(name: String, row: Int, col: Int, shape: String)
    /// `onehot` given something other than labels 0…K−1.
    case badLabels(name: String, detail: String)
    /// A built-in dataset that does not exist.
    case unknownDataset(String, available: [String])
    /// A data set read from a file that none of the searched folders holds.
    case datasetFileMissing(name: String, file: String)
    /// A data set's file that does not hold the table the data set needs.
    case datasetFileShape(name: String, path: String, expected: String)
    /// A file name with an extension the command cannot handle.
    case unsupportedFile(command: String, path: String, expected: String)
    /// A script that runs itself, directly or through others.
    case recursiveRun(path: String)
    /// Scripts running scripts deeper than the limit.
    case runTooDeep(path: String, depth: Int)
    /// A file that could not be read or written.
    case file(FileError)
    /// A command the session cannot run here (e.g. `run` inside itself).
    case unavailable(String)

    // MARK: Expressions
    /// Two operands of `op` whose shapes numpy cannot broadcast together.
    case broadcast(op: String, left: Operand, right: Operand, at: SourcePosition)
    /// A matrix product whose inner sizes differ.
    case productShapes(function: String, left: Operand, right: Operand, at: SourcePosition)
    /// A subscript outside the matrix, or one that selects nothing.
    case badSubscript(target: Operand, detail: String, at: SourcePosition)
    /// A function given matrices it cannot work with.
    case badArgument(function: String, detail: String, at: SourcePosition)
    /// An expression whose result holds nan or ±inf (`float32`: it converts to float32, which overflows to inf).
    case nonFiniteResult(value: Double, row: Int, col: Int, shape: String, float32: Bool = false)
}

/// An operand of an expression as an error names it: its text and its shape.
public struct Operand: Equatable, Sendable {
    public var text: String
    public var rows: Int
    public var cols: Int

    public init(_ text: String, _ rows: Int, _ cols: Int) {
        self.text = ParseError.abbreviate(text)
        self.rows = rows
        self.cols = cols
    }

    /// `A1.T (4×3)`
    var described: String { "\(text) (\(rows)×\(cols))" }
}

// MARK: - Wording

extension SessionError {
    public var message: String {
        switch self {
        case let .noSuchLayer(l, depth, net):
            return "layer \(l) does not exist: this network (\(net)) has layers 1…\(depth); layer 0 is the input X"
        case let .notInLayer(name, l, kind, fix): return "layer \(l) is a \(kind) layer, which has no \(name): \(fix)"
        case let .missing(name, fix): return "\(name) has no value yet: \(fix)"
        case let .stale(name, reason, fix): return "\(name) is stale (\(reason)): \(fix)"
        case let .parameterShape(name, expected, got, net):
            return "\(name) must be \(expected) for this network (\(net)), got \(got); "
                + "to change the layer sizes, type `net …` first"
        case let .shapes(stage, detail): return "\(stage): \(detail)"
        case let .softmaxHidden(l, depth):
            return "softmax is for the output layer only (layer \(depth)), not layer \(l); "
                + "use relu, tanh, sigmoid, linear or leaky_relu here"
        case let .softmaxOneUnit(l):
            return "softmax needs at least 2 units: with 1 unit A\(l) = exp(Z)/exp(Z) = 1 for every example, "
                + "so the cost −log 1 = 0 never changes and nothing is learned; for two classes use sigmoid "
                + "(e.g. `net 2 4 1`), or give layer \(l) one unit per class"
        case let .nonFinitePrediction(command, what, cause):
            return "\(command): \(what), so the predictions would mean nothing: \(cause)"
        case let .forwardComplete(depth):
            return "forward is complete: all \(depth) layers are current; type `cost`, or `forward 1` to recompute"
        case .backwardComplete:
            return "backward is complete: every dW and db is current; type `step 0.01` to update the parameters"
        case let .invalidNumber(what, value, expected): return "\(what) \(value) is not allowed: \(expected)"
        case let .tooLarge(rows, cols, limit): return Self.tooLarge(rows, cols, limit)
        case let .overBudget(rows, cols, held, budget):
            return "a \(rows)×\(cols) matrix does not fit beside the \(held) elements the session holds: "
                + "all matrices together may have \(budget) elements (a quarter of the memory available); "
                + "`reset` forgets caches and gradients"
        case let .parametersOverBudget(elements, optimizer, held, budget):
            return Self.parametersOverBudget(elements, optimizer, held, budget)
        case let .cachesOverBudget(m, copies, elements, held, budget):
            return Self.cachesOverBudget(m, copies, elements, held, budget)
        case let .overBudgetWorking(rows, cols, held, working, budget):
            return "a \(rows)×\(cols) intermediate result does not fit beside the \(held) elements the session holds "
                + "and the \(working) of this expression's results still in use: all matrices together may have "
                + "\(budget) elements (a quarter of the memory available); `reset` forgets caches and gradients"
        case let .elementOutOfRange(name, row, col, shape):
            return "\(name)[\(row),\(col)] is outside \(name), which is \(shape); indices start at 0 as in numpy"
        case let .badLabels(name, detail): return "onehot needs labels 0…K−1 in a 1×m row: \(name) \(detail)"
        case let .unknownDataset(name, available):
            let hint = Suggestions.closest(to: name, in: available).first.map { " (did you mean `\($0)`?)" } ?? ""
            return "no dataset called \(path: name)\(hint); the built-in ones are: \(available.joined(separator: ", "))"
        case let .datasetFileMissing(name, file):
            return "\(CommandSpec.dataset.name) \(name) reads \(path: file), which is not in the current folder, "
                + "beside the running script or in a --data folder: copy \(path: file) into the current folder, or start nnstep with --data DIR "
                + "(the folder that holds it)"
        case let .datasetFileShape(name, path, expected):
            return "\(CommandSpec.dataset.name) \(name): \(path: path) should hold \(expected)"
        case let .unsupportedFile(command, path, expected): return "\(command) \(path: path): \(expected)"
        case let .recursiveRun(path):
            return "\(CommandSpec.run.name) \(path: path): this script is already running (a script cannot run itself)"
        case let .runTooDeep(path, depth):
            return "\(CommandSpec.run.name) \(path: path): scripts are already running \(depth) levels deep, the limit"
        case let .file(error): return error.message
        case let .unavailable(message): return message
        case let .broadcast(op, left, right, at):
            return "operands could not be broadcast together with '\(op)' \(ParseError.place(at)): "
                + "\(left.described) and \(right.described); each pair of sizes must be equal or 1 "
                + "(a column n×1 spreads over the columns, a row 1×m over the rows, a number over everything)"
        case let .productShapes(function, left, right, at):
            return "\(function) \(ParseError.place(at)): \(left.described) and \(right.described) do not multiply: "
                + "the columns of the first (\(left.cols)) must equal the rows of the second (\(right.rows)), "
                + "as in W[l]·A[l−1] (n[l]×n[l−1] times n[l−1]×m); a .T may be missing"
        case let .badSubscript(target, detail, at):
            return "\(target.described) \(ParseError.place(at)): \(detail); indices count from 0, negative ones from the end"
        case let .badArgument(function, detail, at): return "\(function) \(ParseError.place(at)): \(detail)"
        case let .nonFiniteResult(value, row, col, shape, float32):
            return "the result (\(shape)) has \(value.isNaN ? "nan" : String(value)) at [\(row),\(col)], "
                + "and values must be finite numbers: "
                + "np.log of 0 or less, a division by 0, or an overflow in np.exp makes nan or inf"
                + (float32 ? ", and so does np.float32 of a number beyond float32's range ±3.4028235e+38" : "")
        }
    }
}

// MARK: - The longer messages

extension SessionError {
    /// `tooLarge`'s message: the matrix's size and the limit that refuses it.
    private static func tooLarge(_ rows: Int, _ cols: Int, _ limit: Int) -> String {
        let bytes = rows.multipliedReportingOverflow(by: cols)
        let size = bytes.overflow ? "more than 2^63 elements"
            : "\(bytes.partialValue) elements, \(byteText(bytes.partialValue)) bytes"
        return "a \(rows)×\(cols) matrix is too large (\(size)); the limit is \(limit) elements "
            + "(`set max-elements N` changes it)"
    }

    /// `parametersOverBudget`'s message.
    private static func parametersOverBudget(_ elements: Int, _ optimizer: String?, _ held: Int, _ budget: Int) -> String {
        let what = optimizer.map { "the W[l] and b[l] of every layer and \($0)'s state" } ?? "the W[l] and b[l] of every layer"
        return "\(what) (\(elements) elements together) do not fit beside the \(held) elements the session holds: "
            + "all matrices together may have \(budget) elements (a quarter of the memory available); use fewer or smaller layers"
    }

    /// `cachesOverBudget`'s message, with a smaller slice of X to try.
    private static func cachesOverBudget(_ m: Int, _ copies: Int, _ elements: Int, _ held: Int, _ budget: Int) -> String {
        let what = copies > 2 ? "the caches and gradients" : "the caches Z[l] and A[l]"
        return "\(what) of every layer for m = \(m) examples (\(elements) elements together) do not fit beside "
            + "the \(held) elements the session holds: all matrices together may have \(budget) elements "
            + "(a quarter of the memory available); use fewer examples, such as X[:, :\(max(1, m / 2))], or smaller layers"
    }
}

/// 8·n as text, the size of n doubles (saturating).
func byteText(_ elements: Int) -> String {
    let r = elements.multipliedReportingOverflow(by: 8)
    return r.overflow ? "more than 2^63" : String(r.partialValue)
}

/// "1 row", "3 rows".
func count(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
}
