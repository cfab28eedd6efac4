import NNCore
import NNLanguage

/// `explain forward L`, `explain backward L` and `explain NAME` on a layer whose kind keeps
/// caches (batchnorm): the kind's equations with this layer's names and shapes, then the
/// element asked for (or the largest) of the matrix explained, with the row sums that make
/// the kind's column statistics (μ, σ², dγ, dβ) worked out.
extension SessionState {
    /// Whether `explain` goes through the kind's equations for layer l.
    func explainsByKind(_ l: Int) -> Bool { l >= 1 && l <= depth && !rule(l).cacheNames.isEmpty }

    /// The half of the layer that computes `slot`: forward for its caches, backward for its gradients.
    func explainKind(_ l: Int, forward: Bool, name: MatrixName?, _ row: Int?, _ col: Int?) throws(SessionError) -> [Output] {
        let rule = rule(l)
        let specs = rule.parameters(units: sizes[l], inputs: sizes[l - 1])
        let lines = forward ? rule.equations.forward : rule.equations.backward
        var out: [Output] = [.heading("\(forward ? CommandSpec.forward.name : CommandSpec.backward.name) layer \(l) (\(activation(l).name), \(kinds[l - 1].label))")]
        out += equations(lines, l).map { .formula($0) }
        let shown: [String] = forward
            ? ["Z"] + rule.cacheNames + ["A"]
            : rule.gradientCacheNames + ["dZ"] + specs.map(\.gradientName) + ["dA"]
        var shapes: [String] = []
        for n in shown {
            let key = MatrixName.layer(Self.slot(n), n == "dA" ? l - 1 : l)
            if let m = store[key] { shapes.append("\(key) \(m.numpyShape)") }
        }
        if !shapes.isEmpty { out.append(.text("shapes: " + shapes.joined(separator: ", "))) }
        out.append(.text(forward
            ? "m = \(m.map(String.init) ?? "?") examples: each row of Z\(l) (one unit) is normalised over its m columns"
            : "the 1/m is in dW\(l), dgamma\(l) and dbeta\(l) only, as in dW and db; dZt, dZn and dZ carry none"))
        // 1. Without a name: the pre-activation forward (Zt), the kind's own first gradient backward (dgamma).
        let fallback = MatrixName.layer(Self.slot(forward ? rule.preActivationName
                                                  : (specs.dropFirst().first ?? specs[0]).gradientName), l)
        guard let target = name ?? fallback as MatrixName?, let m = store[target] else {
            out.append(.text("run `\(forward ? CommandSpec.forward.name : CommandSpec.backward.name) \(l)` to see its values"))
            return out
        }
        let (i, j) = try largest(m, row, col, target.description)
        out.append(.scalar(name: "\(target)[\(i),\(j)]", value: m[i, j]))
        out += rowSum(target, l, i)
        if let reason = store.staleReason(target) { out.append(.note("\(target) is stale (\(reason)): \(howToMake(target))")) }
        return out
    }

    /// The row sum behind a column statistic: μ[i] = 1/m·Σₖ Z[i,k], dγ[i] = 1/m·Σₖ dZt[i,k]·Zn[i,k], …
    private func rowSum(_ name: MatrixName, _ l: Int, _ i: Int) -> [Output] {
        guard case let .layer(slot, _) = name else { return [] }
        func row(_ s: Slot) -> [Double]? {
            guard let m = store[.layer(s, l)], i < m.rows else { return nil }
            return (0..<m.cols).map { m[i, $0] }
        }
        let terms: [Double]?, text: String
        switch slot {
        case .mu:
            terms = row(.Z); text = "mu\(l)[\(i),0] = 1/m · Σₖ Z\(l)[\(i),k]"
        case .var:
            guard let muMatrix = store[.layer(.mu, l)], i < muMatrix.rows, muMatrix.cols >= 1 else { return [] }
            let mu = muMatrix[i, 0]
            terms = row(.Z)?.map { ($0 - mu) * ($0 - mu) }; text = "var\(l)[\(i),0] = 1/m · Σₖ (Z\(l)[\(i),k] − mu\(l)[\(i),0])²"
        case .dgamma:
            if let a = row(.dZt), let b = row(.Zn) { terms = zip(a, b).map { $0 * $1 } } else { terms = nil }
            text = "dgamma\(l)[\(i),0] = 1/m · Σₖ dZt\(l)[\(i),k]·Zn\(l)[\(i),k]"
        case .dbeta:
            terms = row(.dZt); text = "dbeta\(l)[\(i),0] = 1/m · Σₖ dZt\(l)[\(i),k]"
        default:
            return []
        }
        guard let terms, !terms.isEmpty else { return [] }
        let sum = terms.reduce(0, +)
        return [.formula("\(text) = 1/\(terms.count) · \(short(sum)) = \(short(sum / Double(terms.count)))")]
    }

    /// The element asked for, or the largest in magnitude.
    private func largest(_ m: Matrix, _ row: Int?, _ col: Int?, _ name: String) throws(SessionError) -> (Int, Int) {
        if let i = row, let j = col {
            guard i >= 0, j >= 0, i < m.rows, j < m.cols else {
                throw .elementOutOfRange(name: name, row: i, col: j, shape: m.numpyShape)
            }
            return (i, j)
        }
        var best = 0
        for k in 0..<m.count where abs(m.storage[k]) > abs(m.storage[best]) { best = k }
        return (best / m.cols, best % m.cols)
    }
}
