import NNCore
import NNLanguage

/// Naming the classic mistake behind a wrong value given to `expect`.
///
/// Each candidate is the value a known mistake produces, computed from this
/// session's own inputs; the first that matches the learner's value (by the
/// same allclose rule as `expect`) names the mistake.
extension SessionState {
    /// The mistake that turns the session's inputs into `given`, if one does.
    func diagnose(_ name: MatrixName, given: Matrix, atol: Double, rtol: Double) -> String? {
        guard let actual = store[name] else { return nil }
        if case .layer(.db, _) = name, given.rows == 1, given.cols == actual.rows, actual.cols == 1,
           allClose(given.T, actual, atol, rtol) {
            return "keepdims was lost: np.sum(dZ, axis=1) without keepdims=True gives a flat row; db must be (n[l], 1)"
        }
        for (mistake, candidate) in candidates(for: name, actual: actual)
        where candidate.hasSameShape(as: given) && allClose(given, candidate, atol, rtol) {
            return mistake
        }
        return factorOfM(name, given: given, actual: actual, atol: atol, rtol: rtol)
    }

    /// A value off by exactly m = the number of examples, whatever formula made it.
    ///
    /// ```
    /// given = m · actual    the 1/m is missing
    /// given = actual / m    1/m is applied once too often
    /// ```
    private func factorOfM(_ name: MatrixName, given: Matrix, actual: Matrix, atol: Double, rtol: Double) -> String? {
        guard let m, m > 1, given.hasSameShape(as: actual), actual.maxAbs() > 0 else { return nil }
        if allClose(given, actual * Double(m), atol, rtol) {
            return "the value is m = \(m) times \(name): the 1/m factor is missing (write 1./m * …)"
        }
        if allClose(given, actual / Double(m), atol, rtol) {
            return "the value is \(name) divided by m = \(m): the 1/m factor is applied once too often"
        }
        return nil
    }

    private func candidates(for name: MatrixName, actual: Matrix) -> [(String, Matrix)] {
        var out: [(String, Matrix)] = []
        guard case let .layer(slot, l) = name else {
            if name == .J {
                out.append(("the sign of J is flipped: J = −1/m·Σ(y·log a + (1−y)·log(1−a)) has a minus in front", -actual))
                if let m { out.append(("the 1/m factor is missing from J", actual * Double(m))) }
            }
            return out
        }
        out.append(("the sign of dA[L] is flipped: dA[L] = −(Y/AL − (1−Y)/(1−AL)) = −Y/AL + (1−Y)/(1−AL), "
                    + "and the wrong sign carries through every gradient", -actual))
        switch slot {
        case .dW, .db, .dZ:
            guard l >= 1, l <= depth else { return out }
            let dZ = store[.layer(.dZ, l)], aPrev = store[.layer(.A, l - 1)]
            if slot != .dZ, let dZ, let aPrev, dZ.cols == aPrev.cols {
                out += gradientsFrom(dZ: dZ, l: l, slot: slot, aPrev: aPrev, mistakeIn: nil)
            }
            for (mistake, wrongDZ) in wrongDZs(l) {
                if slot == .dZ { out.append((mistake, wrongDZ)); continue }
                if let aPrev, wrongDZ.cols == aPrev.cols {
                    out += gradientsFrom(dZ: wrongDZ, l: l, slot: slot, aPrev: aPrev, mistakeIn: mistake)
                }
            }
        case .dA:
            if l == depth, let m { out.append(("the 1/m factor was put into dA[L]; it belongs in dW and db only", actual / Double(m))) }
        case .A:
            if l >= 1, let z = store[.layer(.Z, l)] {
                for h in Activation.allCases where h != activation(l) && !(h == .softmax && l != depth) {
                    out.append(("the wrong activation: \(h.name) instead of \(activation(l).name) on layer \(l)", h.forward(z)))
                }
            }
        case .Z:
            if l >= 1, let w = store[.layer(.W, l)], let aPrev = store[.layer(.A, l - 1)], w.cols == aPrev.rows {
                out.append(("b[\(l)] was not added: Z[\(l)] = W[\(l)]·A[\(l - 1)] + b[\(l)]", Matrix.dot(w, aPrev)))
            }
        case .D, .vdW, .vdb, .sdW, .sdb, .gamma, .beta, .mu, .var, .Zn, .Zt, .dgamma, .dbeta, .dZt, .dZn,
             .vdgamma, .vdbeta, .sdgamma, .sdbeta:
            break
        case .W, .b:
            if let last = lastStep, let before = last.before[name], let grad = store[.layer(slot == .W ? .dW : .db, l)],
               grad.hasSameShape(as: before) {
                out.append(("the update went uphill: W + α·dW instead of W − α·dW", before + last.alpha * grad))
                out.append(("the update was not applied (the parameter is unchanged)", before))
            }
        }
        return out
    }

