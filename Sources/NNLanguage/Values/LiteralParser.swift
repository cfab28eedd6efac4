import NNCore

/// Numbers and numpy-style matrix literals, as typed or as numpy prints them.
///
/// ```
/// [1, 2, 3]                       1 × 3
/// [[1], [2]]                      2 × 1
/// [[ 3.26295337 -1.23429987]      numpy's printout: commas optional,
///  [ 0.5         1.        ]]     newlines are spaces
/// np.array([[1, 2]], dtype=float)
/// array([0.1, 0.2], dtype=float32)   numpy 2's repr of arrays and scalars
/// np.float64(0.675140853824121)
/// ```
/// Brackets are read with a depth counter, never by recursion, and a third level
/// is an error, so no input can exhaust the stack.
package enum LiteralParser {
    /// Whether a number starts at the cursor (`3`, `-0.`, `nan`, `-inf`, `np.inf`).
    package static func startsNumber(_ c: TokenCursor) -> Bool {
        guard let t = c.peek else { return false }
        switch t.kind {
        case .number: return true
        case .word: return namedConstant(c, 0) != nil
        case let .punct(p) where p == UInt8(ascii: "-") || p == UInt8(ascii: "+"):
            guard let next = c.peek(1), c.adjacent(t, next), next.kind == .word else { return false }
            return namedConstant(c, 1) != nil
        default: return false
        }
    }

    /// Reads a real number.
    package static func real(_ c: inout TokenCursor) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.number) }
        if t.kind == .number {
            let text = c.text(t)
            guard isDecimal(text), let value = Double(text) else {
                throw ParseError.notANumber(c.snippet(t), at: c.position(t))
            }
            c.advance()
            return value
        }
        var sign = 1.0
        var ahead = 0
        if case let .punct(p) = t.kind, p == UInt8(ascii: "-") || p == UInt8(ascii: "+") {
            sign = p == UInt8(ascii: "-") ? -1 : 1
            ahead = 1
        }
        guard let (value, length) = namedConstant(c, ahead),
              ahead == 0 || c.peek(1).map({ c.adjacent(t, $0) }) == true else {
            throw c.unexpected(.number)
        }
        c.index += ahead + length
        return sign * value
    }

    /// `nan`, `inf`, `np.nan`, `numpy.inf` (any case) starting `ahead` tokens on: value and token count.
    private static func namedConstant(_ c: TokenCursor, _ ahead: Int) -> (Double, Int)? {
        guard let t = c.peek(ahead), t.kind == .word else { return nil }
        var word = c.text(t)
        var length = 1
        if word == "np" || word == "numpy" {
            guard c.isPunct(".", ahead + 1), let u = c.peek(ahead + 2), u.kind == .word else { return nil }
            word = c.text(u)
            length = 3
        }
        guard word.utf8.count <= 8 else { return nil }
        switch word.lowercased() {
        case "nan": return (.nan, length)
        case "inf", "infinity": return (.infinity, length)
        default: return nil
        }
    }

    /// Whether `text` is `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`.
    package static func isDecimal(_ text: String) -> Bool {
        var it = text.utf8.makeIterator()
        var c = it.next()
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { c = it.next() }
        var mantissaDigits = 0
        while let d = c, Tokenizer.isDigit(d) { mantissaDigits += 1; c = it.next() }
        if c == UInt8(ascii: ".") {
            c = it.next()
            while let d = c, Tokenizer.isDigit(d) { mantissaDigits += 1; c = it.next() }
        }
        guard mantissaDigits > 0 else { return false }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            c = it.next()
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { c = it.next() }
            var exponentDigits = 0
            while let d = c, Tokenizer.isDigit(d) { exponentDigits += 1; c = it.next() }
            guard exponentDigits > 0 else { return false }
        }
        return c == nil
    }
}

// MARK: - Whole numbers

