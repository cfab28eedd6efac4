/// The closest of `candidates` to `word` by edit distance, when close enough
/// to be a likely typo (at most a third of the word's length, at least 1).
func suggestion(for word: String, among candidates: [String]) -> String? {
    let limit = max(1, word.count / 3)
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(word, c)
        if d <= limit, best.map({ d < $0.1 }) ?? true { best = (c, d) }
    }
    return best?.0
}

/// Levenshtein distance, counting a case change as half a step cheaper:
/// `dw2` is nearer `dW2` than `db2`.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            let same = x[i - 1] == y[j - 1]
                || x[i - 1].lowercased() == y[j - 1].lowercased()
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
