import NNCore
import NNLanguage

/// Naming the first nan or inf a stage produces: where it is, and either the
/// input it came from or the likely cause. Every such message is worded here.
///
/// ```
/// Z[l] = W[l]·A[l−1] + b[l]        overflow past ±1.8e308
/// J, dA[L]                          log(0), division by A[L] = 0 or 1 − A[L] = 0
/// dZ, dW, db, dA[l−1]               exploding gradients
/// W[l] ← W[l] − α·dW[l]            a learning rate that is too large
/// ```
extension SessionState {
    /// A note on the first non-finite element among `computed` (checked in order,
    /// as the stage computed them), or none when every element is finite.
    /// When one of `inputs` already held a nan or inf, that input is named as the source.
    func nonFiniteNote(_ computed: [MatrixName], inputs: [MatrixName], alpha: Double? = nil) -> [Output] {
        for name in computed {
            guard let m = store[name], let bad = m.firstNonFinite else { continue }
            let value = m[bad.row, bad.col]
            let at = m.count == 1 ? "" : "[\(bad.row),\(bad.col)]"
            let position = "\(name)\(at) is \(nonFiniteText(value))"
            if let source = firstNonFiniteInput(inputs) {
                return [.note("\(position): it comes from \(source.name)[\(source.row),\(source.col)], "
                              + "which is already \(nonFiniteText(source.value))")]
            }
            return [.note("\(position): \(nonFiniteCause(name, value: value, alpha: alpha))")]
        }
        return []
    }

    /// The first input holding a nan or inf, with where.
    private func firstNonFiniteInput(_ inputs: [MatrixName]) -> (name: MatrixName, row: Int, col: Int, value: Double)? {
        for name in inputs {
            if let m = store[name], let bad = m.firstNonFinite {
                return (name, bad.row, bad.col, m[bad.row, bad.col])
            }
        }
        return nil
    }

    /// The likely cause of a nan or inf in `name` computed from finite inputs.
    func nonFiniteCause(_ name: MatrixName, value: Double, alpha: Double? = nil) -> String {
        switch name {
        case .J:
            return "log(0) or the log of a negative number: some A[L] is exactly 0 or 1 "
                + "(sigmoid rounds to 1 from Z ≈ 37) or lies outside (0, 1); "
                + "a smaller learning rate or smaller initial weights keep A[L] inside"
        case let .layer(slot, l):
            switch slot {
            case .Z:
                return "W\(l)·\(MatrixName.layer(.A, l - 1)) + b\(l) overflowed past ±1.8e308: "
                    + "the weights or the inputs are too large (an exploding learning rate does this)"
            case .A:
                return "\(activation(l).name)(Z\(l)) overflowed in exp: Z\(l) is too large"
            case .dA where l == depth:
                return "division by zero in dA[L] = \(loss.gradientFormula): some A\(l) is exactly 0 or 1 "
                    + "(a saturated sigmoid); a smaller learning rate keeps it inside (0, 1)"
            case .Zn, .Zt, .mu, .var:
                return "the batch norm of Z\(l) overflowed: Z\(l) is too large, or σ² + ε is tiny"
            case .dZ, .dW, .db, .dA, .dgamma, .dbeta, .dZt, .dZn:
                return "the gradients overflowed (exploding gradients): the weights or the learning rate are too large"
            case .D, .vdW, .vdb, .sdW, .sdb, .vdgamma, .vdbeta, .sdgamma, .sdbeta:
                return "the optimiser's state or the mask overflowed: the gradients or the learning rate are too large"
            case .W, .b, .gamma, .beta:
                let rate = alpha.map { "α = \($0)" } ?? "α"
                return "the update exploded: the learning rate \(rate) is too large"
            }
        default:
            return "an overflow past ±1.8e308"
        }
    }

    /// `nan`, `inf` or `-inf` (a nan's sign bit is not shown, as numpy does not).
    func nonFiniteText(_ x: Double) -> String {
        x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")
    }
}