extension LiteralParser {
    /// Reads a whole number in the range `quantity` allows.
    package static func integer(_ c: inout TokenCursor, _ quantity: ParseError.Quantity) throws(ParseError) -> Int {
        guard let t = c.peek else { throw c.unexpected(.quantity(quantity)) }
        // Worked out only for a message: it scans the text up to the token.
        var at: SourcePosition { c.position(t) }
        guard t.kind == .number else {
            if startsNumber(c) { throw ParseError.notAWholeNumber(c.snippet(t), quantity, at: at) }
            throw c.unexpected(t, .quantity(quantity))
        }
        let text = c.text(t)
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy(Tokenizer.isDigit) else {
            if isDecimal(text) { throw ParseError.notAWholeNumber(c.snippet(t), quantity, at: at) }
            throw ParseError.notANumber(c.snippet(t), at: at)
        }
        guard let magnitude = Int(digits) else { throw ParseError.outOfRange(c.snippet(t), quantity, at: at) }
        let value = negative ? -magnitude : magnitude
        if let range = quantity.range, !range.contains(value) {
            throw ParseError.outOfRange(c.snippet(t), quantity, at: at)
        }
        c.advance()
        return value
    }
}

// MARK: - Bracket literals

extension LiteralParser {
    /// Reads `[…]` (one row) or `[[…], […]]` (rows) at the cursor, then an optional `.T`.
    package static func matrix(_ c: inout TokenCursor) throws(ParseError) -> Matrix {
        guard let open = c.peek, c.isPunct("[") else { throw c.unexpected(.literal) }
        c.advance()
        var storage: [Double] = []
        var rows = 0
        var cols = -1
        var hasRows = false
        var hasNumbers = false
        var depth = 1
        var rowStart = open
        var rowCount = 0
        var canSeparate = false   // a ',' may come next
        while depth > 0 {
            guard let t = c.peek else {
                throw ParseError.unclosedBracket("[", at: c.position(depth == 2 ? rowStart : open))
            }
            if c.isPunct("[") {
                guard depth == 1 else { throw ParseError.tooManyDimensions(at: c.position(t)) }
                guard !hasNumbers else { throw ParseError.mixedRowsAndNumbers(at: c.position(t)) }
                hasRows = true
                depth = 2
                rowStart = t
                rowCount = 0
                canSeparate = false
                c.advance()
            } else if c.isPunct("]") {
                if depth == 2 {
                    guard rowCount > 0 else { throw ParseError.emptyMatrix(at: c.position(rowStart)) }
                    if cols < 0 { cols = rowCount }
                    guard rowCount == cols else {
                        throw ParseError.raggedRows(row: rows + 1, count: rowCount, expected: cols,
                                                    at: c.position(rowStart))
                    }
                    rows += 1
                    canSeparate = true
                } else if !hasRows {
                    guard rowCount > 0 else { throw ParseError.emptyMatrix(at: c.position(open)) }
                    rows = 1
                    cols = rowCount
                }
                depth -= 1
                c.advance()
            } else if c.isPunct(",") {
                guard canSeparate else { throw c.unexpected(t, depth == 2 ? .number : .literalElement) }
                canSeparate = false
                c.advance()
            } else if startsNumber(c) {
                if depth == 1 {
                    guard !hasRows else { throw ParseError.mixedRowsAndNumbers(at: c.position(t)) }
                    hasNumbers = true
                }
                storage.append(try real(&c))
                rowCount += 1
                canSeparate = true
            } else if t.kind == .number {
                throw ParseError.notANumber(c.snippet(t), at: c.position(t))
            } else if c.isPunct("."), c.isPunct(".", 1) {
                // numpy's `...` stands for elements it did not print.
                throw ParseError.summarizedArray(at: c.position(t))
            } else {
                throw c.unexpected(t, .literalElement)
            }
        }
        let m = Matrix(rows: rows, cols: cols, storage: storage)
        return try transposed(m, &c)
    }

    /// `m.T` if the cursor is at `.T`, else `m`.
    package static func transposed(_ m: Matrix, _ c: inout TokenCursor) throws(ParseError) -> Matrix {
        guard c.isPunct("."), c.isWord("T", 1) else { return m }
        c.index += 2
        return m.T
    }
}

// MARK: - np.array(…)

