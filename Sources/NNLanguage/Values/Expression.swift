import NNCore

/// A numpy expression on the right of `=` or `expect`, as the learner types it.
///
/// ```
/// Z = np.dot(W, A_prev) + b
/// dW = 1./m * np.dot(dZ, A_prev.T)
/// db = 1./m * np.sum(dZ, axis=1, keepdims=True)
/// ```
/// Every value is a 2-D matrix: a number is 1×1 and numpy's 1-D results are
/// 1×n rows, as the literals are (see docs/commands.md, "Expressions").
public indirect enum Expression: Equatable, Sendable {
    /// `3`, `1.`, `-0.5`, `np.pi`: a 1×1 value.
    case number(Double)
    /// `[[1, 2], [3, 4]]`, `np.array(…)`.
    case matrix(Matrix)
    /// `W1`, `X`, `m`, `A_prev`.
    case name(MatrixName, at: Place)
    /// `randn R C`, `zeros R C`, `onehot Y K`, …: the generators nnstep has always had.
    case generator(Generator)
    /// `-E`, `+E`.
    case unary(UnaryOperator, Expression)
    /// `E op E`.
    case binary(BinaryOperator, Expression, Expression, at: Place)
    /// `np.sum(E, axis=1, keepdims=True)`, `relu(Z)`, `E.mean()`.
    case call(Call)
    /// `E.T`.
    case transpose(Expression)
    /// `E.shape[i]`: the size of axis i, a 1×1 value.
    case shape(Expression, axis: Int, at: Place)
    /// `E[i, j]`, `E[:, 1:3]`, `E[:, [2]]`.
    case index(Expression, [IndexItem], at: Place)
}

/// Where a piece of an expression starts, for the messages of errors found when it is
/// worked out. Positions are not part of an expression's meaning: two expressions
/// spelled alike are equal wherever they were typed.
public struct Place: Equatable, Sendable {
    public var position: SourcePosition

    public init(_ position: SourcePosition) {
        self.position = position
    }

    public static func == (_: Place, _: Place) -> Bool { true }
}

/// `-` and `+` in front of a value.
public enum UnaryOperator: String, Equatable, Sendable {
    case negate = "-"
    case plus = "+"
}

/// The binary operators, with numpy's (Python's) precedence.
///
/// ```
/// **                    binds tightest, right to left (-2**2 == -4)
/// unary - +
/// * / @                 left to right
/// + -
/// < <= > >= == !=       loosest; 1 where true, 0 where false
/// ```
public enum BinaryOperator: String, CaseIterable, Equatable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", matmul = "@", power = "**"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="

    /// Higher binds tighter.
    package var precedence: Int {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return 1
        case .add, .subtract: return 2
        case .multiply, .divide, .matmul: return 3
        case .power: return 5
        }
    }

    package var isComparison: Bool { precedence == 1 }
}

/// One subscript of `E[…]`.
public enum IndexItem: Equatable, Sendable {
    /// `i` (negative from the end): the axis is dropped, as in numpy.
    case single(Int)
    /// `start:stop:step`, each optional; `:` is everything.
    case slice(Int?, Int?, Int?)
    /// `[i, j, …]`: the listed rows or columns, the axis kept.
    case list([Int])
}

/// A function or method call, with its keyword arguments.
public struct Call: Equatable, Sendable {
    public var function: Function
    public var arguments: [Expression]
    /// `axis=0`, `axis=1`, `axis=-1`; nil for `axis=None` or none given.
    public var axis: Int?
    public var keepdims: Bool
    public var at: Place

    public init(_ function: Function, _ arguments: [Expression], axis: Int? = nil, keepdims: Bool = false,
                at: Place) {
        self.function = function
        self.arguments = arguments
        self.axis = axis
        self.keepdims = keepdims
        self.at = at
    }
}

/// Every function an expression can call.
public enum Function: String, CaseIterable, Equatable, Sendable {
    case dot = "np.dot", matmul = "np.matmul", multiply = "np.multiply", divide = "np.divide"
    case add = "np.add", subtract = "np.subtract"
    case sum = "np.sum", mean = "np.mean", max = "np.max", min = "np.min"
    case exp = "np.exp", log = "np.log", sqrt = "np.sqrt", abs = "np.abs", tanh = "np.tanh"
    case square = "np.square", power = "np.power", maximum = "np.maximum", minimum = "np.minimum"
    case `where` = "np.where", norm = "np.linalg.norm", transpose = "np.transpose", squeeze = "np.squeeze"
    case zerosLike = "np.zeros_like", onesLike = "np.ones_like"
    case float64 = "np.float64", float32 = "np.float32", int64 = "np.int64", array = "np.array"
    case relu, sigmoid, reluBackward = "relu_backward", sigmoidBackward = "sigmoid_backward"

    /// How many matrices it takes.
    package var arity: ClosedRange<Int> {
        switch self {
        case .dot, .matmul, .multiply, .divide, .add, .subtract, .power, .maximum, .minimum,
             .reluBackward, .sigmoidBackward:
            return 2...2
        case .where: return 3...3
        default: return 1...1
        }
    }

    /// Whether it takes `axis=` and `keepdims=`.
    package var reduces: Bool {
        switch self {
        case .sum, .mean, .max, .min, .norm: return true
        default: return false
        }
    }

