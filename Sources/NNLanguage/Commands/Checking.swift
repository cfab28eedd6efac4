import NNCore

/// Checking what the learner worked out: `expect` and `gradcheck`.
///
/// ```
/// expect NAME VALUE [atol A] [rtol R]        gradcheck [eps E]
/// ```

// MARK: - The specs

extension CommandSpec {
    /// `expect NAME VALUE [atol A] [rtol R]`.
    package static let expect = CommandSpec(
        name: "expect", usage: "expect NAME VALUE [atol A] [rtol R]",
        summary: "check a value or a formula: shape, then numpy's allclose (rtol 1e-5, atol 1e-8)",
        details: ["VALUE is anything `=` takes, numpy expressions too: `expect dW2 1./m * np.dot(dZ2, A1.T)`.",
                  "Prints PASS, or FAIL with the largest difference and its position, and names the classic mistake the expected value matches (a missing 1/m, a lost keepdims, …).",
                  "In a replay any FAIL makes the exit status 1."],
        arguments: Arguments(positions: [[.matrices], [.expression]],
                             rest: [.expression, .words(["atol", "rtol"])]),
        effect: .leavesState,
        parse: Parser.expect)

    /// `gradcheck [eps E]`.
    package static let gradcheck = CommandSpec(
        name: "gradcheck", usage: "gradcheck [eps E]",
        summary: "the course's gradient check: (J(θ+ε) − J(θ−ε)) / 2ε against backward's dW and db",
        details: ["difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖); the course accepts up to 2e-7.",
                  "Uses the session's dW and db when all are current, otherwise computes them.",
                  "Elements whose finite difference straddles relu's kink are left out and named;",
                  "UNSURE when rounding or a large ε explains the difference; a FAIL makes a replay's exit status 1."],
        arguments: Arguments(positions: [[.words(["eps"])]]),
        effect: .leavesState,
        parse: { (c) throws(ParseError) in .gradcheck(epsilon: try Parser.gradcheckEpsilon(&c)) })
}

// MARK: - The parses

extension Parser {
    /// `expect NAME VALUE [atol A] [rtol R]`
    fileprivate static func expect(_ c: inout TokenCursor) throws(ParseError) -> Command {
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

    /// `gradcheck [eps E]`: ε, when given, positive and finite.
    fileprivate static func gradcheckEpsilon(_ c: inout TokenCursor) throws(ParseError) -> Double? {
        var eps: Double?
        if c.skipWord("eps") || c.skipWord("epsilon") {
            guard let t = c.peek else { throw c.unexpected(.quantity(.epsilon)) }
            let e = try LiteralParser.real(&c)
            guard e > 0, e.isFinite else { throw ParseError.outOfRange(c.snippet(t), .epsilon, at: c.position(t)) }
            eps = e
        }
        return eps
    }

    private static func tolerance(_ c: inout TokenCursor) throws(ParseError) -> Double {
        guard let t = c.peek else { throw c.unexpected(.quantity(.tolerance)) }
        let tol = try LiteralParser.real(&c)
        guard tol >= 0 else { throw ParseError.outOfRange(c.snippet(t), .tolerance, at: c.position(t)) }
        return tol
    }
}
