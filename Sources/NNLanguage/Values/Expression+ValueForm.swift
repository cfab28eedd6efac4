import NNCore

/// The value forms: the shapes of `Expression` that `NAME = …` and `expect NAME …` have
/// always read as plain values rather than as numpy arithmetic.
///
/// ```
/// VALUE := NUMBER | [[…]] | GENERATOR | NAME | NAME.T
///        | VALUE * S | S * VALUE | VALUE / S            S a number
/// ```
/// 1. At the top of `=` and `expect` a value form is checked as a value: every element of a
///    literal must be finite ("the element at [0,1]"), and so must a scale, which may not be 0
///    to divide by ("the scale"); any other expression is worked out as numpy does, and only
///    its result must be finite. Inside a larger expression the same shapes are plain arithmetic.
/// 2. The parser keeps a value form in one spelling (`canonicalValue`): a 1×1 matrix as its
///    number, and the scale on the right (`0.5 * W1` is `W1 * 0.5`), except on a number,
///    which keeps its scale first (`2 * 10` is 10 scaled by 2). So two spellings of one value
///    are one command, and the text written back (`valueDescription`) reads back the same.
extension Expression {
    /// Whether the expression is a value form (see 1.).
    package var isValueForm: Bool {
        switch self {
        case .number, .matrix, .generator, .name, .transpose(.name): return true
        default: return scaling?.value.isValueForm ?? false
        }
    }

    /// `VALUE * S`, `S * VALUE` or `VALUE / S` as (VALUE, the operator, S), whatever VALUE is;
    /// a number times a number is the right one scaled by the left.
    package var scaling: (value: Expression, op: BinaryOperator, scale: Double)? {
        switch self {
        case let .binary(.multiply, .number(s), value, _): return (value, .multiply, s)
        case let .binary(op, value, .number(s), _) where op == .multiply || op == .divide: return (value, op, s)
        default: return nil
        }
    }

    /// A number, or a matrix of one element.
    package var isScalarLiteral: Bool {
        switch self {
        case .number: return true
        case let .matrix(m): return m.count == 1
        default: return false
        }
    }

    /// A value form in its one spelling (see 2.); anything else as it is.
    package var canonicalValue: Expression {
        guard isValueForm else { return self }
        return canonical
    }

    private var canonical: Expression {
        switch self {
        case let .matrix(m) where m.count == 1: return .number(m.storage[0])
        case let .binary(_, _, _, at):
            guard let (value, op, s) = scaling else { return self }
            let inner = value.canonical
            if op == .multiply, case .number = inner { return .binary(.multiply, .number(s), inner, at: at) }
            return .binary(op, inner, .number(s), at: at)
        default: return self
        }
    }

    /// A matrix as the value form that holds it: a 1×1 one as its number.
    package static func literal(_ m: Matrix) -> Expression {
        m.count == 1 ? .number(m.storage[0]) : .matrix(m)
    }
}
