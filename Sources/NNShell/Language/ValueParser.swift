import NNCore

/// The right-hand side of `NAME = VALUE` and `expect NAME VALUE`.
///
/// ```
/// VALUE   := [S *] PRIMARY ((* | /) S)*
/// PRIMARY := [[…]] | np.array(…) | NUMBER
///          | randn R C | rand R C | zeros R C | ones R C
///          | permutation N | normal R C [scale S]
///          | np.random.randn(R, C) | np.random.rand(R, C) | np.zeros((R, C)) | np.ones((R, C))
///          | np.float64(NUMBER) | np.float32(…) | np.int64(…)         (numpy 2's scalars)
///          | onehot NAME K | NAME | NAME.T
/// ```
enum ValueParser {
    static func value(_ c: inout TokenCursor) throws(ParseError) -> ValueExpr {
        var expr: ValueExpr
        if LiteralParser.startsNumber(c), c.isPunct("*", numberLength(c)), c.peek(numberLength(c) + 1) != nil {
            // `0.01 * np.random.randn(3, 2)`, the order numpy code is usually written in
            let s = try LiteralParser.real(&c)
            c.advance()
            expr = .scaled(try primary(&c), .multiply, s)
        } else {
            expr = try primary(&c)
        }
        while c.isPunct("*") || c.isPunct("/") {
            let op: ScaleOp = c.isPunct("*") ? .multiply : .divide
            c.advance()
            guard LiteralParser.startsNumber(c) else {
                if let t = c.peek, t.kind == .number { throw ParseError.notANumber(c.snippet(t), at: c.position(t)) }
                throw c.unexpected(.number)
            }
            expr = .scaled(expr, op, try LiteralParser.real(&c))
        }
        return expr
    }

    /// How many tokens the number at the cursor spans (1 for `3`, 2 for `-inf`, 4 for `-np.inf`).
    private static func numberLength(_ c: TokenCursor) -> Int {
        var probe = c
        let start = probe.index
        guard (try? LiteralParser.real(&probe)) != nil else { return 1 }
        return probe.index - start
    }

    private static func primary(_ c: inout TokenCursor) throws(ParseError) -> ValueExpr {
        guard let t = c.peek else { throw c.unexpected(.value) }
        if c.isPunct("[") { return .literal(try LiteralParser.matrix(&c)) }
        if LiteralParser.startsNumber(c) { return .literal(Matrix(scalar: try LiteralParser.real(&c))) }
        guard t.kind == .word else {
            if t.kind == .number { throw ParseError.notANumber(c.snippet(t), at: c.position(t)) }
            throw c.unexpected(t, .value)
        }
        let word = c.text(t)
        switch word {
        case "randn", "rand", "zeros", "ones":
            c.advance()
            return try sized(word, &c)
        case "permutation":
            c.advance()
            return .permutation(try LiteralParser.integer(&c, .columns))
        case "normal":
            c.advance()
            let (rows, cols) = try shape(&c)
            var scale = 1.0
            if c.isWord("scale") {
                c.advance()
                scale = try LiteralParser.real(&c)
            }
            return .normal(rows, cols, scale: scale)
        case "onehot":
            c.advance()
            let name = try MatrixName.read(&c)
            return .onehot(name, try LiteralParser.integer(&c, .classes))
        case "array" where c.isPunct("(", 1):
            c.advance()
            return .literal(try LiteralParser.arrayCall(&c, function: "array"))
        case "np", "numpy":
            return try numpyCall(&c)
        default:
            let name = try MatrixName.read(&c)
            if c.isPunct("."), c.isWord("T", 1) {
                c.index += 2
                return .name(name, transposed: true)
            }
            return .name(name, transposed: false)
        }
    }

    /// `np.array(…)`, `np.random.randn(…)`, `np.random.rand(…)`, `np.zeros(…)`, `np.ones(…)`.
    private static func numpyCall(_ c: inout TokenCursor) throws(ParseError) -> ValueExpr {
        let module = c.text(c.peek ?? Token(kind: .word, start: 0, end: 0))
        c.advance()
        guard c.skip(".") else { throw c.unexpected(.npFunction) }
        guard let f = c.peek, f.kind == .word else { throw c.unexpected(.npFunction) }
        var function = c.text(f)
        if function == "random" {
            c.advance()
            guard c.skip("."), let g = c.peek, g.kind == .word, ["randn", "rand"].contains(c.text(g)) else {
                throw c.unexpected(.npFunction)
            }
            function = c.text(g)
        } else if function == "array" {
            c.advance()
            return .literal(try LiteralParser.arrayCall(&c, function: "\(module).array"))
        } else if let type = LiteralParser.Dtype(spelling: function), c.isPunct("(", 1) {
            // numpy 2 prints scalars as their type's constructor: `np.float64(0.6751408538)`.
            c.advance()
            return .literal(try LiteralParser.arrayCall(&c, function: "\(module).\(function)", dtype: type))
        } else if !["zeros", "ones"].contains(function) {
            throw c.unexpected(f, .npFunction)
        }
        c.advance()
        return try sized(function, &c)
    }

    /// `randn R C` & co, the shape read by `shape`.
    private static func sized(_ function: String, _ c: inout TokenCursor) throws(ParseError) -> ValueExpr {
        let (rows, cols) = try shape(&c)
        switch function {
        case "randn": return .randn(rows, cols)
        case "rand": return .rand(rows, cols)
        case "zeros": return .zeros(rows, cols)
        default: return .ones(rows, cols)
        }
    }

    /// The shape after `randn` & co: `R C`, `R, C`, `(R, C)` or `((R, C))`.
    private static func shape(_ c: inout TokenCursor) throws(ParseError) -> (Int, Int) {
        var closers: [(Unicode.Scalar, Token)] = []
        if let t = c.peek, c.skip("(") {
            closers.append((")", t))
            if let u = c.peek, c.isPunct("(") || c.isPunct("[") {
                closers.append((c.isPunct("(") ? ")" : "]", u))
                c.advance()
            }
        }
        let rows = try LiteralParser.integer(&c, .rows)
        _ = c.skip(",")
        let cols = try LiteralParser.integer(&c, .columns)
        if !closers.isEmpty { _ = c.skip(",") }
        for (closer, opener) in closers.reversed() {
            guard c.skip(closer) else {
                if c.atEnd { throw ParseError.unclosedBracket(c.text(opener), at: c.position(opener)) }
                throw c.unexpected(.closing(String(closer)))
            }
        }
        return (rows, cols)
    }
}
