import NNCore

/// Files: `save`, `export`, `load`, `run`. A file name or key that is not plain comes in
/// quotes, with Python's escapes (`TokenCursor.fileName`, `StringLiteral`).
///
/// ```
/// save FILE [NAME…]      export FILE.py|FILE.ipynb      load FILE [KEY] [as NAME]      run FILE
/// ```

// MARK: - The specs

extension CommandSpec {
    /// `save FILE [NAME…]`.
    package static let save = CommandSpec(
        name: "save", usage: "save FILE.npz [NAME…]   |   save FILE.npy NAME   |   save FILE.csv NAME   |   save FILE.nnscript",
        summary: "matrices as float64 arrays (np.load reads them), or the commands that built this state",
        details: ["Files are written to a temporary name and renamed, so an old file is never half-written.",
                  "Only regular files are replaced: a directory, FIFO, socket, device or write-protected file of that name is refused and left as it is; a symbolic link is written through.",
                  "FILE.csv: one matrix, a row per line, numbers in round-trip digits, so",
                  "np.loadtxt(FILE, delimiter=',') and `load FILE.csv` read back the same bits",
                  "(loadtxt gives a 1×n or n×1 matrix as 1-D; add ndmin=2 to keep it 2-D).",
                  "FILE.nnscript: the commands as they ran; a train Ctrl-C stopped is written with the",
                  "iterations it finished and `# stopped`, so the script replays to the same parameters."],
        arguments: Arguments(positions: [[.files(scriptsOnly: false)]], rest: [.matrices]),
        effect: .leavesState,
        parse: Parser.save)

    /// `export FILE.py|FILE.ipynb`.
    package static let export = CommandSpec(
        name: "export", usage: "export FILE.py   |   export FILE.ipynb",
        summary: "this session as a numpy script (or notebook) built on the course's own functions",
        details: ["The commands `save FILE.nnscript` would write, as initialize_parameters_deep, L_model_forward,",
                  "compute_cost, L_model_backward, update_parameters …, defined in the file; numpy only.",
                  "`python3 FILE.py OUT.npz` saves every matrix under nnstep's names, as `save OUT.npz` does.",
                  "A notebook has the functions in its first cell, then one cell per command.",
                  "Paths and names are written as escaped string literals, never as code or comments."],
        arguments: Arguments(positions: [[.files(scriptsOnly: false)]]),
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .export(path: try c.fileName()) })

    /// `load FILE [KEY] [as NAME]`.
    package static let load = CommandSpec(
        name: "load", usage: "load FILE.npz   |   load FILE KEY as NAME",
        summary: "read matrices back by name, or one array under a name of yours",
        details: ["A file name or KEY with spaces, quotes, # or other characters goes in quotes, with",
                  "Python's escapes: load \"my data.npz\" \"x #y\" as M; \\\" is a quote, \\x1b is ESC, \\u2028 a line separator."],
        arguments: Arguments(positions: [[.files(scriptsOnly: false)]], rest: [.words(["as"])],
                             after: ["as": [.matrices]]),
        effect: .buildsState,
        parse: Parser.load)

    /// `run FILE.nnscript`.
    package static let run = CommandSpec(
        name: "run", usage: "run FILE.nnscript", summary: "replay a script inside this session",
        arguments: Arguments(positions: [[.files(scriptsOnly: true)]]),
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .run(path: try c.fileName()) })
}

// MARK: - The parses

extension Parser {
    /// `save FILE [NAME…]`, names separated by spaces or commas.
    fileprivate static func save(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let path = try c.fileName()
        var names: [MatrixName] = []
        while !c.atEnd {
            names.append(try MatrixName.read(&c))
            _ = c.skip(",")
        }
        return .save(path: path, names: names)
    }

    /// `load FILE [KEY] [as NAME]`
    fileprivate static func load(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let path = try c.fileName()
        var key: String?
        if let t = c.peek, !c.isWord("as") {
            switch t.kind {
            case .string:
                c.advance()
                key = c.tokenizer.quoted(t)
            case .word:
                c.advance()
                key = c.text(t)
            default:
                throw c.unexpected(t, .loadKey)
            }
        }
        var target: MatrixName?
        if c.skipWord("as") { target = try MatrixName.read(&c) }
        return .load(path: path, key: key, as: target)
    }
}