    /// dW or db computed from a (possibly wrong) dZ, with and without the 1/m mistakes.
    private func gradientsFrom(dZ: Matrix, l: Int, slot: Slot, aPrev: Matrix, mistakeIn: String?) -> [(String, Matrix)] {
        let m = Double(dZ.cols)
        let prefix = mistakeIn.map { $0 + "; " } ?? ""
        var out: [(String, Matrix)] = []
        if slot == .dW {
            let product = Matrix.dot(dZ, aPrev, transposeB: true)
            if let mistakeIn { out.append((mistakeIn, product / m)) }
            out.append((prefix + "the 1/m factor is missing: dW[\(l)] = 1/m · dZ[\(l)]·A[\(l - 1)]ᵀ", product))
            out.append((prefix + "the 1/m factor is applied twice", product / (m * m)))
            if mistakeIn == nil, let a = store[.layer(.A, l)], a.rows == aPrev.rows, a.cols == dZ.cols {
                out.append(("A[\(l)] was used where A[\(l - 1)] belongs: dW[\(l)] = 1/m · dZ[\(l)]·A[\(l - 1)]ᵀ",
                            Matrix.dot(dZ, a, transposeB: true) / m))
            }
            if mistakeIn == nil { out.append(("a transpose is off: this is dW[\(l)]ᵀ = 1/m · A[\(l - 1)]·dZ[\(l)]ᵀ, but dW[\(l)] is n[\(l)]×n[\(l - 1)]", (product / m).T)) }
        } else {
            let sums = dZ.sumRows()
            if let mistakeIn { out.append((mistakeIn, sums / m)) }
            out.append((prefix + "the 1/m factor is missing: db[\(l)] = 1/m · np.sum(dZ[\(l)], axis=1, keepdims=True)", sums))
            out.append((prefix + "the 1/m factor is applied twice", sums / (m * m)))
            if mistakeIn == nil {
                out.append(("the sum runs over the wrong axis: axis=0 sums over units; db sums over examples, axis=1",
                            dZ.T.sumRows().T / m))
                out.append(("the sum runs over every element: np.sum(dZ) without axis=1", Matrix(scalar: dZ.sum() / m)))
            }
        }
        return out
    }

    /// dZ[l] as each mistake in g′ makes it.
    private func wrongDZs(_ l: Int) -> [(String, Matrix)] {
        guard let dA = store[.layer(.dA, l)], let z = store[.layer(.Z, l)], dA.hasSameShape(as: z) else { return [] }
        let g = activation(l)
        var out: [(String, Matrix)] = [("g′ was not applied: dZ[\(l)] = dA[\(l)] ⊙ g′(Z[\(l)]), not dA[\(l)]", dA)]
        if let a = store[.layer(.A, l)], a.hasSameShape(as: z), g != .linear {
            out.append(("g′ was applied to A[\(l)] instead of Z[\(l)]: dZ[\(l)] = dA[\(l)] ⊙ g′(Z[\(l)])", g.backward(dA, a)))
        }
        for h in Activation.allCases where h != g && h != .softmax && h != .linear {
            out.append(("the wrong activation: \(h.name)′ instead of \(g.name)′ on layer \(l)", h.backward(dA, z)))
        }
        return out
    }

    private func allClose(_ x: Matrix, _ y: Matrix, _ atol: Double, _ rtol: Double) -> Bool {
        guard x.hasSameShape(as: y) else { return false }
        for k in 0..<x.count {
            if !isClose(x.storage[k], y.storage[k], atol: atol, rtol: rtol) { return false }
        }
        return true
    }
}

/// What the last `step` did, so a wrong update can be recognised.
struct LastStep: Equatable, Sendable {
    var alpha: Double
    /// W[l] and b[l] before the update.
    var before: [MatrixName: Matrix]
}
