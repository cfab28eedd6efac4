/// Text taken from a file, made safe to show in a message on a terminal.
///
/// ```
/// "W1"                 ↦ W1
/// "a\u{1B}[2Jb\n"      ↦ a\x1b[2Jb\n          control characters written as escapes
/// 5 MB cell            ↦ its first 60 characters and "…"
/// ```
/// Every name, dtype, cell or header text read from a file goes through `escaped`
/// before it reaches an error message or a note.
package enum QuotedText {
    /// The most characters shown of one piece of file text.
    static let maxCharacters = 60

    /// `text` with control and invalid characters escaped, cut to `maxCharacters`.
    package static func escaped(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let shown = scalars.prefix(maxCharacters).map(escaped).joined()
        return scalars.dropFirst(maxCharacters).isEmpty ? shown : shown + "…"
    }

    /// One character as it is, or as an escape when it is a control or invalid character.
    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\\": return "\\\\"
        case "\u{FFFD}": return "\\ufffd"
        default:
            let v = scalar.value
            guard v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) else { return String(scalar) }
            return "\\x" + (v < 16 ? "0" : "") + String(v, radix: 16)
        }
    }
}
