/// The settings `set NAME N` changes.
enum Setting: String, CaseIterable {
    /// Digits of printed matrices (numpy's `precision=`).
    case precision
    /// The most elements a matrix a command makes may have.
    case maxElements = "max-elements"
}

// MARK: - Ranges

extension Setting {
    /// The digits `set precision` accepts (numpy prints at most 17 significant digits).
    static let precisionDigits = 1...17
}
