import NNCore
import NNLanguage
import NumpyPrint

/// The right-hand side of `=` as numpy text, for `export`. Every expression goes through
/// `NumpyText.value` and `Expression.written`, so a new generator needs one new case here.
///
/// ```
/// [[1, 2], [3, 4]]   ↦ np.array([[1.0, 2.0], [3.0, 4.0]])
/// randn 3 2          ↦ np.random.randn(3, 2)            (the same draws: nnstep's generator is numpy's)
/// zeros 3 2          ↦ np.zeros((3, 2))
/// W1.T * 0.5         ↦ S["W1"].T * 0.5
/// onehot Y 10        ↦ np.eye(10)[:, S["Y"][0].astype(int)]
/// ```
enum NumpyText {
    /// The numpy expression for `expr`; `name` spells a matrix of the session (e.g. `S["W1"]`).
    /// A value form is written as its value (`S["X"] / 255.0 * -2.0`), any other expression
    /// through `expression`, inside `as_matrix`.
    static func value(_ expr: Expression, name: @escaping (MatrixName) -> String) -> String {
        guard expr.isValueForm else { return "as_matrix(\(expression(expr, name: name)))" }
        var spelling = ExpressionSpelling()
        spelling.name = name
        spelling.number = { number($0) }
        spelling.literal = { matrix($0) }
        spelling.generator = { generator($0, name: name) }
        spelling.scaleFirst = false
        return expr.written(spelling, asValue: true)
    }

    /// The numpy call that draws or makes what `g` does.
    static func generator(_ g: Generator, name: (MatrixName) -> String) -> String {
        switch g {
        case let .randn(r, c): return "np.random.randn(\(r), \(c))"
        case let .rand(r, c): return "np.random.rand(\(r), \(c))"
        case let .zeros(r, c): return "np.zeros((\(r), \(c)))"
        case let .ones(r, c): return "np.ones((\(r), \(c)))"
        case let .onehot(n, k): return "np.eye(\(k))[:, \(name(n))[0].astype(int)]"
        case let .permutation(n): return "np.random.permutation(\(n)).reshape(1, \(n)).astype(float)"
        case let .normal(r, c, scale): return "np.random.normal(0, \(number(scale)), (\(r), \(c)))"
        }
    }

    /// A numpy expression as the script's numpy: names spelled by `name`, numbers read back
    /// exactly, and the course's `relu(Z)` and `sigmoid(Z)`, which return (A, cache), taken at A.
    /// `np.int64(E)` and `E.astype(int)` become the prelude's `as_int64`, which cuts toward 0
    /// and stays float64 as nnstep does: numpy's int64 would turn 1e+300 into −2⁶³.
    /// `as_matrix` around the whole makes numpy's 0-d and 1-D results nnstep's 1×1 and 1×n.
    static func expression(_ e: Expression, name: @escaping (MatrixName) -> String) -> String {
        var spelling = ExpressionSpelling()
        spelling.name = name
        spelling.number = { number($0) }
        spelling.matrix = { matrix($0) }
        spelling.generator = { generator($0, name: name) }
        spelling.call = { function, text in
            switch function {
            case .relu, .sigmoid: return text + "[0]"
            case .int64: return "as_int64" + text.dropFirst(Function.int64.rawValue.count)
            default: return text
            }
        }
        return e.written(spelling)
    }

    /// `np.array([[…], […]])`, every element in round-trip digits; `oneLine: false` puts
    /// each row on its own line (for the embedded data sets).
    static func matrix(_ m: Matrix, oneLine: Bool = true) -> String {
        let rows = (0..<m.rows).map { i in "[" + m.row(i).map(number).joined(separator: ", ") + "]" }
        return "np.array([" + rows.joined(separator: oneLine ? ", " : ",\n    ") + "])"
    }

    /// A float as Python reads it back exactly: numpy's shortest repr, `np.nan`, `np.inf`.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "np.nan" }
        if x.isInfinite { return x < 0 ? "-np.inf" : "np.inf" }
        return ArrayFormatter().formatScalar(x)
    }
}
