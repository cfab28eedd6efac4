import NNCore

/// Text → `Command`: one line of the nnstep language (or several physical lines
/// joined with "\n" while a matrix literal's brackets were open).
///
/// ```
/// line := COMMAND ARGS… [# comment]  |  NAME = VALUE  |  NAME[i, j] = NUMBER  |  (blank)
/// ```
public enum Parser {
    /// Every command word, for help and completion (from `CommandSpec.all`).
    public static let commandNames = CommandSpec.words

    /// The command on `line`; nil for a blank line or a comment-only line.
    public static func parse(_ line: String) throws(ParseError) -> Command? {
        var c = TokenCursor(line)
        guard let first = c.peek else { return nil }
        guard first.kind == .word else { throw c.unexpected(first, .command) }
        let word = c.text(first)
        if (c.isPunct("=", 1) && word != "help") || (c.isPunct("[", 1) && !commandNames.contains(word)) {
            return try assignment(&c)
        }
        c.advance()
        if let command = try command(word, &c) {
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

// MARK: - Assignment

extension Parser {
    /// `NAME = VALUE` or `NAME[i, j] = NUMBER`.
    private static func assignment(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let name = try MatrixName.read(&c)
        if let (i, j) = try elementIndex(&c) {
            guard c.skip("=") else { throw c.unexpected(.equals) }
            let value = try LiteralParser.real(&c)
            try c.expectEnd()
            return .assignElement(name, row: i, col: j, value)
        }
        guard c.skip("=") else { throw c.unexpected(.equals) }
        let value = try ValueParser.value(&c)
        try c.expectEnd()
        return .assign(name, value)
    }
}

extension Parser {
    /// `[i, j]` after a name (zero-based, as numpy), or nil when no `[` follows.
    private static func elementIndex(_ c: inout TokenCursor) throws(ParseError) -> (Int, Int)? {
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
}

// MARK: - Commands

extension Parser {
    /// The command `word` introduces, with the cursor just past it; nil if `word` is no command.
    private static func command(_ word: String, _ c: inout TokenCursor) throws(ParseError) -> Command? {
        let command: Command
        switch word {
        case "net": command = try net(&c)
        case "act":
            let l = try LiteralParser.integer(&c, .layer)
            command = .act(layer: l, try activation(&c))
        case "loss":
            guard let t = c.peek else { return .cost }
            let w = try c.word(.loss)
            guard let loss = Loss(rawValue: w) else { throw unknown(w, .loss, Loss.allCases.map(\.name), c, t) }
            command = .loss(loss)
        case "cost": command = .cost
        case "seed": command = .seed(try seed(&c))
        case "init": command = try initialize(&c)
        case "dataset": command = .dataset(try c.fileName())
        case "forward": command = .forward(try stageTarget(&c))
        case "backward": command = .backward(try stageTarget(&c))
        case "step": command = .step(learningRate: try learningRate(&c))
        case "train": command = try train(&c)
        case "regularize", "dropout", "optimizer", "minibatch", "decay", "batchnorm": command = try stageSetting(word, &c)
        case "predict": command = .predict(c.atEnd ? nil : try MatrixName.read(&c))
        case "accuracy":
            if c.atEnd {
                command = .accuracy(x: nil, y: nil)
            } else {
                let x = try MatrixName.read(&c)
                command = .accuracy(x: x, y: try MatrixName.read(&c))
            }
        case "show": command = .show(try showTarget(&c))
        case "set": command = try setting(&c)
        case "explain": command = .explain(try explainTarget(&c))
        case "diagram": command = .diagram
        case "trace": command = .trace(example: try LiteralParser.integer(&c, .columnIndex))
        case "export": command = .export(path: try c.fileName())
        case "gradcheck": command = .gradcheck(epsilon: try gradcheckEpsilon(&c))
        case "plot":
            guard let t = c.peek else { throw c.unexpected(.plotTarget) }
            let w = try c.word(.plotTarget)
            guard let target = PlotTarget(rawValue: w) else { throw unknown(w, .plot, PlotTarget.allCases.map(\.rawValue), c, t) }
            command = .plot(target)
        case "undo": command = .undo
        case "redo": command = .redo
        case "expect": command = try expect(&c)
        case "save": command = try save(&c)
        case "load": command = try load(&c)
        case "run": command = .run(path: try c.fileName())
        case "reset": command = c.skipWord("default") ? .resetDefault : .reset
        case "history": command = .history
        case "clear": command = .clear
        case "help":
            if c.skip("=") {
                command = .help("=")
            } else {
                command = .help(c.atEnd ? nil : try c.word(.command))
            }
        case "quit", "exit":
            if c.isPunct("("), c.isPunct(")", 1) { c.index += 2 }
            command = .quit
        default:
            return nil
        }
        try c.expectEnd()
        return command
    }

    /// `set precision N`, `set max-elements N`, `set linewidth N`, `set output brief|full`.
    private static func setting(_ c: inout TokenCursor) throws(ParseError) -> Command {
        guard let t = c.peek else { throw c.unexpected(.setting) }
        let w = try c.word(.setting)
        if w == "max" || w == "max_elements" {
            if w == "max" && !(c.skip("-") && c.skipWord("elements")) {
                throw unknown(w, .setting, settings, c, t)
            }
            return .setMaxElements(try LiteralParser.integer(&c, .maxElements))
        } else if w == Setting.lineWidth.rawValue {
            return .setLineWidth(try LiteralParser.integer(&c, .lineWidth))
        } else if w == Setting.output.rawValue {
            guard let m = c.peek else { throw c.unexpected(.outputMode) }
            let mode = try c.word(.outputMode)
            guard let chosen = OutputMode(rawValue: mode) else {
                throw unknown(mode, .outputMode, OutputMode.allCases.map(\.rawValue), c, m)
            }
            return .setOutput(chosen)
        } else {
            guard w == Setting.precision.rawValue else { throw unknown(w, .setting, settings, c, t) }
            return .setPrecision(try LiteralParser.integer(&c, .precision))
        }
    }

    /// `gradcheck [eps E]`: ε, when given, positive and finite.
    private static func gradcheckEpsilon(_ c: inout TokenCursor) throws(ParseError) -> Double? {
        var eps: Double?
        if c.skipWord("eps") || c.skipWord("epsilon") {
            guard let t = c.peek else { throw c.unexpected(.quantity(.epsilon)) }
            let e = try LiteralParser.real(&c)
            guard e > 0, e.isFinite else { throw ParseError.outOfRange(c.snippet(t), .epsilon, at: c.position(t)) }
            eps = e
        }
        return eps
    }

    /// `train N LR [every K]`.
    private static func train(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let n = try LiteralParser.integer(&c, .iterations)
        let lr = try learningRate(&c)
        var every: Int?
        if c.skipWord("every") { every = try LiteralParser.integer(&c, .interval) }
        return .train(iterations: n, learningRate: lr, every: every)
    }

    /// `save FILE [NAME…]`, names separated by spaces or commas.
    private static func save(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let path = try c.fileName()
        var names: [MatrixName] = []
        while !c.atEnd {
            names.append(try MatrixName.read(&c))
            _ = c.skip(",")
        }
        return .save(path: path, names: names)
    }

    private static let settings = Setting.allCases.map(\.rawValue)

    private static func unknown(_ word: String, _ choice: ParseError.Choice, _ options: [String],
                                _ c: TokenCursor, _ t: Token) -> ParseError {
        .unknownChoice(ParseError.abbreviate(word), choice,
                       suggestions: Suggestions.closest(to: word, in: options), at: c.position(t))
    }

    private static func activation(_ c: inout TokenCursor) throws(ParseError) -> Activation {
        guard let t = c.peek else { throw c.unexpected(.activation) }
        let w = try c.word(.activation)
        guard let g = Activation(rawValue: w) else {
            throw unknown(w, .activation, Activation.allCases.map(\.name), c, t)
        }
        return g
    }

    /// `net 2 4:relu 3 1:sigmoid`, also `net [2, 4, 3, 1]` (the course's layer_dims).
    private static func net(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let bracketed = c.skip("[")
        var specs: [LayerSpec] = []
        while true {
            if bracketed ? c.skip("]") : c.atEnd { break }
            if !specs.isEmpty { _ = c.skip(",") }
            guard let t = c.peek else { throw c.unexpected(.quantity(.layerSize)) }
            let units = try LiteralParser.integer(&c, .layerSize)
            var g: Activation?
            if c.skip(":") {
                guard !specs.isEmpty else { throw ParseError.inputActivation(at: c.position(t)) }
                g = try activation(&c)
            }
            specs.append(LayerSpec(units: units, activation: g))
        }
        guard specs.count >= 2 else { throw ParseError.tooFewLayers(specs.count) }
        return .net(specs)
    }

    private static func seed(_ c: inout TokenCursor) throws(ParseError) -> UInt32 {
        let n = try LiteralParser.integer(&c, .seed)
        return UInt32(truncatingIfNeeded: n)   // the range check above keeps n in 0…2³²−1
    }

    /// `init [small|xavier|he|zeros] [seed N]`
    private static func initialize(_ c: inout TokenCursor) throws(ParseError) -> Command {
        var scheme = InitScheme.small
        if let t = c.peek, !c.isWord("seed") {
            let w = try c.word(.initOption)
            guard let s = InitScheme(rawValue: w) else {
                throw unknown(w, .initScheme, InitScheme.allCases.map(\.name) + ["seed"], c, t)
            }
            scheme = s
        }
        var seed: UInt32?
        if c.skipWord("seed") { seed = try self.seed(&c) }
        return .initialize(scheme, seed: seed)
    }

    private static func stageTarget(_ c: inout TokenCursor) throws(ParseError) -> StageTarget {
        if c.atEnd { return .next }
        if c.skipWord("all") { return .all }
        guard let t = c.peek, t.kind == .number else { throw c.unexpected(.stageTarget) }
        return .layer(try LiteralParser.integer(&c, .layer))
    }

    private static func learningRate(_ c: inout TokenCursor) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.quantity(.learningRate)) }
        let lr = try LiteralParser.real(&c)
        guard lr.isFinite else { throw ParseError.outOfRange(c.snippet(t), .learningRate, at: c.position(t)) }
        return lr
    }

    private static func tolerance(_ c: inout TokenCursor) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.quantity(.tolerance)) }
        let tol = try LiteralParser.real(&c)
        guard tol >= 0 else { throw ParseError.outOfRange(c.snippet(t), .tolerance, at: c.position(t)) }
        return tol
    }

    /// `show`, `show NAME…`, `show layer L`, `show params`, `show grads`.
    private static func showTarget(_ c: inout TokenCursor) throws(ParseError) -> ShowTarget {
        if c.atEnd { return .overview }
        if c.skipWord("layer") { return .layer(try LiteralParser.integer(&c, .layer)) }
        if c.skipWord("params") { return .params }
        if c.skipWord("grads") { return .grads }
        var names: [MatrixName] = []
        while !c.atEnd {
            names.append(try MatrixName.read(&c))
            _ = c.skip(",")
        }
        return .names(names)
    }

    /// `explain forward L`, `explain backward L`, `explain cost`, `explain NAME[i,j]`.
    private static func explainTarget(_ c: inout TokenCursor) throws(ParseError) -> ExplainTarget {
        guard let t = c.peek else { throw c.unexpected(.word) }
        if c.skipWord("forward") { return .forward(try LiteralParser.integer(&c, .layer)) }
        if c.skipWord("backward") { return .backward(try LiteralParser.integer(&c, .layer)) }
        if c.skipWord("cost") { return .cost }
        guard t.kind == .word else { throw unknown(c.text(t), .explain, [], c, t) }
        let name = try MatrixName.read(&c)
        guard let (i, j) = try elementIndex(&c) else { return .name(name, row: nil, col: nil) }
        return .name(name, row: i, col: j)
    }

    /// `expect NAME VALUE [atol A] [rtol R]`
    private static func expect(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let name = try MatrixName.read(&c)
        if let t = c.peek, c.isWord("atol") || c.isWord("rtol") { throw c.unexpected(t, .value) }
        let value = try ValueParser.value(&c)
        var atol: Double?
        var rtol: Double?
        while let t = c.peek {
            if atol == nil, c.skipWord("atol") {
                atol = try tolerance(&c)
            } else if rtol == nil, c.skipWord("rtol") {
                rtol = try tolerance(&c)
            } else {
                if atol != nil && rtol != nil { try c.expectEnd() }
                throw c.unexpected(t, .tolerance)
            }
        }
        return .expect(name, value, atol: atol, rtol: rtol)
    }

    /// `load FILE [KEY] [as NAME]`
    private static func load(_ c: inout TokenCursor) throws(ParseError) -> Command {
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
