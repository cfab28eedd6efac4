import NNCore

/// One command of the language: its word, its help, what TAB offers after it, what running it
/// does to the session, and its parse. Each is a static member defined in its family's file
/// under `Commands/` (`CommandSpec.gradcheck` in `Commands/Checking.swift`), the only place its
/// word is spelled; `CommandSpec.all` is the one list of them, and the parser, `help`, the
/// completer and the suggestions all read it.
package struct CommandSpec {
    /// The word a line starts with (`=` for `NAME = VALUE`, which follows a name instead).
    package var name: String
    /// Other spellings of the same command (`exit` for `quit`).
    package var aliases: [String] = []
    /// The forms of the command, as `help COMMAND` shows them.
    package var usage: String
    /// One line for the `help` list.
    package var summary: String
    /// Further lines of `help COMMAND`.
    package var details: [String] = []
    /// What TAB offers for the words after the command word.
    package var arguments = Arguments()
    /// What running the command does to the session.
    package var effect: Effect
    /// Reads the rest of the line, the cursor just past the command word (at the name, for `=`).
    /// The parser checks that nothing is left after it.
    package var parse: @Sendable (inout TokenCursor) throws(ParseError) -> Command
}

// MARK: - Effects

extension CommandSpec {
    /// What running a command does to the session's state.
    package enum Effect {
        /// Leaves the state as it was, and `history` does not list it (`help`, `history`).
        case unrecorded
        /// Leaves the state as it was: looks at it, checks it, or works on files and undo.
        case leavesState
        /// Changes a setting: `undo` takes it back, a saved script does not repeat it.
        case changesSetting
        /// Changes what the session holds: `undo` takes it back, a saved script repeats it.
        case buildsState
    }

    /// Whether a line starts with the command's word (all but `=`).
    package var isWord: Bool { name.first?.isLetter == true }
}

// MARK: - Completion

extension CommandSpec {
    /// What TAB offers after a command word, by position.
    ///
    /// ```
    /// after[previous word]  if the word before the cursor's has a rule,
    /// else positions[k − 1]  for the k-th word after the command,
    /// else rest
    /// ```
    package struct Arguments {
        var positions: [[Choice]] = []
        var rest: [Choice] = []
        var after: [String: [Choice]] = [:]
    }

    /// One source of completion candidates.
    package enum Choice {
        /// These words.
        case words([String])
        /// The names of the session's matrices.
        case matrices
        /// `1 … L`.
        case layers
        /// `1 … L` when the word before is one of these, nothing otherwise.
        case layersAfter([String])
        /// `UNITS:ACTIVATION` once the word typed so far holds a colon.
        case unitsWithActivation
        /// File names (only folders and `.nnscript` files when `scriptsOnly`).
        case files(scriptsOnly: Bool)
        /// Every command word.
        case commands
        /// A numpy expression: numpy's functions, the matrices, a matrix's methods (see `Completer`).
        case expression
    }

    /// The choices for the word after `words` (the command word first).
    package func choices(after words: [String]) -> [Choice] {
        if let last = words.last, words.count > 1, let rule = arguments.after[last] { return rule }
        let position = words.count
        return position <= arguments.positions.count ? arguments.positions[position - 1] : arguments.rest
    }
}

// MARK: - Lookup

extension CommandSpec {
    /// The spec of a command word or alias, or nil.
    package static func named(_ word: String) -> CommandSpec? {
        byName[word]
    }

    /// Every command word and alias, in the order of `all`.
    package static let words: [String] = all.filter(\.isWord).flatMap { [$0.name] + $0.aliases }

    private static let byName: [String: CommandSpec] = {
        var table: [String: CommandSpec] = [:]
        for spec in all {
            for name in [spec.name] + spec.aliases { table[name] = spec }
        }
        return table
    }()
}
