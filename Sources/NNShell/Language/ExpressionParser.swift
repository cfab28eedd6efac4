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
struct ExpressionParser {
    /// The deepest nesting of brackets, calls and operators an expression may have.
    static let maxDepth = 100

    var c: TokenCursor
    /// The sign of the number at the cursor has been read as an operator (see 1.).
    private var signTaken = false

    /// Reads one expression at the cursor.
    static func expression(_ c: inout TokenCursor) throws(ParseError) -> Expression {
        var p = ExpressionParser(c: c)
        let e = try p.comparison(depth: 0).expr
        c = p.c
        return e
    }

    private init(c: TokenCursor) {
        self.c = c
    }

    /// An expression and the height of its tree.
    private struct Parsed {
        var expr: Expression
        var height: Int
        /// Written in parentheses, so `(a < b) == c` is no chain.
        var grouped = false
    }

    private func tooDeep(_ depth: Int) throws(ParseError) {
        guard depth > Self.maxDepth else { return }
        let at = c.peek.map { c.position($0) } ?? c.tokenizer.position(of: c.tokenizer.bytes.count)
        throw .tooDeep(limit: Self.maxDepth, at: at)
    }

    private var here: Place {
        Place(c.peek.map { c.position($0) } ?? c.tokenizer.position(of: c.tokenizer.bytes.count))
    }
}

// MARK: - Operators

