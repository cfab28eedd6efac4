import NNLanguage
/// The matrix name an array from a file is loaded under.
///
/// ```
/// "W1", "train_set_x"     ↦ as it is                 an identifier: [A-Za-z_][A-Za-z0-9_]*
/// "group/sub/Z"           ↦ group_sub_Z   + a note   every other character becomes _
/// "2nd"                   ↦ _2nd          + a note
/// "", ".npy" (member)     ↦ refused: nothing to name the matrix after
/// 100 characters          ↦ the first 64         + a note
/// ```
/// So no name from a file can carry escape sequences to the terminal or break a later `save`.
enum ArrayName {
    /// The most characters a loaded name keeps.
    static let maxLength = 64

    /// `key` itself when it is an identifier; else its cleaned spelling, or nil when it is empty.
    static func cleaned(_ key: String) -> String? {
        var bytes = key.utf8.prefix(maxLength).map { Tokenizer.isWordByte($0) ? $0 : UInt8(ascii: "_") }
        guard let first = bytes.first else { return nil }
        if Tokenizer.isDigit(first) { bytes.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
