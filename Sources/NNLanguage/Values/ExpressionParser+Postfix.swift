import NNCore

// `ExpressionParser`, continued: what follows a value (`.T`, `.shape[i]`, methods,
// subscripts) and the arguments of calls.

// MARK: - Postfix: .T, .shape[i], methods, subscripts

extension ExpressionParser {
    package static let attributes = ["T", "shape", "sum", "mean", "max", "min", "astype", "copy", "squeeze", "transpose"]

    package mutating func postfix(depth: Int) throws(ParseError) -> Parsed {
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
    package mutating func astype(_ receiver: Expression, at: Place) throws(ParseError) -> Expression {
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
    package mutating func subscripts(_ target: Expression) throws(ParseError) -> Expression {
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

    package mutating func indexItem() throws(ParseError) -> IndexItem {
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

    package var startsInteger: Bool {
        guard let t = c.peek else { return false }
        return t.kind == .number || ((c.isPunct("-") || c.isPunct("+")) && c.peek(1)?.kind == .number)
    }

    /// A whole number, negative ones too (`-1`, `- 1`).
    package mutating func integer() throws(ParseError) -> Int {
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

    package mutating func close(_ closer: Unicode.Scalar, _ opener: Token) throws(ParseError) {
        guard c.skip(closer) else {
            if c.atEnd { throw ParseError.unclosedBracket(c.text(opener), at: c.position(opener)) }
            throw c.unexpected(.closing(String(closer)))
        }
    }
}

// MARK: - Calls

extension ExpressionParser {
    /// The `(…)` of a call, at the cursor; `receiver` is the matrix of a method call.
    package mutating func call(_ f: Function, receiver: Expression?, spelled: String, at: Place,
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

    package static func arityText(_ f: Function, _ method: Bool) -> String {
        let n = f.arity.upperBound - (method ? 1 : 0)
        switch n {
        case 0: return "no matrix (only axis= and keepdims=)"
        case 1: return "one matrix"
        case 2: return "two matrices"
        default: return "\(n) matrices"
        }
    }

    /// `0`, `1`, `-1`, `-2` or `None`.
    package mutating func axisValue() throws(ParseError) -> Int? {
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

    package mutating func flag(_ keyword: String) throws(ParseError) -> Bool {
        guard let t = c.peek else { throw c.unexpected(.word) }
        if c.skipWord("True") { return true }
        if c.skipWord("False") { return false }
        throw ParseError.badKeywordValue(c.snippet(t), keyword: keyword, expected: "True or False", at: c.position(t))
    }
}