extension ExpressionParser {
    /// The binary operator at the cursor and how many tokens spell it; a glued sign counts as 0.
    private func infixOperator() -> (BinaryOperator, Int)? {
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
    private mutating func take(_ length: Int) {
        if length == 0 { signTaken = true } else { c.index += length }
    }

    private mutating func comparison(depth: Int) throws(ParseError) -> Parsed {
        try binary(minimum: 1, depth: depth)
    }

    /// Left-to-right operators binding at least as tightly as `minimum`.
    private mutating func binary(minimum: Int, depth: Int) throws(ParseError) -> Parsed {
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

    private mutating func unary(depth: Int) throws(ParseError) -> Parsed {
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

    private mutating func power(depth: Int) throws(ParseError) -> Parsed {
        let base = try postfix(depth: depth)
        guard let (op, length) = infixOperator(), op == .power else { return base }
        let at = here
        take(length)
        let exponent = try unary(depth: depth + 1)
        return Parsed(expr: .binary(.power, base.expr, exponent.expr, at: at),
                      height: Swift.max(base.height, exponent.height) + 1)
    }
}

// MARK: - Postfix: .T, .shape[i], methods, subscripts

extension ExpressionParser {
    private static let attributes = ["T", "shape", "sum", "mean", "max", "min", "astype", "copy", "squeeze", "transpose"]

    private mutating func postfix(depth: Int) throws(ParseError) -> Parsed {
        var p = try primary(depth: depth)
        while true {
            try tooDeep(p.height)
            if c.isPunct("."), let w = c.peek(1), w.kind == .word {
                let name = c.text(w)
                let at = Place(c.position(w))
                if name == "T" {
                    c.index += 2
                    p = Parsed(expr: .transpose(p.expr), height: p.height + 1)
                } else if name == "shape" {
                    c.index += 2
                    guard let open = c.peek, c.skip("[") else {
                        throw ParseError.badIndex(".shape is a pair (rows, columns); take one size with .shape[0] or .shape[1]",
                                                  at: here.position)
                    }
                    let axis = try integer()
                    guard axis >= -2, axis <= 1 else {
                        throw ParseError.badIndex("a matrix has axes 0 and 1, so .shape[\(axis)] does not exist",
                                                  at: c.position(open))
                    }
                    try close("]", open)
                    p = Parsed(expr: .shape(p.expr, axis: axis, at: at), height: p.height + 1)
                } else if name == "astype" {
                    c.index += 2
                    p = Parsed(expr: try astype(p.expr, at: at), height: p.height + 1)
                } else if let f = Function.methods[name], c.isPunct("(", 2) {
                    c.index += 2
                    let called = try call(f, receiver: p.expr, spelled: "." + name, at: at, depth: depth)
                    p = Parsed(expr: called.expr, height: Swift.max(p.height, called.height) + 1)
                } else {
                    throw ParseError.unknownAttribute(ParseError.abbreviate(name),
                                                      suggestions: Suggestions.closest(to: name, in: Self.attributes),
                                                      at: at.position)
                }
            } else if c.isPunct("[") {
                p = Parsed(expr: try subscripts(p.expr), height: p.height + 1)
            } else {
                return p
            }
        }
    }

    /// `.astype(float)`, `.astype(np.float32)`, `.astype(int)`; the cursor is at `(`.
    private mutating func astype(_ receiver: Expression, at: Place) throws(ParseError) -> Expression {
        guard let open = c.peek, c.skip("(") else { throw c.unexpected(.closing("(")) }
        guard let first = c.peek, !c.isPunct(")") else {
            throw ParseError.argumentCount(function: ".astype", expected: "a type such as float", got: 0, at: at.position)
        }
        var last = first
        c.advance()
        while let t = c.peek, c.adjacent(last, t), !c.isPunct(")"), !c.isPunct(",") {
            last = t
            c.advance()
        }
        var spelling = c.tokenizer.text(from: first, to: last)
        if first.kind == .string, first == last { spelling = c.tokenizer.quoted(first) }
        guard let type = LiteralParser.Dtype(spelling: spelling) else {
            throw ParseError.unsupportedDtype(ParseError.abbreviate(spelling), at: c.position(first))
        }
        try close(")", open)
        let f: Function
        switch type {
        case .float64: f = .float64
        case .float32: f = .float32
        case .integer: f = .int64
        }
        return .call(Call(f, [receiver], at: at))
    }

    /// `[i, j]`, `[:, 1:3]`, `[:, [2]]`, `[0]`: the cursor is at `[`.
    private mutating func subscripts(_ target: Expression) throws(ParseError) -> Expression {
        guard let open = c.peek else { throw c.unexpected(.value) }
        let at = Place(c.position(open))
        c.advance()
        var items: [IndexItem] = []
        repeat {
            if c.isPunct("]") && !items.isEmpty { break }
            guard items.count < 2 else {
                throw ParseError.badIndex("a matrix has two axes, so it takes at most two subscripts", at: here.position)
            }
            items.append(try indexItem())
        } while c.skip(",")
        try close("]", open)
        return .index(target, items, at: at)
    }

    private mutating func indexItem() throws(ParseError) -> IndexItem {
        if let open = c.peek, c.skip("[") {
            var list: [Int] = []
            repeat {
                if c.isPunct("]") && !list.isEmpty { break }
                list.append(try integer())
            } while c.skip(",")
            try close("]", open)
            return .list(list)
        }
        var bounds: [Int?] = [startsInteger ? try integer() : nil]
        while bounds.count < 3, c.skip(":") {
            bounds.append(startsInteger ? try integer() : nil)
        }
        if bounds.count == 1 {
            guard let i = bounds[0] else { throw c.unexpected(.quantity(.rowIndex)) }
            return .single(i)
        }
        if bounds.count == 3, bounds[2] == 0 {
            throw ParseError.badIndex("a slice step cannot be 0", at: here.position)
        }
        return .slice(bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : nil)
    }

    private var startsInteger: Bool {
        guard let t = c.peek else { return false }
        return t.kind == .number || ((c.isPunct("-") || c.isPunct("+")) && c.peek(1)?.kind == .number)
    }

    /// A whole number, negative ones too (`-1`, `- 1`).
    private mutating func integer() throws(ParseError) -> Int {
        var sign = 1
        if c.isPunct("-") || c.isPunct("+") {
            sign = c.isPunct("-") ? -1 : 1
            c.advance()
        }
        guard let t = c.peek, t.kind == .number else { throw c.unexpected(.quantity(.rowIndex)) }
        var text = Substring(c.text(t))
        if text.first == "-" { sign = -sign }
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        guard !text.isEmpty, text.utf8.allSatisfy(Tokenizer.isDigit) else {
            if LiteralParser.isDecimal(String(text)) {
                throw ParseError.notAWholeNumber(c.snippet(t), .rowIndex, at: c.position(t))
            }
            throw ParseError.notANumber(c.snippet(t), at: c.position(t))
        }
        guard let n = Int(text), n <= ParseError.Quantity.maxSize else {
            throw ParseError.outOfRange(c.snippet(t), .rowIndex, at: c.position(t))
        }
        c.advance()
        return sign * n
    }

    private mutating func close(_ closer: Unicode.Scalar, _ opener: Token) throws(ParseError) {
        guard c.skip(closer) else {
            if c.atEnd { throw ParseError.unclosedBracket(c.text(opener), at: c.position(opener)) }
            throw c.unexpected(.closing(String(closer)))
        }
    }
}

// MARK: - Primaries

extension ExpressionParser {
    private mutating func primary(depth: Int) throws(ParseError) -> Parsed {
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
        case "randn", "rand", "zeros", "ones", "onehot":
            return Parsed(expr: .generator(try ValueParser.generator(&c)), height: 0)
        case "array" where c.isPunct("(", 1):
            c.advance()
            return Parsed(expr: .matrix(try LiteralParser.arrayCall(&c, function: "array")), height: 0)
        case "np", "numpy":
            return try numpy(depth: depth)
        case "relu", "sigmoid", "relu_backward", "sigmoid_backward" where c.isPunct("(", 1):
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

    private static let bareFunctions = ["relu", "sigmoid", "relu_backward", "sigmoid_backward"]
        + Function.byName.keys.sorted().map { "np." + $0 }

    /// A matrix name: `W[2]` and `dW[L]` are the lecture's spellings of W2 and dWL;
    /// any other `[` after a name is a subscript.
    private mutating func name() throws(ParseError) -> MatrixName {
        guard let t = c.peek else { throw c.unexpected(.name) }
        let word = c.text(t)
        if Slot(rawValue: word) != nil, c.isPunct("[", 1), c.isPunct("]", 3),
           c.peek(2)?.kind == .number || c.isWord("L", 2) {
            return try MatrixName.read(&c)
        }
        c.advance()
        return try MatrixName.spelled(word, at: c.position(t))
    }

    /// `np.…`: constants, the generators, literals, and the functions of `Function`.
    private mutating func numpy(depth: Int) throws(ParseError) -> Parsed {
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
    private func literalArgument(at ahead: Int) -> Bool {
        if c.isPunct("[", ahead) { return true }
        var probe = c
        probe.index += ahead
        guard LiteralParser.startsNumber(probe), (try? LiteralParser.real(&probe)) != nil else { return false }
        return probe.isPunct(")") || probe.isPunct(",")
    }
}

// MARK: - Calls

extension ExpressionParser {
    /// The `(…)` of a call, at the cursor; `receiver` is the matrix of a method call.
    private mutating func call(_ f: Function, receiver: Expression?, spelled: String, at: Place,
                               depth: Int) throws(ParseError) -> Parsed {
        guard let open = c.peek, c.skip("(") else { throw c.unexpected(.closing("(")) }
        var arguments: [Expression] = receiver.map { [$0] } ?? []
        var height = 0
        var axis: Int?
        var keepdims = false
        var keywords = false
        while !c.isPunct(")") {
            guard !c.atEnd else { throw ParseError.unclosedBracket("(", at: c.position(open)) }
            if let k = c.peek, k.kind == .word, c.isPunct("=", 1), !c.isPunct("=", 2) {
                let keyword = c.text(k)
                c.index += 2
                keywords = true
                switch keyword {
                case "axis" where f.reduces: axis = try axisValue()
                case "keepdims" where f.reduces: keepdims = try flag("keepdims")
                default:
                    throw ParseError.unknownKeyword(ParseError.abbreviate(keyword), function: spelled,
                                                    allowed: f.reduces ? ["axis", "keepdims"] : [], at: c.position(k))
                }
            } else if f.reduces, f != .norm, arguments.count == 1, !keywords, startsInteger {
                axis = try axisValue()   // np.sum(Z, 1)
            } else {
                guard !keywords, let t = c.peek else { throw c.unexpected(.closing(")")) }
                let argument = try comparison(depth: depth + 1)
                if arguments.count >= f.arity.upperBound {
                    throw ParseError.argumentCount(function: spelled, expected: Self.arityText(f, receiver != nil),
                                                   got: arguments.count + 1 - (receiver == nil ? 0 : 1), at: c.position(t))
                }
                arguments.append(argument.expr)
                height = Swift.max(height, argument.height)
            }
            guard c.skip(",") else { break }
        }
        try close(")", open)
        guard f.arity.contains(arguments.count) else {
            throw ParseError.argumentCount(function: spelled, expected: Self.arityText(f, receiver != nil),
                                           got: arguments.count - (receiver == nil ? 0 : 1), at: at.position)
        }
        return Parsed(expr: .call(Call(f, arguments, axis: axis, keepdims: keepdims, at: at)), height: height + 1)
    }

    private static func arityText(_ f: Function, _ method: Bool) -> String {
        let n = f.arity.upperBound - (method ? 1 : 0)
        switch n {
        case 0: return "no matrix (only axis= and keepdims=)"
        case 1: return "one matrix"
        case 2: return "two matrices"
        default: return "\(n) matrices"
        }
    }

    /// `0`, `1`, `-1`, `-2` or `None`.
    private mutating func axisValue() throws(ParseError) -> Int? {
        if c.skipWord("None") { return nil }
        guard let t = c.peek else { throw c.unexpected(.quantity(.rowIndex)) }
        let axis = try integer()
        guard axis >= -2, axis <= 1 else {
            throw ParseError.badKeywordValue(String(axis), keyword: "axis",
                                             expected: "0 (down the rows), 1 (along each row), -1, -2 or None",
                                             at: c.position(t))
        }
        return axis < 0 ? axis + 2 : axis
    }

    private mutating func flag(_ keyword: String) throws(ParseError) -> Bool {
        guard let t = c.peek else { throw c.unexpected(.word) }
        if c.skipWord("True") { return true }
        if c.skipWord("False") { return false }
        throw ParseError.badKeywordValue(c.snippet(t), keyword: keyword, expected: "True or False", at: c.position(t))
    }
}
