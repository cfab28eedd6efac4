/// "Did you mean …?" candidates by edit distance.
package enum Suggestions {
    /// Words longer than this get no suggestions (no real command is anywhere near).
    package static let longestWord = 40

    /// The candidates closest to `word`, best first, at most three.
    ///
    /// ```
    /// close  ⇔  d(word, c) ≤ max(1, |word| / 3)   or   word is a prefix of c (|word| ≥ 3)
    /// ```
    /// where d is the optimal-string-alignment distance (insert, delete, substitute,
    /// swap two neighbours) between the lowercased spellings.
    package static func closest(to word: String, in candidates: [String]) -> [String] {
        let w = Array(word.lowercased().unicodeScalars)
        guard !w.isEmpty, w.count <= longestWord else { return [] }
        let limit = Swift.max(1, w.count / 3)
        var scored: [(distance: Int, order: Int, word: String)] = []
        for (order, candidate) in candidates.enumerated() {
            let c = Array(candidate.lowercased().unicodeScalars)
            if abs(c.count - w.count) <= limit {
                let d = distance(w, c)
                if d <= limit {
                    scored.append((d, order, candidate))
                    continue
                }
            }
            if w.count >= 3 && c.starts(with: w) {
                scored.append((limit + 1, order, candidate))
            }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return scored.prefix(3).map(\.word)
    }

    /// Optimal-string-alignment distance between two short strings.
    package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        var before = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = Swift.min(d, before[j - 2] + 1)
                }
                current[j] = d
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
