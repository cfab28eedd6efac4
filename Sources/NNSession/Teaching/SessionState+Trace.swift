import NNCore
import NNLanguage

/// `trace K`: one example, column K of X, through forward and backward propagation,
/// with each stage's column and one element of it worked out, and the example's
/// share of each layer's gradient.
///
/// ```
/// Z[l][:,K] = W[l]·A[l−1][:,K] + b[l]         A[l][:,K] = g[l](Z[l][:,K])
/// dZ[l][:,K] = dA[l][:,K] ⊙ g′[l](Z[l][:,K])  dA[l−1][:,K] = W[l]ᵀ·dZ[l][:,K]
/// dW[l] = 1/m · Σₖ dZ[l][:,k]·A[l−1][:,k]ᵀ     example K adds C = 1/m · dZ[l][:,K]·A[l−1][:,K]ᵀ
/// share of dW[l] = ⟨C, dW[l]⟩ / ⟨dW[l], dW[l]⟩  (the m shares sum to 1)
/// ```
extension SessionState {
    mutating func trace(_ k: Int) throws(SessionError) -> [Output] {
        try requireNetwork(.trace)
        if let l = (1...depth).first(where: { !rule($0).cacheNames.isEmpty }) {
            throw .unavailable("trace follows one example on its own, but layer \(l) is batch-normalised: each example's "
                               + "Zn\(l) depends on the whole batch through mu\(l) and var\(l); `explain forward \(l)` and "
                               + "`explain backward \(l)` work the layer out for the batch")
        }
        let x = try value(.X, current: false)
        guard k >= 0, k < x.cols else {
            throw .invalidNumber(what: "the example K =", value: String(k),
                                 expected: "a column of X, 0…\(x.cols - 1) (counted from 0, as numpy does)")
        }
        let m = x.cols
        var out: [Output] = [.heading("trace example \(k) (column \(k) of X, m = \(m))")]
        out.append(.matrix(MatrixOutput(name: "X[:,\(k)]", matrix: x.column(k))))
        var missing: String?
        for l in 1...depth {
            guard let z = store[.layer(.Z, l)], let a = store[.layer(.A, l)], z.cols == m, a.cols == m else {
                missing = missing ?? "run `forward \(l)`"
                break
            }
            out += traceForward(l, k, z, a)
        }
        if missing == nil {
            if let y = store[.Y], y.cols == m { out.append(.matrix(MatrixOutput(name: "Y[:,\(k)]", matrix: y.column(k)))) }
            if let y = store[.Y], let al = store[.layer(.A, depth)], y.cols == m, y.hasSameShape(as: al) {
                // The loss of one example is the cost of a one-column batch (m = 1).
                let own = loss.cost(al.column(k), y.column(k))
                out.append(.heading("cost (\(loss.name)): J = 1/m · Σₖ loss(k)"))
                out.append(.formula("loss(\(k)) = \(short(own)), so example \(k) adds 1/\(m) · \(short(own)) = \(short(own / Double(m))) to J"
                                    + (store[.J].map { " = \(short($0[0, 0]))" } ?? "")))
            }
            for l in stride(from: depth, through: 1, by: -1) {
                guard let dZ = store[.layer(.dZ, l)], let dW = store[.layer(.dW, l)], let db = store[.layer(.db, l)],
                      dZ.cols == m else {
                    missing = "run `backward \(l)`"
                    break
                }
                out += traceBackward(l, k, dZ: dZ, dW: dW, db: db)
            }
        }
        if let missing { out.append(.note("the stages after this are not computed yet: \(missing), then `trace \(k)` again")) }
        return out
    }

    private func traceForward(_ l: Int, _ k: Int, _ z: Matrix, _ a: Matrix) -> [Output] {
        let prev = MatrixName.layer(.A, l - 1)
        let g = activation(l)
        var out: [Output] = [.heading("forward layer \(l) (\(g.name)), example \(k)"),
                             .formula("Z\(l)[:,\(k)] = W\(l)·\(prev)[:,\(k)] + b\(l),   A\(l)[:,\(k)] = \(g.name)(Z\(l)[:,\(k)])")]
        out.append(.matrix(MatrixOutput(name: "Z\(l)[:,\(k)]", matrix: z.column(k))))
        out.append(.matrix(MatrixOutput(name: "A\(l)[:,\(k)]", matrix: a.column(k))))
        if let w = store[.layer(.W, l)], let b = store[.layer(.b, l)], let aPrev = store[prev],
           w.cols == aPrev.rows, w.rows == z.rows, b.rows == z.rows {
            let i = largestRow(z, k)
            let terms = (0..<w.cols).map { (w[i, $0], aPrev[$0, k]) }
            out.append(.formula("Z\(l)[\(i),\(k)] = Σⱼ W\(l)[\(i),j]·\(prev)[j,\(k)] + b\(l)[\(i),0] = "
                                + "(\(traceProducts(terms))) + \(short(b[i, 0])) = \(short(z[i, k]))"))
            out.append(.formula("A\(l)[\(i),\(k)] = \(g.name)(\(short(z[i, k]))) = \(short(a[i, k]))"))
        }
        return out
    }

