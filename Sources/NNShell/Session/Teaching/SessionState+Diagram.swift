import NNCore

/// `diagram`: the lecture's forward/backward flow chart for this network.
///
/// ```
/// forward   X ──▶ [1 relu] ──▶ A1 ──▶ … ──▶ [L sigmoid] ──▶ ŷ = AL ──▶ J
///                  Z1                          ZL
/// backward dA0 ◀── [1 relu] ◀── dA1 ◀── … ◀── [L sigmoid] ◀── dAL
///                dW1 db1                     dWL dbL
/// ```
/// Each value carries a mark: ✓ computed and current, ~ stale, · not computed.
extension SessionState {
    func diagram() throws(SessionError) -> [Output] {
        try requireNetwork("diagram")
        let L = depth
        var columns: [[String]] = []   // each column: forward, under forward, backward, under backward
        columns.append([mark("X", .X), "", mark("dA0", .layer(.dA, 0)), ""])
        for l in 1...L {
            let box = "[\(l) \(activation(l).name)]"
            columns.append(["──▶", "", "◀──", ""])
            columns.append([box, mark("Z\(l)", .layer(.Z, l)), box,
                            mark("dW\(l)", .layer(.dW, l)) + " " + mark("db\(l)", .layer(.db, l))])
            columns.append(["──▶", "", "◀──", ""])
            let a = l == L ? "ŷ = " + mark("A\(l)", .layer(.A, l)) : mark("A\(l)", .layer(.A, l))
            columns.append([a, "", mark("dA\(l)", .layer(.dA, l)), ""])
        }
        columns.append(["──▶", "", "", ""])
        columns.append([mark("J", .J), "", "", ""])
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
        return lines.map { .text($0) } + stageDiagramLines() + [
            .text("✓ computed and current   ~ stale   · not computed yet"),
            .text("stage: \(stageDescription)"),
        ]
    }

    /// Dropout's masks, the L2 term and the optimiser's state, when those stages are on.
    ///
    /// ```
    /// dropout  D1 ✓ D2 ✓   A[l]·D[l]/keep_prob forward, dA[l]·D[l]/keep_prob backward
    /// L2       J + λ/(2m)·Σ‖W[l]‖²,  dW[l] + (λ/m)·W[l]
    /// adam     vdW1 ✓ vdb1 ✓ sdW1 ✓ … t = 2   used by step
    /// ```
    private func stageDiagramLines() -> [Output] {
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
                marks += [mark("vdW\(l)", .layer(.vdW, l)), mark("vdb\(l)", .layer(.vdb, l))]
                if optimizer.usesSquares { marks += [mark("sdW\(l)", .layer(.sdW, l)), mark("sdb\(l)", .layer(.sdb, l))] }
            }
            let t = optimizer.usesSquares ? store[.adamCounter].map { "   t = \(short($0.storage.first ?? 0))" } ?? "" : ""
            let label = optimizer.name + String(repeating: " ", count: max(1, 9 - optimizer.name.count))
            lines.append(label + marks.joined(separator: " ") + t
                         + "   used by step")
        }
        return lines.map { .text($0) }
    }

    private func mark(_ label: String, _ name: MatrixName) -> String {
        if store[name] == nil { return label + " ·" }
        return label + (store.isStale(name) ? " ~" : " ✓")
    }
}
