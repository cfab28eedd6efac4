import NNCore

/// The right-hand side of `NAME = VALUE` and `expect NAME VALUE`: a numpy expression
/// (`ExpressionParser`), whose simplest shapes, below, are the value forms
/// (`Expression+ValueForm.swift`); the generators may stand anywhere in an expression.
///
/// ```
/// VALUE   := [S *] PRIMARY ((* | /) S)*  |  EXPRESSION
/// PRIMARY := [[…]] | np.array(…) | NUMBER
///          | randn R C | rand R C | zeros R C | ones R C
///          | permutation N | normal R C [scale S]
///          | np.random.randn(R, C) | np.random.rand(R, C) | np.zeros((R, C)) | np.ones((R, C))
///          | np.float64(NUMBER) | np.float32(…) | np.int64(…)         (numpy 2's scalars)
///          | onehot NAME K | NAME | NAME.T
/// ```
package enum ValueParser {
    /// Reads the value at the cursor: a numpy expression, a value form in its one spelling
    /// (`Expression.canonicalValue`).
    package static func value(_ c: inout TokenCursor) throws(ParseError) -> Expression {
        try ExpressionParser.expression(&c).canonicalValue
    }

    /// `randn R C`, `rand R C`, `zeros R C`, `ones R C`, `onehot NAME K` and their `np.` spellings.
    package static func generator(_ c: inout TokenCursor) throws(ParseError) -> Generator {
        guard let t = c.peek else { throw c.unexpected(.value) }
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
        default:
            return try numpyCall(&c)
        }
    }

    /// `np.array(…)`, `np.random.randn(…)`, `np.random.rand(…)`, `np.zeros(…)`, `np.ones(…)`.
    private static func numpyCall(_ c: inout TokenCursor) throws(ParseError) -> Generator {
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
        } else if !["zeros", "ones"].contains(function) {
            throw c.unexpected(f, .npFunction)
        }
        c.advance()
        return try sized(function, &c)
    }

    /// `randn R C` & co, the shape read by `shape`.
    private static func sized(_ function: String, _ c: inout TokenCursor) throws(ParseError) -> Generator {
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
