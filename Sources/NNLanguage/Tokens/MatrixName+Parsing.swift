// MARK: - Reading names

extension MatrixName {
    /// Words that can never name a matrix: the words inside commands and values. A command's
    /// own word may name one (`cost = …` as the course writes it): the command is the word alone.
    package static let reservedWords: Set<String> = [
        "randn", "rand", "zeros", "ones", "onehot", "permutation", "normal", "np", "numpy", "array",
        "layer", "params", "grads", "all", "precision", "atol", "rtol", "every", "as",
        "nan", "inf", "L",
    ]

    /// Reads a name at the cursor: `W1`, `dA0`, `X`, `Y`, `J`, `AL`, `W[2]`, `dW[L]`, or a user identifier.
    package static func read(_ c: inout TokenCursor) throws(ParseError) -> MatrixName {
        guard let t = c.peek, t.kind == .word else { throw c.unexpected(.name) }
        let word = c.text(t)
        c.advance()
        if let slot = Slot(rawValue: word), !slot.isKindSlot, c.isPunct("["), !c.isPunct("[", 1) {   // `Z [[1, 2]]` is Z and a literal
            return try readBracketed(slot, &c)
        }
        return try spelled(word, at: c.position(t))
    }

    /// `W[1]`, `A[0]`, `dW[L]`: the slot has been read, the cursor is at `[`.
    private static func readBracketed(_ slot: Slot, _ c: inout TokenCursor) throws(ParseError) -> MatrixName {
        c.advance()
        guard let t = c.peek else { throw c.unexpected(.quantity(.nameLayer)) }
        let name: MatrixName
        if c.isWord("L") {
            c.advance()
            name = .output(slot)
        } else if t.kind == .number {
            let l = try LiteralParser.integer(&c, .nameLayer)
            guard l > 0 || slot == .A || slot == .dA else {
                throw ParseError.layerZero("\(slot.rawValue)[\(l)]", at: c.position(t))
            }
            name = .layer(slot, l)
        } else if c.isPunct("]") {
            throw ParseError.slotWithoutLayer(slot.rawValue, at: c.position(t))
        } else {
            throw c.unexpected(t, .quantity(.nameLayer))
        }
        guard c.skip("]") else { throw c.unexpected(.closing("]")) }
        return name
    }

    /// The name a single word spells, or why it cannot be one.
    ///
    /// ```
    /// W1, dA0, AL, dWL, X, Y, J     the lecture's names (any layer)
    /// W0, b0, dZ0, …                refused: layers count from 1, and layer 0 has only A0 and dA0
    /// commands, nan, inf, np, …     refused: reserved words
    /// anything else                 the learner's own: a1, w, W, dZ, A_prev, m
    /// gamma2, Zn1, vdbeta3, …       the learner's own here too: the session makes each a layer's
    ///                               name while that layer's kind has it (`Slot.isKindSlot`)
    /// ```
    package static func spelled(_ word: String, at position: @autoclosure () -> SourcePosition) throws(ParseError) -> MatrixName {
        switch word {
        case "X": return .X
        case "Y": return .Y
        case "J": return .J
        default: break
        }
        if let (slot, rest) = splitSlot(word) {
            if rest == "L" { return .output(slot) }
            if !rest.isEmpty, rest.utf8.allSatisfy(Tokenizer.isDigit) {
                guard let l = Int(rest), l <= ParseError.Quantity.maxSize else {
                    throw .outOfRange(ParseError.abbreviate(String(rest)), .nameLayer, at: position())
                }
                guard l > 0 || slot == .A || slot == .dA else { throw .layerZero(word, at: position()) }
                return .layer(slot, l)
            }
        }
        if reservedWords.contains(word) { throw .reservedName(ParseError.abbreviate(word), at: position()) }
        return .user(word)
    }

    /// `dW12` → (dW, "12"), `AL` → (A, "L"), `W` → (W, ""); nil if no slot starts the word.
    private static func splitSlot(_ word: String) -> (Slot, Substring)? {
        for slot in [Slot.vdW, .vdb, .sdW, .sdb] where word.hasPrefix(slot.rawValue) {
            return (slot, word.dropFirst(slot.rawValue.count))
        }
        let hasD = word.hasPrefix("d")
        let afterD = hasD ? word.dropFirst() : Substring(word)
        guard let letter = afterD.first,
              let slot = Slot(rawValue: (hasD ? "d" : "") + String(letter) as String) else { return nil }
        return (slot, afterD.dropFirst())
    }

    /// The lecture name `word` would be if its letters had the right case (`dw2` → `dW2`), else nil:
    /// the hint when a name of the learner's own has no value.
    package static func caseFixed(_ word: String) -> String? {
        guard word.utf8.count <= 24 else { return nil }
        let lower = word.lowercased()
        switch lower {
        case "x": return "X"
        case "y": return "Y"
        case "j": return "J"
        default: break
        }
        let hasD = lower.hasPrefix("d")
        let afterD = hasD ? lower.dropFirst() : Substring(lower)
        guard let letter = afterD.first else { return nil }
        let rest = afterD.dropFirst()
        let slotLetter: String
        switch letter {
        case "w": slotLetter = "W"
        case "b": slotLetter = "b"
        case "z": slotLetter = "Z"
        case "a": slotLetter = "A"
        default: return nil
        }
        let layer: String
        if rest == "l" {
            layer = "L"
        } else if !rest.isEmpty && rest.utf8.allSatisfy(Tokenizer.isDigit) {
            layer = String(rest)
        } else {
            return nil
        }
        let fixed = (hasD ? "d" : "") + slotLetter + layer
        return fixed == word ? nil : fixed
    }
}
