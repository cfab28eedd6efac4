import NNCore

/// Reads a numpy expression by precedence climbing, with Python's precedence.
///
/// ```
/// EXPR    := SUM (CMP SUM)*                  CMP: < <= > >= == !=
/// SUM     := TERM ((+ | -) TERM)*
/// TERM    := UNARY ((* | / | @) UNARY)*
/// UNARY   := (- | +) UNARY | POWER
/// POWER   := POSTFIX [** UNARY]              so -2**2 == -(2**2) and 2**-1 works
/// POSTFIX := PRIMARY (.T | .shape[i] | .METHOD(…) | [INDEX])*
/// PRIMARY := NUMBER | [[…]] | (EXPR) | NAME | np.FUNCTION(…) | relu(…) | randn R C | …
/// ```
/// 1. The tokenizer glues a sign to a number after a space (`X -1` is `X` and `-1`,
///    as `[1 -2]` needs); here that sign is read as the operator it is, so
///    `X -1` is `X - 1` and `-2**2` is `-(2**2)`.
/// 2. Nesting and chains are both bounded (`maxDepth`), so no input can exhaust
///    the stack while it is read or later worked out.
package struct ExpressionParser {
    /// The deepest nesting of brackets, calls and operators an expression may have.
    package static let maxDepth = 100

    package var c: TokenCursor
    /// The sign of the number at the cursor has been read as an operator (see 1.).
    private var signTaken = false

    /// Reads one expression at the cursor.
    package static func expression(_ c: inout TokenCursor) throws(ParseError) -> Expression {
        var p = ExpressionParser(c: c)
        let e = try p.comparison(depth: 0).expr
        c = p.c
        return e
    }

    private init(c: TokenCursor) {
        self.c = c
    }

    /// An expression and the height of its tree.
    package struct Parsed {
        var expr: Expression
        var height: Int
        /// Written in parentheses, so `(a < b) == c` is no chain.
        var grouped = false
    }

    package func tooDeep(_ depth: Int) throws(ParseError) {
        guard depth > Self.maxDepth else { return }
        let at = c.peek.map { c.position($0) } ?? c.tokenizer.position(of: c.tokenizer.bytes.count)
        throw .tooDeep(limit: Self.maxDepth, at: at)
    }

    package var here: Place {
        Place(c.peek.map { c.position($0) } ?? c.tokenizer.position(of: c.tokenizer.bytes.count))
    }
}

// MARK: - Operators

