/// The language's quoted text: how `"…"` and `'…'` are read, and how a file name or an
/// array's key is written back so that reading it gives the same text.
///
/// ```
/// \\  \"  \'             a backslash, a double quote, a single quote
/// \n  \r  \t             newline, carriage return, tab
/// \xNN                   U+0000 … U+00FF (two hex digits)
/// \uNNNN  \UNNNNNNNN     any Unicode scalar (four or eight hex digits)
/// \ before anything else a backslash, kept as typed
/// ```
/// A line is read as UTF-8 with invalid bytes replaced by U+FFFD before it is parsed,
/// so every name the language holds is Unicode text, and these escapes spell all of it.
package enum StringLiteral {
    /// The text of the bytes between two quotes, its escapes read.
    package static func decode(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(backslash) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let c = raw[i]
            guard c == backslash, i + 1 < raw.endIndex else {
                out.append(c)
                i += 1
                continue
            }
            if let (text, length) = escape(raw, at: i) {
                out += text.utf8
                i += length
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of the escape at `i` (a backslash) and how many bytes it spans, or nil.
    private static func escape(_ raw: ArraySlice<UInt8>, at i: Int) -> (String, Int)? {
        switch raw[i + 1] {
        case backslash: return ("\\", 2)
        case UInt8(ascii: "\""): return ("\"", 2)
        case UInt8(ascii: "'"): return ("'", 2)
        case UInt8(ascii: "n"): return ("\n", 2)
        case UInt8(ascii: "r"): return ("\r", 2)
        case UInt8(ascii: "t"): return ("\t", 2)
        case UInt8(ascii: "x"): return scalar(raw, from: i + 2, digits: 2)
        case UInt8(ascii: "u"): return scalar(raw, from: i + 2, digits: 4)
        case UInt8(ascii: "U"): return scalar(raw, from: i + 2, digits: 8)
        default: return nil
        }
    }

    /// The scalar `digits` hex digits from `start` spell, with the escape's length; nil if
    /// they are too few or spell no scalar (a surrogate, or past U+10FFFF).
    private static func scalar(_ raw: ArraySlice<UInt8>, from start: Int, digits: Int) -> (String, Int)? {
        guard start + digits <= raw.endIndex else { return nil }
        var value: UInt32 = 0
        for k in start..<(start + digits) {
            guard let d = hexValue(raw[k]) else { return nil }
            value = value << 4 | d
        }
        guard let s = Unicode.Scalar(value) else { return nil }
        return (String(Character(s)), 2 + digits)
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static let backslash = UInt8(ascii: "\\")
}

// MARK: - Writing

extension StringLiteral {
    /// A file name (or data-set name) as a command writes it: bare when it is plain,
    /// else quoted. Plain is printable ASCII without a space, a quote or `#`, which the
    /// parser reads back as one bare word (`params.npz`, `../data/train.h5`), and not
    /// starting with `=` (`load =x` is an assignment to a matrix named load).
    package static func fileName(_ text: String) -> String {
        let plain = text.utf8.first.map { $0 != UInt8(ascii: "=") } == true && text.utf8.allSatisfy { c in
            c > 0x20 && c < 0x7F && c != UInt8(ascii: "\"") && c != UInt8(ascii: "'") && c != UInt8(ascii: "#")
        }
        return plain ? text : quoted(text)
    }

    /// The key of an array in a file (`load FILE KEY`): bare when it is an identifier
    /// other than `as`, else quoted.
    package static func key(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let identifier = bytes.first.map(Tokenizer.isWordStart) == true && bytes.allSatisfy(Tokenizer.isWordByte)
        return identifier && text != "as" ? text : quoted(text)
    }

    /// `text` in double quotes, every character the line could not carry as itself escaped:
    /// backslash, `"`, controls (C0, DEL, C1), line and paragraph separators, and the
    /// invisible marks that reorder or hide text (bidi controls, zero-width characters, BOM).
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = s.value
                if v < 0x20 || (0x7F..<0xA0).contains(v) {
                    out += "\\x" + hex(v, digits: 2)
                } else if isInvisible(v) {
                    out += "\\u" + hex(v, digits: 4)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    /// Format characters that move, hide or break text without showing themselves.
    private static func isInvisible(_ v: UInt32) -> Bool {
        (0x200B...0x200F).contains(v) || (0x2028...0x202E).contains(v) || (0x2060...0x2069).contains(v)
            || v == 0xFEFF || v == 0x00AD || v == 0x061C
    }

    private static func hex(_ v: UInt32, digits: Int) -> String {
        let text = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
