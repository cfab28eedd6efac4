import NNCore
import NNLanguage

/// `expect NAME VALUE [atol A] [rtol R]`: checking a value as numpy's allclose does.
extension SessionState {
    struct CheckResult {
        var passed: Bool
        var outputs: [Output]
    }

    /// Shape first, then every element by numpy's rule
    ///
    /// ```
    /// |actual − expected| ≤ atol + rtol·|expected|      (rtol 1e-5, atol 1e-8)
    /// ```
    /// A nan on either side never passes against a number.
    mutating func expect(_ raw: MatrixName, _ expr: Expression, atol: Double?, rtol: Double?) throws(SessionError) -> CheckResult {
        let name = try resolve(raw)
        let expected = try evaluate(value: expr)
        let a = atol ?? 1e-8, r = rtol ?? 1e-5
        guard a >= 0, r >= 0, a.isFinite, r.isFinite else {
            throw .invalidNumber(what: "a tolerance", value: "atol \(a) rtol \(r)", expected: "finite and ≥ 0")
        }
        guard let actual = store[name] else { throw .missing(name.description, fix: howToMake(name)) }
        let staleNote: [Output] = store.staleReason(name).map { [.note("\(name) is stale (\($0))")] } ?? []
        guard actual.hasSameShape(as: expected) else {
            var outputs = staleNote + [
                Output.verdict(passed: false, "\(name): shape \(actual.numpyShape), expected \(expected.numpyShape)")]
            if let mistake = diagnose(name, given: expected, atol: a, rtol: r) {
                outputs.append(.note("the expected value is what this mistake gives: \(mistake)"))
            }
            return CheckResult(passed: false, outputs: outputs)
        }
        var worst: (diff: Double, i: Int)? = nil
        var failures = 0
        for k in 0..<actual.count {
            let x = actual.storage[k], e = expected.storage[k]
            if !isClose(x, e, atol: a, rtol: r) {
                failures += 1
                let diff = Swift.abs(x - e)
                let d = diff.isNaN ? Double.infinity : diff
                if worst.map({ d > $0.diff }) ?? true { worst = (d, k) }
            }
        }
        guard let worst else {
            return CheckResult(passed: true, outputs: staleNote + [
                .verdict(passed: true, "\(name) \(actual.numpyShape) matches (rtol \(r), atol \(a))")])
        }
        let i = worst.i / actual.cols, j = worst.i % actual.cols
        let got = actual.storage[worst.i], want = expected.storage[worst.i]
        let text = "\(name): \(failures) of \(actual.count) elements differ; largest at [\(i),\(j)]: "
            + "got \(got), expected \(want) (difference \(Swift.abs(got - want)))"
        var outputs = staleNote + [Output.verdict(passed: false, text)]
        if let mistake = diagnose(name, given: expected, atol: a, rtol: r) {
            outputs.append(.note("the expected value is what this mistake gives: \(mistake)"))
        }
        return CheckResult(passed: false, outputs: outputs)
    }
}