extension ExpressionParser {
    /// The binary operator at the cursor and how many tokens spell it; a glued sign counts as 0.
    package func infixOperator() -> (BinaryOperator, Int)? {
        guard let t = c.peek else { return nil }
        if t.kind == .number, !signTaken, let first = c.text(t).utf8.first,
           first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            return (first == UInt8(ascii: "-") ? .subtract : .add, 0)
        }
        guard case let .punct(p) = t.kind else { return nil }
        let glued: (Unicode.Scalar) -> Bool = { s in
            c.isPunct(s, 1) && c.peek(1).map { c.adjacent(t, $0) } == true
        }
        switch Unicode.Scalar(p) {
        case "+": return (.add, 1)
        case "-": return (.subtract, 1)
        case "*": return glued("*") ? (.power, 2) : (.multiply, 1)
        case "/": return (.divide, 1)
        case "@": return (.matmul, 1)
        case "<": return glued("=") ? (.lessEqual, 2) : (.less, 1)
        case ">": return glued("=") ? (.greaterEqual, 2) : (.greater, 1)
        case "=": return glued("=") ? (.equal, 2) : nil
        case "!": return glued("=") ? (.notEqual, 2) : nil
        default: return nil
        }
    }

    /// Consumes an operator of `length` tokens (0: the sign of the next number).
    package mutating func take(_ length: Int) {
        if length == 0 { signTaken = true } else { c.index += length }
    }

    package mutating func comparison(depth: Int) throws(ParseError) -> Parsed {
        try binary(minimum: 1, depth: depth)
    }

    /// Left-to-right operators binding at least as tightly as `minimum`.
    package mutating func binary(minimum: Int, depth: Int) throws(ParseError) -> Parsed {
        try tooDeep(depth)
        var left = try unary(depth: depth + 1)
        while let (op, length) = infixOperator(), op != .power, op.precedence >= minimum {
            let at = here
            if op.isComparison, !left.grouped, case let .binary(previous, _, _, _) = left.expr, previous.isComparison {
                // Python reads a < b < c as (a < b) and (b < c), which numpy refuses for matrices.
                throw ParseError.chainedComparison(at: at.position)
            }
            take(length)
            let right = try binary(minimum: op.precedence + 1, depth: depth + 1)
            left = Parsed(expr: .binary(op, left.expr, right.expr, at: at), height: Swift.max(left.height, right.height) + 1)
            try tooDeep(left.height)
        }
        return left
    }

    package mutating func unary(depth: Int) throws(ParseError) -> Parsed {
        try tooDeep(depth)
        var op: UnaryOperator?
        if let t = c.peek, t.kind == .number, !signTaken, let first = c.text(t).utf8.first,
           first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            op = first == UInt8(ascii: "-") ? .negate : .plus
            signTaken = true
        } else if c.isPunct("-") || c.isPunct("+") {
            op = c.isPunct("-") ? .negate : .plus
            c.advance()
        }
        guard let op else { return try power(depth: depth + 1) }
        let operand = try unary(depth: depth + 1)
        switch (op, operand.expr) {
        case let (.negate, .number(x)): return Parsed(expr: .number(-x), height: operand.height)
        case (.plus, .number): return operand
        default: return Parsed(expr: .unary(op, operand.expr), height: operand.height + 1)
        }
    }

    package mutating func power(depth: Int) throws(ParseError) -> Parsed {
        let base = try postfix(depth: depth)
        guard let (op, length) = infixOperator(), op == .power else { return base }
        let at = here
        take(length)
        let exponent = try unary(depth: depth + 1)
        return Parsed(expr: .binary(.power, base.expr, exponent.expr, at: at),
                      height: Swift.max(base.height, exponent.height) + 1)
    }
}

// MARK: - Primaries

extension ExpressionParser {
    package mutating func primary(depth: Int) throws(ParseError) -> Parsed {
        guard let t = c.peek else { throw c.unexpected(signTaken ? .operand : .value) }
        if signTaken {
            signTaken = false
            let text = String(c.text(t).dropFirst())
            guard LiteralParser.isDecimal(text), let x = Double(text) else {
                throw ParseError.notANumber(c.snippet(t), at: c.position(t))
            }
            c.advance()
            return Parsed(expr: .number(x), height: 0)
        }
        if let open = c.peek, c.skip("(") {
            var inner = try comparison(depth: depth + 1)
            try close(")", open)
            inner.grouped = true
            return inner
        }
        if c.isPunct("[") { return Parsed(expr: .matrix(try LiteralParser.matrix(&c)), height: 0) }
        if LiteralParser.startsNumber(c) { return Parsed(expr: .number(try LiteralParser.real(&c)), height: 0) }
        guard t.kind == .word else {
            if t.kind == .number { throw ParseError.notANumber(c.snippet(t), at: c.position(t)) }
            throw c.unexpected(t, .value)
        }
        let word = c.text(t)
        switch word {
        case "randn", "rand", "zeros", "ones", "onehot", "permutation", "normal":
            return Parsed(expr: .generator(try ValueParser.generator(&c)), height: 0)
        case "array" where c.isPunct("(", 1):
            c.advance()
            return Parsed(expr: .matrix(try LiteralParser.arrayCall(&c, function: "array")), height: 0)
        case "np", "numpy":
            return try numpy(depth: depth)
        case "relu" where c.isPunct("(", 1), "sigmoid" where c.isPunct("(", 1),
             "relu_backward" where c.isPunct("(", 1), "sigmoid_backward" where c.isPunct("(", 1):
            c.advance()
            let f = Function.byName[word] ?? .relu
            return try call(f, receiver: nil, spelled: word, at: Place(c.position(t)), depth: depth)
        default:
            if c.isPunct("(", 1) {
                throw ParseError.unknownFunction(ParseError.abbreviate(word) + "(…)",
                                                 suggestions: Suggestions.closest(to: word, in: Self.bareFunctions),
                                                 at: c.position(t))
            }
            return Parsed(expr: .name(try name(), at: Place(c.position(t))), height: 0)
        }
    }

