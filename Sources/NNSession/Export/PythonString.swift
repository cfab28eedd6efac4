/// The one way text that did not come from nnstep reaches an exported .py or .ipynb: as a
/// Python string literal, in double quotes, made of printable ASCII only.
///
/// ```
/// data.npz                  ↦ "data.npz"
/// a"b'c\d                   ↦ "a\"b\'c\\d"
/// x\r import os  (a CR)     ↦ "x\r import os"        no line ends inside the literal
/// café  U+2028  😀           ↦ "caf\xe9 \u2028 \U0001f600"
/// ESC, NUL, DEL, U+0085     ↦ "\x1b", "\x00", "\x7f", "\x85"
/// ```
/// 1. Paths, .npz member names, .h5 dataset names, keys and the commands' text all go
///    through `literal`, never into a comment or an identifier: a comment ends at any of
///    Python's line ends (`\n`, `\r`, and in a notebook's lines U+2028 and U+2029 too),
///    and whatever follows one runs as code.
/// 2. Every scalar outside printable ASCII is written as an escape, so the literal has
///    no line end, no control character and no byte a terminal, an editor or a JSON
///    reader could take for anything but text. Python reads it back as the same string.
/// 3. Swift's `String` holds no lone surrogates, and invalid UTF-8 was already U+FFFD
///    when nnstep read it, so every scalar here has an escape Python accepts.
enum PythonString {
    /// `s` as a Python string literal that reads back as `s`.
    static func literal(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = u.value
                if v >= 0x20 && v < 0x7F {
                    out.unicodeScalars.append(u)
                } else if v <= 0xFF {
                    out += "\\x" + hex(v, width: 2)
                } else if v <= 0xFFFF {
                    out += "\\u" + hex(v, width: 4)
                } else {
                    out += "\\U" + hex(v, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        String(v, radix: 16).leftZeroPadded(to: width)
    }
}

extension String {
    func leftZeroPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
