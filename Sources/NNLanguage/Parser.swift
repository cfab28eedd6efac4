import NNCore

/// Text → `Command`: one line of the nnstep language (or several physical lines
/// joined with "\n" while a matrix literal's brackets were open).
///
/// ```
/// line := COMMAND ARGS… [# comment]  |  NAME = VALUE  |  NAME[i, j] = NUMBER  |  (blank)
/// ```
/// The command word finds its `CommandSpec`, whose parse reads the rest; each command's parse
/// is in its family's file under `Commands/`, beside its spec.
public enum Parser {
    /// Every command word, for help and completion (from `CommandSpec.all`).
    public static let commandNames = CommandSpec.words

    /// The command on `line`; nil for a blank line or a comment-only line.
    public static func parse(_ line: String) throws(ParseError) -> Command? {
        var c = TokenCursor(line)
        guard let first = c.peek else { return nil }
        guard first.kind == .word else { throw c.unexpected(first, .command) }
        let word = c.text(first)
        if (c.isPunct("=", 1) && word != CommandSpec.help.name) || (c.isPunct("[", 1) && !commandNames.contains(word)) {
            return try CommandSpec.assignment.parse(&c)
        }
        c.advance()
        if let spec = CommandSpec.named(word) {
            let command = try spec.parse(&c)
            try c.expectEnd()
            return command
        }
        if let next = c.peek, next.kind == .other {
            throw c.unexpected(next, .command)
        }
        if (try? MatrixName.spelled(word, at: c.position(first))).map(isLectureName) == true {
            throw ParseError.nameAlone(word)
        }
        throw ParseError.unknownCommand(ParseError.abbreviate(word),
                                        suggestions: Suggestions.closest(to: word, in: commandNames))
    }

    /// Whether `text` ends inside an open `[` (or the `(` of `np.array(…)`), so the
    /// shell must read a continuation line and join it with "\n".
    public static func needsContinuation(_ text: String) -> Bool {
        Tokenizer(text).openBrackets() > 0
    }

    /// How many brackets are open after the next physical line of a command,
    /// given `depth` open before it (> 0: read another line). Counting line by
    /// line keeps a long literal linear, where re-reading the joined text is quadratic.
    public static func openBrackets(after depth: Int, line: String) -> Int {
        Tokenizer(line).openBrackets(from: depth)
    }

    /// Whether `name` is one of the lecture's own names rather than the learner's.
    private static func isLectureName(_ name: MatrixName) -> Bool {
        if case .user = name { return false }
        return true
    }
}

// MARK: - Shared by the commands

extension Parser {
    /// `[i, j]` after a name (zero-based, as numpy), or nil when no `[` follows.
    static func elementIndex(_ c: inout TokenCursor) throws(ParseError) -> (Int, Int)? {
        guard let open = c.peek, c.skip("[") else { return nil }
        let i = try LiteralParser.integer(&c, .rowIndex)
        guard c.skip(",") else { throw c.unexpected(.indexComma) }
        let j = try LiteralParser.integer(&c, .columnIndex)
        guard c.skip("]") else {
            if c.atEnd { throw ParseError.unclosedBracket("[", at: c.position(open)) }
            throw c.unexpected(.closing("]"))
        }
        return (i, j)
    }

    /// The error for a word that is not one of `options`, with the closest of them.
    static func unknown(_ word: String, _ choice: ParseError.Choice, _ options: [String],
                        _ c: TokenCursor, _ t: Token) -> ParseError {
        .unknownChoice(ParseError.abbreviate(word), choice,
                       suggestions: Suggestions.closest(to: word, in: options), at: c.position(t))
    }
}
