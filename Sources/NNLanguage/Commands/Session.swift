import NNCore

/// The session itself: `reset`, `history`, `undo`, `redo`, `help`, `clear`, `quit`.
///
/// ```
/// reset [default]     history     undo     redo     help [COMMAND]     clear     quit | exit
/// ```

// MARK: - The specs

extension CommandSpec {
    /// `reset`, `reset default`.
    package static let reset = CommandSpec(
        name: "reset", usage: "reset   |   reset default",
        summary: "forget caches and gradients; keep network, parameters and data (`default`: the default session again)",
        arguments: Arguments(positions: [[.words(["default"])]]),
        effect: .buildsState,
        parse: { c in c.skipWord("default") ? .resetDefault : .reset })

    /// `history`.
    package static let history = CommandSpec(
        name: "history", usage: "history", summary: "the commands of this session",
        effect: .unrecorded,
        parse: { _ in .history })

    /// `undo`.
    package static let undo = CommandSpec(
        name: "undo", usage: "undo", summary: "back to the state before the last command that changed it",
        effect: .leavesState,
        parse: { _ in .undo })

    /// `redo`.
    package static let redo = CommandSpec(
        name: "redo", usage: "redo", summary: "forward again after `undo`",
        effect: .leavesState,
        parse: { _ in .redo })

    /// `help [COMMAND]`.
    package static let help = CommandSpec(
        name: "help", usage: "help [COMMAND]", summary: "this list, or one command in detail",
        arguments: Arguments(positions: [[.commands]]),
        effect: .unrecorded,
        parse: Parser.help)

    /// `clear`.
    package static let clear = CommandSpec(
        name: "clear", usage: "clear   |   Ctrl-L", summary: "clear the screen (nothing in a replay)",
        effect: .unrecorded,
        parse: { _ in .clear })

    /// `quit`, `exit` (and Python's `quit()`).
    package static let quit = CommandSpec(
        name: "quit", aliases: ["exit"], usage: "quit   |   exit   |   Ctrl-D", summary: "leave nnstep",
        effect: .leavesState,
        parse: Parser.quit)
}

// MARK: - The parses

extension Parser {
    /// `help`, `help COMMAND`, and `help =`.
    fileprivate static func help(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.skip("=") { return .help(CommandSpec.assignment.name) }
        return .help(c.atEnd ? nil : try c.word(.command))
    }

    /// `quit`, `exit`, and Python's `quit()` and `exit()`.
    fileprivate static func quit(_ c: inout TokenCursor) throws(ParseError) -> Command {
        if c.isPunct("("), c.isPunct(")", 1) { c.index += 2 }
        return .quit
    }
}
