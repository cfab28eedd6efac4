/// The settings `set NAME VALUE` changes.
package enum Setting: String, CaseIterable {
    /// Digits of printed matrices (numpy's `precision=`).
    case precision
    /// The most elements a matrix a command makes may have.
    case maxElements = "max-elements"
    /// Characters per line of a printed matrix (numpy's `linewidth=`).
    case lineWidth = "linewidth"
    /// How much the stages print: `brief` or `full`.
    case output
}

/// `set output brief|full`: what a stage, `step` and bare `show` print.
///
/// `full` prints every equation and every matrix a command makes or changes. `brief`, for a
/// projector, prints each equation with its shapes and each matrix once, summarised as numpy
/// summarises large arrays (`threshold`, `edgeitems`), and bare `show` only the network and stage.
public enum OutputMode: String, CaseIterable, Equatable, Sendable {
    case brief
    case full

    /// numpy's `threshold=` and `edgeitems=` for brief output: arrays of more than 64
    /// elements print their first and last 3 rows and columns.
    package static let briefThreshold = 64
    package static let briefEdgeItems = 3
}

// MARK: - Ranges

extension Setting {
    /// The digits `set precision` accepts (numpy prints at most 17 significant digits).
    package static let precisionDigits = 1...17
    /// The line widths `set linewidth` accepts.
    package static let lineWidths = 1...10_000

    /// What follows the setting's name in `set NAME …`.
    package var argument: String {
        self == .output ? OutputMode.allCases.map(\.rawValue).joined(separator: "|") : "N"
    }
}
