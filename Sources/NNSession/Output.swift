import NNCore
import NNLanguage

/// One piece of what a command shows. The session produces these; the
/// `Printer` turns them into text, so the session itself never prints.
public enum Output: Equatable, Sendable {
    /// A heading for a stage, e.g. `forward layer 2 (relu)`.
    case heading(String)
    /// An equation with its shapes, e.g. `Z2 = W2·A1 + b2: (3×4)·(4×5) + (3×1) → (3×5)`.
    case formula(String)
    /// A matrix under a header with its name and shape.
    case matrix(MatrixOutput)
    /// A single number in full round-trip precision, e.g. `J = 0.6931471805599453`.
    case scalar(name: String, value: Double)
    /// A table: the header row, then the rows.
    case table(header: [String], rows: [[String]])
    /// A picture in character cells (`plot boundary`), coloured by region on a terminal,
    /// under its key.
    case canvas([[CanvasCell]], legend: CanvasLegend)
    /// A line of prose.
    case text(String)
    /// A remark the learner should notice (e.g. "dA0 is not needed for the update").
    case note(String)
    /// `PASS …` or `FAIL …` of `expect`.
    case verdict(passed: Bool, String)
    /// One line of `train`'s progress: `Cost after iteration i: J`.
    case cost(iteration: Int, value: Double)
}

/// A matrix as `show` and the stages print it.
public struct MatrixOutput: Equatable, Sendable {
    /// The name as the learner writes it (`W2`, `X`, `dA0`).
    public var name: String
    public var matrix: Matrix
    /// Why the value is stale, when it is (e.g. "W1 changed since forward 1").
    public var staleReason: String?
    /// Whether the value changed since the learner last saw it printed.
    public var changed: Bool
    /// A short label after the shape (e.g. "not needed for the update").
    public var label: String?

    public init(name: String, matrix: Matrix, staleReason: String? = nil,
                changed: Bool = false, label: String? = nil) {
        self.name = name
        self.matrix = matrix
        self.staleReason = staleReason
        self.changed = changed
        self.label = label
    }
}

// MARK: - Shapes in the lecture's notation

extension Matrix {
    /// `(3×4)`, the shape as the formulas print it.
    var shapeText: String { "(\(rows)×\(cols))" }

    /// `(3, 4)`, the shape as numpy's `.shape` prints it.
    package var numpyShape: String { "(\(rows), \(cols))" }
}
