/// A call of a Python function as an exported script writes it, `f(a, b, k=v)`: nnstep's own
/// code as it is, numbers in numpy's repr, foreign text through `PythonString.literal`.
///
/// ```
/// PythonCall("L_layer_model", .code("S"), .code("3000"), .number(0.0075), .code("100"))
///                                      ↦ L_layer_model(S, 3000, 0.0075, 100)
/// PythonCall("load_into", .code("S"), .string("a\"b.npz"), keywords: [("as_name", .string("W1"))])
///                                      ↦ load_into(S, "a\"b.npz", as_name="W1")
/// ```
/// 1. The text is made only when the script is written: a block is made as its command runs,
///    and numpy's repr of a float (Dragon4's shortest digits) was most of the cost of a
///    `train` or `step` block made as text.
struct PythonCall: Equatable, Sendable {
    enum Argument: Equatable, Sendable {
        /// nnstep's own code: `S`, `layer_dims`, `3000`.
        case code(String)
        /// A float, read back exactly (see `NumpyText.number`).
        case number(Double)
        /// Text that did not come from nnstep (a path, a member's name), as a string literal.
        case string(String)
    }

    struct Keyword: Equatable, Sendable {
        var name: String
        var value: Argument
    }

    var function: String
    var arguments: [Argument]
    var keywords: [Keyword] = []

    init(_ function: String, _ arguments: Argument..., keywords: [(String, Argument)] = []) {
        self.init(function, arguments: arguments, keywords: keywords)
    }

    init(_ function: String, arguments: [Argument], keywords: [(String, Argument)] = []) {
        self.function = function
        self.arguments = arguments
        self.keywords = keywords.map { Keyword(name: $0.0, value: $0.1) }
    }

    /// The call as the script writes it.
    var text: String {
        let written = arguments.map(\.text) + keywords.map { $0.name + "=" + $0.value.text }
        return function + "(" + written.joined(separator: ", ") + ")"
    }

    /// `S["W1"]`: the session's matrix under `name`, which may be foreign text (a member's name).
    static func key(_ name: String) -> String {
        "S[" + PythonString.literal(name) + "]"
    }
}

extension PythonCall.Argument {
    var text: String {
        switch self {
        case let .code(code): return code
        case let .number(x): return NumpyText.number(x)
        case let .string(s): return PythonString.literal(s)
        }
    }
}
