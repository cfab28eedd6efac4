import NNCore
import NNLanguage

/// `diagram`: the lecture's forward/backward flow chart for this network.
///
/// ```
/// forward   X ──▶ [1 relu] ──▶ A1 ──▶ … ──▶ [L sigmoid] ──▶ ŷ = AL ──▶ J
///                  Z1                          ZL
/// backward dA0 ◀── [1 relu] ◀── dA1 ◀── … ◀── [L sigmoid] ◀── dAL
///                dW1 db1                     dWL dbL
/// ```
/// Each value carries a mark: ✓ computed and current, ~ stale, · not computed.
///
/// 1. A chart wider than the terminal is drawn in rows of layers, each row as many layers
///    as fit; a row after the first starts again from the A[l] and dA[l] the one before ended on.
extension SessionState {
    func diagram(columns: Int = 80) throws(SessionError) -> [Output] {
        try requireNetwork(.diagram)
        let L = depth
        let width = max(columns - 1, 20)
        var lines: [String] = []
        var first = 1
        while first <= L {
            // 1. As many layers as fit, and always at least one.
            var last = first
            while last < L, chartRow(first, last + 1).allSatisfy({ $0.count <= width }) { last += 1 }
            if first > 1 { lines.append("") }
            lines += chartRow(first, last)
            first = last + 1
        }
        // The key, its three marks on as few lines as fit.
        var legend = [""]
        for item in ["✓ computed and current", "~ stale", "· not computed yet"] {
            if legend[legend.count - 1].isEmpty {
                legend[legend.count - 1] = item
            } else if legend[legend.count - 1].count + 3 + item.count <= width {
                legend[legend.count - 1] += "   " + item
            } else {
                legend.append(item)
            }
        }
        return lines.map { .text($0) } + stageDiagramLines(width: width) + [
            .text(legend.joined(separator: "\n")),
            .text(("stage: " + stageDescription).wrapped(to: width, indent: "       ").joined(separator: "\n")),
        ]
    }

    /// The four lines of the chart for layers `first…last`.
    private func chartRow(_ first: Int, _ last: Int) -> [String] {
        let L = depth
        var columns: [[String]] = []   // each column: forward, under forward, backward, under backward
        if first == 1 {
            columns.append([mark("X", .X), "", mark("dA0", .layer(.dA, 0)), ""])
        } else {
            columns.append([mark("A\(first - 1)", .layer(.A, first - 1)), "",
                            mark("dA\(first - 1)", .layer(.dA, first - 1)), ""])
        }
        for l in first...last {
            let rule = rule(l)
            let box = "[\(l) " + (rule.cacheNames.isEmpty ? "" : rule.name + " ") + "\(activation(l).name)]"
            let caches = (["Z"] + rule.cacheNames).map { mark("\($0)\(l)", .layer(Self.slot($0), l)) }
            let grads = rule.parameters(units: sizes[l], inputs: sizes[l - 1])
                .map { mark("\($0.gradientName)\(l)", .layer(Self.slot($0.gradientName), l)) }
            columns.append(["──▶", "", "◀──", ""])
            columns.append([box, caches.joined(separator: " "), box, grads.joined(separator: " ")])
            columns.append(["──▶", "", "◀──", ""])
            let a = l == L ? "ŷ = " + mark("A\(l)", .layer(.A, l)) : mark("A\(l)", .layer(.A, l))
            columns.append([a, "", mark("dA\(l)", .layer(.dA, l)), ""])
        }
        if last == L {
            columns.append(["──▶", "", "", ""])
            columns.append([mark("J", .J), "", "", ""])
        } else {
            columns.append(["──▶", "", "◀──", ""])
        }
        let widths = columns.map { col in col.map(\.count).max() ?? 0 }
        var lines: [String] = []
        for row in 0..<4 {
            var line = ["forward  ", "         ", "backward ", "         "][row]
            for (k, col) in columns.enumerated() {
                let cell = col[row]
                line += cell + String(repeating: " ", count: widths[k] - cell.count) + " "
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines
    }

    /// Dropout's masks, the L2 term and the optimiser's state, when those stages are on.
    ///
    /// ```
    /// dropout  D1 ✓ D2 ✓   A[l]·D[l]/keep_prob forward, dA[l]·D[l]/keep_prob backward
    /// L2       J + λ/(2m)·Σ‖W[l]‖²,  dW[l] + (λ/m)·W[l]
    /// adam     vdW1 ✓ vdb1 ✓ sdW1 ✓ … t = 2   used by step
    /// ```
    private func stageDiagramLines(width: Int) -> [Output] {
        var lines: [String] = []
        if let d = stages.dropout {
            let masks = (1..<max(1, depth)).filter { d.applies(to: $0, depth: depth) }.map { mark("D\($0)", .layer(.D, $0)) }
            lines.append("dropout  " + masks.joined(separator: " ") + "   A[l]·D[l]/\(d.keep) forward, dA[l]·D[l]/\(d.keep) backward")
        }
        if let lambda = stages.lambda {
            lines.append("L2       J + λ/(2m)·Σ‖W[l]‖²,  dW[l] + (λ/m)·W[l]   (λ = \(lambda))")
        }
        let optimizer = stages.optimizer
        if optimizer.usesVelocity {
            var marks: [String] = []
            for l in 1...depth {
                let params = rule(l).parameters(units: sizes[l], inputs: sizes[l - 1])
                for prefix in ["v", "s"] where prefix == "v" || optimizer.usesSquares {
                    marks += params.map { p in
                        let slot = Self.stateSlot(prefix, p)
                        return mark("\(slot.rawValue)\(l)", .layer(slot, l))
                    }
                }
            }
            let t = optimizer.usesSquares ? store[.adamCounter].map { "   t = \(short($0.storage.first ?? 0))" } ?? "" : ""
            let label = optimizer.name + String(repeating: " ", count: max(1, 9 - optimizer.name.count))
            lines.append(label + marks.joined(separator: " ") + t
                         + "   used by step")
        }
        return lines.flatMap { $0.wrapped(to: width, indent: "         ") }.map { .text($0) }
    }

    private func mark(_ label: String, _ name: MatrixName) -> String {
        if store[name] == nil { return label + " ·" }
        return label + (store.isStale(name) ? " ~" : " ✓")
    }
}
