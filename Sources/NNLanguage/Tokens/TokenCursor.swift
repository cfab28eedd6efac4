/// A read position in a tokenized line, with the small readers every command shares.
package struct TokenCursor {
    package let tokenizer: Tokenizer
    package let tokens: [Token]
    package var index = 0

    package init(_ text: String) {
        tokenizer = Tokenizer(text)
        tokens = tokenizer.tokens()
    }

    package var atEnd: Bool { index >= tokens.count }

    package var peek: Token? { index < tokens.count ? tokens[index] : nil }

    package func peek(_ ahead: Int) -> Token? {
        index + ahead < tokens.count ? tokens[index + ahead] : nil
    }

    package mutating func advance() {
        index += 1
    }

    /// The token's text as typed, cut short if it is long (for messages).
    package func snippet(_ token: Token) -> String {
        ParseError.abbreviate(tokenizer.text(token))
    }

    package func text(_ token: Token) -> String {
        tokenizer.text(token)
    }

    package func position(_ token: Token) -> SourcePosition {
        tokenizer.position(of: token.start)
    }

    /// The text read so far (for "expected … after '…'"), shortened from the left if long.
    package var consumed: String {
        guard index > 0, let first = tokens.first else { return "" }
        let text = tokenizer.text(from: first, to: tokens[Swift.min(index, tokens.count) - 1])
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > ParseError.snippetLimit else { return text }
        var out = "…"
        out.unicodeScalars.append(contentsOf: scalars.suffix(ParseError.snippetLimit))
        return out
    }
}

// MARK: - Matching

extension TokenCursor {
    /// Whether the next token is the punctuation `c`.
    package func isPunct(_ c: Unicode.Scalar, _ ahead: Int = 0) -> Bool {
        let k = index + ahead
        guard k < tokens.count, case let .punct(p) = tokens[k].kind else { return false }
        return UInt32(p) == c.value
    }

    /// Whether the next token is the word `w`.
    package func isWord(_ w: String, _ ahead: Int = 0) -> Bool {
        guard let t = peek(ahead), t.kind == .word else { return false }
        return tokenizer.text(t) == w
    }

    /// Consumes the punctuation `c` if it is next.
    package mutating func skip(_ c: Unicode.Scalar) -> Bool {
        guard isPunct(c) else { return false }
        advance()
        return true
    }

    /// Consumes the word `w` if it is next.
    package mutating func skipWord(_ w: String) -> Bool {
        guard isWord(w) else { return false }
        advance()
        return true
    }

    /// Whether two consecutive tokens touch (no space between them).
    package func adjacent(_ a: Token, _ b: Token) -> Bool {
        a.end == b.start
    }

    /// The error for the next token when `expected` was wanted, or for the end of the line.
    package func unexpected(_ expected: ParseError.Expected) -> ParseError {
        guard let t = peek else { return .missing(expected, after: consumed) }
        return unexpected(t, expected)
    }

    /// The error for token `t` when `expected` was wanted.
    package func unexpected(_ t: Token, _ expected: ParseError.Expected) -> ParseError {
        switch t.kind {
        case .other:
            return .unexpectedCharacter(tokenizer.text(t), at: position(t))
        case .unterminatedString:
            return .unterminatedString(at: position(t))
        default:
            return .unexpected(snippet(t), expected: expected, at: position(t))
        }
    }

    /// Throws unless the line is finished.
    package func expectEnd() throws(ParseError) {
        guard let t = peek else { return }
        switch t.kind {
        case .other: throw .unexpectedCharacter(tokenizer.text(t), at: position(t))
        case .unterminatedString: throw .unterminatedString(at: position(t))
        default: throw .extraInput(snippet(t), after: consumed, at: position(t))
        }
    }
}

// MARK: - Words and files

extension TokenCursor {
    /// Reads a word (identifier).
    package mutating func word(_ expected: ParseError.Expected) throws(ParseError) -> String {
        guard let t = peek, t.kind == .word else { throw unexpected(expected) }
        advance()
        return tokenizer.text(t)
    }

    /// Reads a file name: a quoted string, or everything up to the next space.
    package mutating func fileName() throws(ParseError) -> String {
        guard let first = peek else { throw ParseError.missing(.fileName, after: consumed) }
        if first.kind == .string {
            let s = tokenizer.quoted(first)
            advance()
            guard !s.isEmpty else { throw ParseError.emptyFileName(at: position(first)) }
            return s
        }
        if first.kind == .unterminatedString { throw ParseError.unterminatedString(at: position(first)) }
        var last = first
        advance()
        while let t = peek, adjacent(last, t), !Self.endsBareWord(t) {
            last = t
            advance()
        }
        return tokenizer.text(from: first, to: last)
    }

    /// Whether `t` cannot continue an unquoted file name (a quote starts a new piece).
    private static func endsBareWord(_ t: Token) -> Bool {
        switch t.kind {
        case .string, .unterminatedString: return true
        default: return false
        }
    }
}