    /// The spelling after `np.` (or the bare name), for lookup and suggestions.
    package static let byName: [String: Function] = {
        var out: [String: Function] = [:]
        for f in allCases { out[f.rawValue.hasPrefix("np.") ? String(f.rawValue.dropFirst(3)) : f.rawValue] = f }
        out["amax"] = .max
        out["amin"] = .min
        out["absolute"] = .abs
        return out
    }()

    /// Methods of a matrix: `E.sum(…)`, `E.mean(…)`, `E.max()`, `E.min()`, `E.copy()`.
    package static let methods: [String: Function] = [
        "sum": .sum, "mean": .mean, "max": .max, "min": .min, "copy": .array, "squeeze": .squeeze,
        "transpose": .transpose,
    ]
}

// MARK: - Writing back as text

extension Expression: CustomStringConvertible {
    /// The expression in numpy syntax, parenthesised where precedence needs it.
    public var description: String { written(ExpressionSpelling()) }

    /// The text after `NAME =` and `expect NAME`: a value form as nnstep has always written
    /// it (`W1 * 0.5`, `randn 2 3 * 0.01`), anything else as `description`.
    package var valueDescription: String { written(ExpressionSpelling(), asValue: isValueForm) }

    /// The expression with its leaves spelled by `spelling` (names, numbers, matrices,
    /// generators and function names), parenthesised where precedence needs it.
    /// `asValue`: the expression is a value form written as one (see `isValueForm`): its
    /// numbers and matrices are literals, a scale is written after its value (or before a
    /// scaled number, if `spelling.scaleFirst`), and nothing is parenthesised.
    package func written(_ spelling: ExpressionSpelling, asValue: Bool = false) -> String {
        switch self {
        case let .number(x): return asValue ? spelling.literal(Matrix(scalar: x)) : spelling.number(x)
        case let .matrix(m): return asValue ? spelling.literal(m) : spelling.matrix(m)
        case let .name(n, _): return spelling.name(n)
        case let .generator(g): return spelling.generator(g)
        case let .unary(op, e): return op.rawValue + e.operand(above: 4, spelling)
        case let .binary(op, l, r, _):
            if asValue, let (value, scaleOp, s) = scaling {
                if spelling.scaleFirst, scaleOp == .multiply, value.isScalarLiteral {
                    return spelling.number(s) + " * " + value.written(spelling, asValue: true)
                }
                return value.written(spelling, asValue: true) + " \(scaleOp.rawValue) " + spelling.number(s)
            }
            let right = op == .power ? r.operand(above: 3, spelling) : r.operand(above: op.precedence, spelling)
            // comparisons do not chain, so one on the left of another keeps its parentheses
            let left = op == .power ? l.operand(above: 5, spelling)
                : l.operand(above: op.precedence - (op.isComparison ? 0 : 1), spelling)
            return "\(left) \(op.rawValue) \(right)"
        case let .call(call):
            var parts = call.arguments.map { $0.written(spelling) }
            if let axis = call.axis { parts.append("axis=\(axis)") }
            if call.keepdims { parts.append("keepdims=True") }
            return spelling.call(call.function, "\(call.function.rawValue)(\(parts.joined(separator: ", ")))")
        case let .transpose(e): return e.operand(above: 5, spelling) + ".T"
        case let .shape(e, axis, _): return e.operand(above: 5, spelling) + ".shape[\(axis)]"
        case let .index(e, items, _):
            return e.operand(above: 5, spelling) + "[" + items.map(\.text).joined(separator: ", ") + "]"
        }
    }

    /// How tightly the expression binds as written (6 for a single term).
    private var binding: Int {
        switch self {
        case let .binary(op, _, _, _): return op.precedence
        case .unary: return 4
        case let .number(x) where x < 0 || (x == 0 && x.sign == .minus): return 4
        case .generator: return 0
        default: return 6
        }
    }

    /// The text, in parentheses unless it binds tighter than `level`.
    private func operand(above level: Int, _ spelling: ExpressionSpelling) -> String {
        binding > level ? written(spelling) : "(\(written(spelling)))"
    }
}

/// How `Expression.written` spells the leaves: nnstep's own text by default; `export`
/// spells names as the script's `S["W1"]` and numbers as Python reads them back.
package struct ExpressionSpelling {
    package var name: (MatrixName) -> String = { $0.description }
    package var number: (Double) -> String = { String($0) }
    package var matrix: (Matrix) -> String = { $0.literalText }
    /// A number or matrix of a value form, written as a value (see `Expression.written`).
    package var literal: (Matrix) -> String = { $0.literalText }
    package var generator: (Generator) -> String = { $0.description }
    /// A call as written, given its function (export adapts the course's helpers that return caches).
    package var call: (Function, String) -> String = { $1 }
    /// A scaled number of a value form is written scale first (`2.0 * 10.0`), as a number
    /// before `*` is read as the scale; export writes the value first, as numpy has no such rule.
    package var scaleFirst = true

    /// nnstep's own spelling of every leaf.
    package init() {}
}

extension IndexItem {
    package var text: String {
        switch self {
        case let .single(i): return String(i)
        case let .slice(start, stop, step):
            let s = (start.map(String.init) ?? "") + ":" + (stop.map(String.init) ?? "")
            return step.map { s + ":\($0)" } ?? s
        case let .list(l): return "[" + l.map(String.init).joined(separator: ", ") + "]"
        }
    }
}