    package static let bareFunctions = ["relu", "sigmoid", "relu_backward", "sigmoid_backward"]
        + Function.byName.keys.sorted().map { "np." + $0 }

    /// A matrix name: `W[2]` and `dW[L]` are the lecture's spellings of W2 and dWL;
    /// any other `[` after a name is a subscript.
    package mutating func name() throws(ParseError) -> MatrixName {
        guard let t = c.peek else { throw c.unexpected(.name) }
        let word = c.text(t)
        if let slot = Slot(rawValue: word), !slot.isKindSlot, c.isPunct("[", 1), c.isPunct("]", 3),
           c.peek(2)?.kind == .number || c.isWord("L", 2) {
            return try MatrixName.read(&c)
        }
        c.advance()
        return try MatrixName.spelled(word, at: c.position(t))
    }

    /// `np.…`: constants, the generators, literals, and the functions of `Function`.
    package mutating func numpy(depth: Int) throws(ParseError) -> Parsed {
        guard let module = c.peek else { throw c.unexpected(.npFunction) }
        guard c.isPunct(".", 1), let f = c.peek(2), f.kind == .word else {
            c.advance()
            throw c.unexpected(.npFunction)
        }
        let word = c.text(f)
        let at = Place(c.position(module))
        switch word {
        case "pi": c.index += 3; return Parsed(expr: .number(Double.pi), height: 0)
        case "e": c.index += 3; return Parsed(expr: .number(2.718281828459045), height: 0)
        case "random", "zeros", "ones":
            return Parsed(expr: .generator(try ValueParser.generator(&c)), height: 0)
        case "linalg":
            guard c.isPunct(".", 3), c.isWord("norm", 4) else {
                let g = c.peek(4).map { c.text($0) } ?? ""
                throw ParseError.unknownFunction("np.linalg." + ParseError.abbreviate(g),
                                                 suggestions: ["np.linalg.norm"], at: c.position(f))
            }
            c.index += 5
            return try call(.norm, receiver: nil, spelled: "np.linalg.norm", at: at, depth: depth)
        default: break
        }
        let spelled = c.text(module) + "." + word
        if word == "array" || LiteralParser.Dtype(spelling: word) != nil, c.isPunct("(", 3), literalArgument(at: 4) {
            c.index += 3
            if word == "array" {
                return Parsed(expr: .matrix(try LiteralParser.arrayCall(&c, function: spelled)), height: 0)
            }
            let type = LiteralParser.Dtype(spelling: word) ?? .float64
            return Parsed(expr: .matrix(try LiteralParser.arrayCall(&c, function: spelled, dtype: type)), height: 0)
        }
        guard let function = Function.byName[word], !Self.bareFunctions.prefix(4).contains(word) else {
            let names = Function.byName.keys.sorted().filter { !Self.bareFunctions.prefix(4).contains($0) }
            throw ParseError.unknownFunction(c.text(module) + "." + ParseError.abbreviate(word),
                                             suggestions: Suggestions.closest(to: word, in: names).map { "np." + $0 },
                                             at: c.position(f))
        }
        c.index += 3
        guard c.isPunct("(") else { throw c.unexpected(.closing("(")) }
        return try call(function, receiver: nil, spelled: spelled, at: at, depth: depth)
    }

    /// Whether the call's `(` at `ahead − 1` holds a literal as `np.array` reads it:
    /// `[…]` or a number followed by `)` or `,`.
    package func literalArgument(at ahead: Int) -> Bool {
        if c.isPunct("[", ahead) { return true }
        var probe = c
        probe.index += ahead
        guard LiteralParser.startsNumber(probe), (try? LiteralParser.real(&probe)) != nil else { return false }
        return probe.isPunct(")") || probe.isPunct(",")
    }
}
