/// Text that did not come from nnstep, made safe to show on a terminal: the one routine
/// every name, path, echoed line and message passes through before it is printed.
///
/// ```
/// "W1"                 ↦ W1
/// "a\u{1B}[2Jb\n"      ↦ a\x1b[2Jb\n          control characters written as escapes
/// "x\rPASS"            ↦ x\rPASS              a bare CR cannot overwrite the line
/// "\u{202E}txt"        ↦ \u202etxt            nor a bidi override reorder it
/// 5 MB cell            ↦ its first 60 characters and "…"
/// ```
///
/// What is written visibly, in every form: C0 controls (U+0000–U+001F), DEL, C1 controls
/// (U+0080–U+009F, among them the one-character CSI U+009B), the bidi embeddings, overrides,
/// isolates and marks (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the line and
/// paragraph separators U+2028/U+2029, and U+FFFD, which stands for bytes that were not UTF-8.
/// The forms differ only in what they keep:
///
/// | form            | `\n`  | `\t`  | `\`   | cut at                  | for                               |
/// |-----------------|-------|-------|-------|-------------------------|-----------------------------------|
/// | `escaped`       | `\n`  | `\t`  | `\\`  | 60 characters           | names, cells and types from files |
/// | `path`          | `\n`  | `\t`  | kept  | `maxPathCharacters`     | file names, topics, options       |
/// | `visible`       | kept¹ | kept  | kept  | never                   | echoed lines, whole messages      |
///
/// 1. Only with `lines: true`: a message of one line never gains a second (a newline in a
///    name would otherwise start a line that looks like nnstep's, e.g. a forged `PASS`).
///
/// `visible` leaves what the other two made unchanged, so text may pass through it again;
/// the printer does that to every string it renders, before it adds colour.
package enum QuotedText {
    /// The most characters shown of one piece of file text.
    static let maxCharacters = 60
    /// The most characters shown of a file name (Linux allows 4096 bytes in a path).
    package static let maxPathCharacters = 1024

    /// `text` with control and invalid characters escaped, cut to `maxCharacters`.
    package static func escaped(_ text: String) -> String {
        shown(text, keepsNewlines: false, keepsTabs: false, doublesBackslashes: true, limit: maxCharacters)
    }

    /// A file name, topic or argument on one line: controls escaped, cut to `maxPathCharacters`.
    package static func path(_ text: String) -> String {
        shown(text, keepsNewlines: false, keepsTabs: false, doublesBackslashes: false, limit: maxPathCharacters)
    }

    /// `text` uncut, with tabs (and, when `lines`, newlines) kept and every other control escaped.
    package static func visible(_ text: String, lines: Bool = false) -> String {
        // Nearly every string is plain: it is returned as it is, without copying.
        guard text.unicodeScalars.contains(where: { escape($0, keepsNewlines: lines, keepsTabs: true) != nil })
        else { return text }
        return shown(text, keepsNewlines: lines, keepsTabs: true, doublesBackslashes: false, limit: nil)
    }

    /// Whether `visible(text, lines:)` would leave `text` as it is.
    package static func isVisible(_ text: String, lines: Bool = false) -> Bool {
        !text.unicodeScalars.contains { escape($0, keepsNewlines: lines, keepsTabs: true) != nil }
    }

    /// Bytes that should be UTF-8, as `escaped` shows text, except that each byte that is not
    /// part of a valid UTF-8 sequence is shown as `\xNN`.
    package static func escaped<Bytes: Collection<UInt8>>(bytes: Bytes) -> String {
        var out = ""
        var count = 0
        var rest = Array(bytes)[...]
        while let lead = rest.first {
            if count == maxCharacters { return out + "…" }
            let sequence = rest.prefix(sequenceLength(lead: lead))
            if let text = String(validating: sequence, as: UTF8.self), let scalar = text.unicodeScalars.first {
                out += escape(scalar, keepsNewlines: false, keepsTabs: false, doublesBackslashes: true) ?? text
                rest = rest.dropFirst(sequence.count)
            } else {
                out += hex(UInt32(lead))
                rest = rest.dropFirst()
            }
            count += 1
        }
        return out
    }
}

// MARK: - One character

extension QuotedText {
    /// The core of every form: each character as it is, or its escape, cut after `limit` with "…".
    private static func shown(_ text: String, keepsNewlines: Bool, keepsTabs: Bool, doublesBackslashes: Bool,
                              limit: Int?) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count == limit { return out + "…" }
            if let escape = escape(scalar, keepsNewlines: keepsNewlines, keepsTabs: keepsTabs,
                                   doublesBackslashes: doublesBackslashes) {
                out += escape
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// The escape that shows `scalar`, or nil when it is shown as it is.
    private static func escape(_ scalar: Unicode.Scalar, keepsNewlines: Bool, keepsTabs: Bool,
                               doublesBackslashes: Bool = false) -> String? {
        switch scalar {
        case "\n": return keepsNewlines ? nil : "\\n"
        case "\t": return keepsTabs ? nil : "\\t"
        case "\r": return "\\r"
        case "\\": return doublesBackslashes ? "\\\\" : nil
        default:
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) { return hex(v) }
            if isFormatControl(v) { return "\\u" + String(v, radix: 16) }
            return nil
        }
    }

    /// Bidi controls, the Unicode line and paragraph separators, and the replacement character.
    private static func isFormatControl(_ v: UInt32) -> Bool {
        v == 0x061C || v == 0x200E || v == 0x200F || (0x2028...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0xFFFD
    }

    /// `\xNN`, two lower-case hex digits.
    private static func hex(_ v: UInt32) -> String {
        "\\x" + (v < 16 ? "0" : "") + String(v, radix: 16)
    }

    /// How many bytes a UTF-8 sequence starting with `lead` has (1 for a byte that starts none).
    private static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
    }
}

// MARK: - In messages

extension DefaultStringInterpolation {
    /// `"saved W1 to \(path: path)"`: a file name, topic or argument as `QuotedText.path` shows it.
    package mutating func appendInterpolation(path: String) {
        appendLiteral(QuotedText.path(path))
    }

    /// `"it holds \(name: key)"`: a name read from a file as `QuotedText.escaped` shows it.
    package mutating func appendInterpolation(name: String) {
        appendLiteral(QuotedText.escaped(name))
    }
}
