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
        return lines.map { .text($0) } + [
            .text("✓ computed and current   ~ stale   · not computed yet"),
            .text("stage: \(stageDescription)"),
        ]
    }

    private func mark(_ label: String, _ name: MatrixName) -> String {
        if store[name] == nil { return label + " ·" }
        return label + (store.isStale(name) ? " ~" : " ✓")
    }
}
