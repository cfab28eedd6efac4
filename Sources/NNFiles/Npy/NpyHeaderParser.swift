/// A value in a .npy header dictionary.
enum NpyHeaderValue: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
    /// A list (a structured dtype's descr) or anything else, as written.
    case other(String)
}

/// Parses the Python dictionary literal of a .npy header, and nothing more.
///
/// ```
/// dict  := '{' (key ':' value ',')* [key ':' value] '}'
/// key   := '...' | "..."
/// value := key | True | False | '(' [int (',' int)* [',']] ')' | '[' ... ']'
/// ```
/// Integers may carry Python 2's `L` suffix. Any other input gives nil.
struct NpyHeaderParser {
    private let text: [UInt8]
    private var i = 0

    init(text: [UInt8]) {
        self.text = text
    }
}

// MARK: - Grammar

extension NpyHeaderParser {
    /// The whole dictionary; trailing spaces and the final newline are allowed.
    mutating func parseDictionary() -> [String: NpyHeaderValue]? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var dict: [String: NpyHeaderValue] = [:]
        while true {
            skipSpace()
            if take(UInt8(ascii: "}")) { break }
            guard let key = parseString() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let value = parseValue(), dict[key] == nil else { return nil }
            dict[key] = value
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            skipSpace()
            guard take(UInt8(ascii: "}")) else { return nil }
            break
        }
        skipSpace()
        return i == text.count ? dict : nil
    }

    private mutating func parseValue() -> NpyHeaderValue? {
        guard i < text.count else { return nil }
        switch text[i] {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return parseString().map { .string($0) }
        case UInt8(ascii: "("):
            return parseTuple().map { .tuple($0) }
        case UInt8(ascii: "["):
            return parseBracketed().map { .other($0) }
        default:
            if takeWord("True") { return .bool(true) }
            if takeWord("False") { return .bool(false) }
            return nil
        }
    }

    /// A quoted string without escapes (numpy never writes any).
    private mutating func parseString() -> String? {
        guard i < text.count, text[i] == UInt8(ascii: "'") || text[i] == UInt8(ascii: "\"") else { return nil }
        let quote = text[i]
        let start = i + 1
        var j = start
        while j < text.count, text[j] != quote {
            if text[j] == UInt8(ascii: "\\") { return nil }
            j += 1
        }
        guard j < text.count else { return nil }
        i = j + 1
        return String(decoding: text[start..<j], as: UTF8.self)
    }

    private mutating func parseTuple() -> [Int]? {
        guard take(UInt8(ascii: "(")) else { return nil }
        var items: [Int] = []
        while true {
            skipSpace()
            if take(UInt8(ascii: ")")) { break }
            guard let n = parseInt() else { return nil }
            items.append(n)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: ")")) else { return nil }
            break
        }
        return items
    }

    /// A non-negative decimal integer (optional `L`), nil when it overflows `Int`.
    private mutating func parseInt() -> Int? {
        var value = 0
        var digits = 0
        while i < text.count, text[i] >= UInt8(ascii: "0"), text[i] <= UInt8(ascii: "9") {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(text[i] - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        _ = take(UInt8(ascii: "L"))
        return value
    }

    /// `[ ... ]` with nested brackets and quotes, returned as written.
    private mutating func parseBracketed() -> String? {
        let start = i
        var depth = 0
        var quote: UInt8? = nil
        while i < text.count {
            let c = text[i]
            i += 1
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                quote = c
            } else if c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return String(decoding: text[start..<i], as: UTF8.self) }
            }
        }
        return nil
    }
}

// MARK: - Tokens

extension NpyHeaderParser {
    private mutating func skipSpace() {
        while i < text.count, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x09 || text[i] == 0x0D {
            i += 1
        }
    }

    private mutating func take(_ c: UInt8) -> Bool {
        guard i < text.count, text[i] == c else { return false }
        i += 1
        return true
    }

    private mutating func takeWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= text.count, Array(text[i..<(i + w.count)]) == w else { return false }
        i += w.count
        return true
    }
}