    private func traceBackward(_ l: Int, _ k: Int, dZ: Matrix, dW: Matrix, db: Matrix) -> [Output] {
        let prev = MatrixName.layer(.A, l - 1)
        let g = activation(l)
        let m = dZ.cols
        var out: [Output] = [.heading("backward layer \(l) (\(g.name)), example \(k)")]
        let i = largestRow(dZ, k)
        if l == depth && usesSoftmaxShortcut, let al = store[.layer(.A, l)], let y = store[.Y] {
            let sum = (0..<y.rows).reduce(0.0) { $0 + y[$1, k] }
            out.append(.formula("dZ\(l)[:,\(k)] = A\(l)[:,\(k)]·Σy − Y[:,\(k)]   (softmax with cross-entropy)"))
            out.append(.matrix(MatrixOutput(name: "dZ\(l)[:,\(k)]", matrix: dZ.column(k))))
            out.append(.formula("dZ\(l)[\(i),\(k)] = \(short(al[i, k]))·\(short(sum)) − \(short(y[i, k])) = \(short(dZ[i, k]))"))
        } else if let dA = store[.layer(.dA, l)], dA.cols == m {
            out.append(.formula("dZ\(l)[:,\(k)] = dA\(l)[:,\(k)] ⊙ \(g.name)′(Z\(l)[:,\(k)])"))
            // dA[l] of a hidden layer was printed just before, as the layer above's dA[l−1].
            if l == depth { out.append(.matrix(MatrixOutput(name: "dA\(l)[:,\(k)]", matrix: dA.column(k)))) }
            out.append(.matrix(MatrixOutput(name: "dZ\(l)[:,\(k)]", matrix: dZ.column(k))))
            if let z = store[.layer(.Z, l)], z.cols == m {
                let slope = g.derivative(Matrix(scalar: z[i, k]))[0, 0]
                out.append(.formula("dZ\(l)[\(i),\(k)] = dA\(l)[\(i),\(k)]·\(g.name)′(\(short(z[i, k]))) = "
                                    + "\(short(dA[i, k]))·\(short(slope)) = \(short(dZ[i, k]))"))
            }
        }
        guard let aPrev = store[prev], aPrev.cols == m, dW.rows == dZ.rows, dW.cols == aPrev.rows else { return out }
        // C = 1/m · dZ[:,K]·A[l−1][:,K]ᵀ, formed as numpy's `1./m * np.outer(dZ[:, K], A_prev[:, K])`.
        let scale = 1.0 / Double(m)
        var c = Matrix.zeros(dW.rows, dW.cols)
        for r in 0..<dW.rows {
            for s in 0..<dW.cols { c[r, s] = scale * (dZ[r, k] * aPrev[s, k]) }
        }
        let dbShare = (0..<dZ.rows).map { scale * dZ[$0, k] }
        out.append(.formula("dW\(l) = 1/m · Σₖ dZ\(l)[:,k]·\(prev)[:,k]ᵀ: example \(k) adds 1/\(m) · dZ\(l)[:,\(k)]·\(prev)[:,\(k)]ᵀ"))
        out.append(.matrix(MatrixOutput(name: "1/m·dZ\(l)[:,\(k)]·\(prev)[:,\(k)]ᵀ", matrix: c,
                                        label: "example \(k)'s part of dW\(l)")))
        let (r, s) = largestElement(of: c)
        let fraction = dW[r, s] == 0 ? Double.nan : c[r, s] / dW[r, s]
        out.append(.formula("dW\(l)[\(r),\(s)] = \(short(dW[r, s])): example \(k) adds 1/\(m)·\(short(dZ[r, k]))·\(short(aPrev[s, k])) = "
                            + "\(short(c[r, s]))" + (fraction.isNaN ? " (dW is 0 there)" : ", a fraction \(short(fraction)) of it")))
        out.append(.scalar(name: "share of dW\(l) (⟨C, dW\(l)⟩/⟨dW\(l), dW\(l)⟩; the \(m) shares sum to 1)",
                           value: Self.share(c.storage, dW.storage)))
        out.append(.scalar(name: "share of db\(l) (1/m·dZ\(l)[:,\(k)] against db\(l))",
                           value: Self.share(dbShare, db.storage)))
        if let dAPrev = store[.layer(.dA, l - 1)], dAPrev.cols == m {
            out.append(.formula("dA\(l - 1)[:,\(k)] = W\(l)ᵀ·dZ\(l)[:,\(k)]" + (l == 1 ? "   (not needed for the update)" : "")))
            out.append(.matrix(MatrixOutput(name: "dA\(l - 1)[:,\(k)]", matrix: dAPrev.column(k))))
        }
        return out
    }

    /// ⟨c, d⟩ / ⟨d, d⟩, summed in order: how much of d the part c makes up.
    static func share(_ c: [Double], _ d: [Double]) -> Double {
        var dot = 0.0, norm = 0.0
        for (x, y) in zip(c, d) {
            dot += x * y
            norm += y * y
        }
        return norm == 0 ? .nan : dot / norm
    }

    private func largestRow(_ m: Matrix, _ k: Int) -> Int {
        var best = 0
        for i in 0..<m.rows where Swift.abs(m[i, k]) > Swift.abs(m[best, k]) { best = i }
        return best
    }

    private func largestElement(of m: Matrix) -> (Int, Int) {
        var best = 0
        for t in 0..<m.count where Swift.abs(m.storage[t]) > Swift.abs(m.storage[best]) { best = t }
        return (best / m.cols, best % m.cols)
    }

    private func traceProducts(_ terms: [(Double, Double)]) -> String {
        let shown = terms.prefix(4).map { "\(short($0.0))·\(short($0.1))" }.joined(separator: " + ")
        return terms.count > 4 ? shown + " + …" : shown
    }
}

extension Matrix {
    /// Column j as an n × 1 matrix, numpy's `M[:, [j]]`.
    func column(_ j: Int) -> Matrix {
        Matrix(rows: rows, cols: 1, storage: (0..<rows).map { self[$0, j] })
    }
}