extension LiteralParser {
    /// The element types a pasted array or scalar may name, and what becomes of its values.
    ///
    /// ```
    /// float64   kept                      float, np.float64, double, f8, '<f8'
    /// float32   rounded to float32        np.float32, single, f4, '<f4'   (numpy 2 prints float32 results so)
    /// int       cut toward 0, as np.int64(2.7) = 2     int, np.int64, int32, i8, …
    /// ```
    /// 1. The values stay float64 in nnstep; float32 ones are first rounded to
    ///    the nearest float32, which is what the learner's array holds.
    package enum Dtype {
        case float64, float32, integer

        /// The dtype a spelling names (`np.`/`numpy.` prefix and quotes optional), if any.
        init?(spelling: String) {
            var word = Substring(spelling)
            for prefix in ["np.", "numpy."] where word.hasPrefix(prefix) { word = word.dropFirst(prefix.count) }
            if word.hasPrefix("<") || word.hasPrefix("=") || word.hasPrefix("|") { word = word.dropFirst() }
            switch word {
            case "float", "float64", "double", "f8", "float_": self = .float64
            case "float32", "single", "f4": self = .float32
            case "int", "int64", "int32", "int16", "int8", "intc", "intp", "i8", "i4", "i2", "i1",
                 "uint8", "uint16", "uint32", "uint64", "u1", "u2", "u4", "u8":
                self = .integer
            default: return nil
            }
        }

        /// `m` as an array of this dtype would hold it.
        func apply(_ m: Matrix) -> Matrix {
            switch self {
            case .float64: return m
            case .float32: return m.map { Double(Float($0)) }
            case .integer: return m.map { $0.isFinite ? $0.rounded(.towardZero) : $0 }
            }
        }
    }

    /// Reads the `(…)` of `np.array(…)`: a literal or a number, optionally `dtype=…`
    /// (float64, float32 or an integer type, as numpy prints them; see `Dtype`);
    /// `dtype` is the type of a scalar constructor such as `np.float32(…)`.
    package static func arrayCall(_ c: inout TokenCursor, function: String, dtype scalarType: Dtype? = nil) throws(ParseError) -> Matrix {
        guard let open = c.peek, c.skip("(") else { throw c.unexpected(.closing("(")) }
        let m: Matrix
        if c.isPunct("[") {
            m = try matrix(&c)
        } else if startsNumber(c) {
            m = Matrix(scalar: try real(&c))
        } else if c.atEnd {
            throw ParseError.unclosedBracket("(", at: c.position(open))
        } else {
            throw c.unexpected(.literal)
        }
        var type = scalarType ?? .float64
        while c.skip(",") {
            guard let key = c.peek, key.kind == .word else { break }
            let keyword = c.text(key)
            guard c.isPunct("=", 1) else { throw c.unexpected(key, .closing(")")) }
            guard keyword == "dtype" else {
                throw ParseError.unsupportedKeyword(c.snippet(key), function: function, at: c.position(key))
            }
            c.index += 2
            guard let first = c.peek else { throw c.unexpected(.word) }
            var last = first
            c.advance()
            while let t = c.peek, c.adjacent(last, t), !c.isPunct(","), !c.isPunct(")") {
                last = t
                c.advance()
            }
            var dtype = c.tokenizer.text(from: first, to: last)
            if first.kind == .string, first == last { dtype = c.tokenizer.quoted(first) }
            guard let named = Dtype(spelling: dtype) else {
                throw ParseError.unsupportedDtype(ParseError.abbreviate(dtype), at: c.position(first))
            }
            type = named
        }
        guard c.skip(")") else {
            if c.atEnd { throw ParseError.unclosedBracket("(", at: c.position(open)) }
            throw c.unexpected(.closing(")"))
        }
        // IEEE rounding, as numpy: past float32's range a value becomes inf, which a literal may not hold.
        if type == .float32, let big = m.storage.first(where: { $0.isFinite && !Float($0).isFinite }) {
            throw ParseError.float32Overflow(String(big), at: c.position(open))
        }
        return try transposed(type.apply(m), &c)
    }
}
