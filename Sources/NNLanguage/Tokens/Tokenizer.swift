/// One lexical piece of a command line, as a byte range of the line's UTF-8.
package struct Token: Equatable {
    /// What the piece is.
    package enum Kind: Equatable {
        /// `[A-Za-z_][A-Za-z0-9_]*`
        case word
        /// Anything that starts like a number: a digit, `.digit`, or a sign glued
        /// to either. It runs on over letters, digits, `.`, `_` and an exponent's
        /// sign, so `2x3` and `1.5.3` stay one (bad) number instead of several.
        case number
        /// `"…"` or `'…'`, with backslash escapes (the text between the quotes is `Tokenizer.quoted`).
        case string
        /// A quote that never closes.
        case unterminatedString
        /// One ASCII punctuation character: `[ ] ( ) , = * / . : - +` and the rest.
        case punct(UInt8)
        /// A character the language never uses: a control character, NUL, or any
        /// non-ASCII character (one Unicode scalar).
        case other
    }

    package var kind: Kind
    /// Byte offset of the first byte in the line.
    package var start: Int
    /// Byte offset just past the last byte.
    package var end: Int
}

/// Splits a line (or several lines joined with "\n") into tokens in one pass.
///
/// It never fails: whatever it cannot classify becomes `.other`, so the parser
/// can name the offending character and its column. `#` starts a comment that
/// runs to the end of its physical line; inside quotes `#` is an ordinary character,
/// and a backslash starts an escape (`StringLiteral`).
package struct Tokenizer {
    package let bytes: [UInt8]

    package init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Every token of the text, in order.
    package func tokens() -> [Token] {
        var out: [Token] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if Tokenizer.isSpace(c) {
                i += 1
            } else if c == UInt8(ascii: "#") {
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else if c == 0xC2 && i + 1 < n && bytes[i + 1] == 0xA0 {
                // No-break space, common in text pasted from web pages: treat as a space.
                i += 2
            } else if Tokenizer.isWordStart(c) {
                let s = i
                while i < n && Tokenizer.isWordByte(bytes[i]) { i += 1 }
                out.append(Token(kind: .word, start: s, end: i))
            } else if startsNumber(at: i, previous: out.last) {
                let s = i
                i = numberEnd(from: i)
                out.append(Token(kind: .number, start: s, end: i))
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let s = i
                i += 1
                while i < n && bytes[i] != c && bytes[i] != UInt8(ascii: "\n") {
                    // A backslash takes the next byte with it, so `\"` does not end the text.
                    let escapes = bytes[i] == UInt8(ascii: "\\") && i + 1 < n && bytes[i + 1] != UInt8(ascii: "\n")
                    i += escapes ? 2 : 1
                }
                if i < n && bytes[i] == c {
                    i += 1
                    out.append(Token(kind: .string, start: s, end: i))
                } else {
                    out.append(Token(kind: .unterminatedString, start: s, end: i))
                }
            } else if c >= 0x21 && c < 0x7F {
                out.append(Token(kind: .punct(c), start: i, end: i + 1))
                i += 1
            } else {
                let s = i
                i += Tokenizer.scalarLength(lead: c)
                if i > n { i = n }
                out.append(Token(kind: .other, start: s, end: i))
            }
        }
        return out
    }

    /// The token's text exactly as typed.
    package func text(_ token: Token) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    /// The text between the quotes of a `.string` token, its escapes read (see `StringLiteral`).
    package func quoted(_ token: Token) -> String {
        StringLiteral.decode(bytes[(token.start + 1)..<(token.end - 1)])
    }

    /// The text from the start of `first` to the end of `last`, spaces included.
    package func text(from first: Token, to last: Token) -> String {
        String(decoding: bytes[first.start..<last.end], as: UTF8.self)
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    package func position(of offset: Int) -> SourcePosition {
        let clamped = Swift.min(Swift.max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<clamped where bytes[k] == UInt8(ascii: "\n") {
            line += 1
            lineStart = k + 1
        }
        var column = 1
        for k in lineStart..<clamped where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return SourcePosition(line: line, column: column)
    }
}

// MARK: - Character classes

extension Tokenizer {
    package static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    package static func isWordStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    package static func isWordByte(_ c: UInt8) -> Bool {
        isWordStart(c) || isDigit(c)
    }

    package static func isDigit(_ c: UInt8) -> Bool {
        c >= 0x30 && c <= 0x39
    }

    /// Bytes in the UTF-8 encoding of a scalar starting with `lead` (1 for stray bytes).
    package static func scalarLength(lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF7: return 4
        default: return 1
        }
    }
}

// MARK: - Numbers

extension Tokenizer {
    /// Whether a number starts at `i`. A sign belongs to the number only when it
    /// follows a separator, so `[ 1. -2.]` is two numbers but `1-2` is not `1, -2`.
    package func startsNumber(at i: Int, previous: Token?) -> Bool {
        let c = bytes[i]
        if Tokenizer.isDigit(c) { return true }
        if c == UInt8(ascii: ".") { return digit(at: i + 1) }
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: "+") else { return false }
        let glued = digit(at: i + 1) || (byte(at: i + 1) == UInt8(ascii: ".") && digit(at: i + 2))
        guard glued else { return false }
        guard let previous, previous.end == i else { return true }
        switch previous.kind {
        case .word, .number, .string, .unterminatedString, .other: return false
        case let .punct(p): return p != UInt8(ascii: "]") && p != UInt8(ascii: ")")
        }
    }

    /// The end of the number starting at `i` (pp-number style: it swallows what follows).
    package func numberEnd(from start: Int) -> Int {
        var i = start + 1
        while i < bytes.count {
            let c = bytes[i]
            if Tokenizer.isWordByte(c) || c == UInt8(ascii: ".") {
                i += 1
            } else if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")),
                      bytes[i - 1] | 0x20 == UInt8(ascii: "e"), digit(at: i + 1) {
                i += 1
            } else {
                break
            }
        }
        return i
    }

    package func byte(at i: Int) -> UInt8? {
        i < bytes.count ? bytes[i] : nil
    }

    package func digit(at i: Int) -> Bool {
        byte(at: i).map(Tokenizer.isDigit) ?? false
    }
}

// MARK: - Continuation

extension Tokenizer {
    /// How many `[` and `(` are still open at the end, ignoring comments and
    /// quoted text; negative once a closing bracket has no opening one.
    /// `depth` are already open before the text: quotes and comments end at a
    /// newline, so the count of joined lines is the sum of the lines' counts.
    package func openBrackets(from depth: Int = 0) -> Int {
        var depth = depth
        for token in tokens() {
            guard case let .punct(p) = token.kind else { continue }
            switch p {
            case UInt8(ascii: "["), UInt8(ascii: "("): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: ")"):
                depth -= 1
                if depth < 0 { return depth }
            default: break
            }
        }
        return depth
    }
}
