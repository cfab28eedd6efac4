/// Text taken from a file, made safe to show in a message on a terminal.
///
/// ```
/// "W1"                 ↦ W1
/// "a\u{1B}[2Jb\n"      ↦ a\x1b[2Jb\n          control characters written as escapes
/// 5 MB cell            ↦ its first 60 characters and "…"
/// ```
/// Every name, dtype, cell or header text read from a file goes through `escaped`
/// before it reaches an error message or a note.
enum QuotedText {
    /// The most characters shown of one piece of file text.
    static let maxCharacters = 60

    /// `text` with control and invalid characters escaped, cut to `maxCharacters`.
    static func escaped(_ text: String) -> String {
        var out = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == maxCharacters { return out + "…" }
            shown += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0xFFFD {
                    out += v == 0xFFFD ? "\\ufffd" : "\\x" + (v < 16 ? "0" : "") + String(v, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
