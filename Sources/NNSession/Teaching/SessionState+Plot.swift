import NNCore
import NNLanguage

/// `plot cost` and `plot boundary`: pictures drawn in character cells, at most 64 wide
/// and narrower when the terminal is (every line fits `columns − 1`).
extension SessionState {
    static let plotWidth = 64
    static let plotHeight = 16
    /// The cost plot's labels and axis take this many columns left of the curve.
    static let costLabelWidth = 12

    /// The cost per iteration of the last `train`, on a grid up to 64×16.
    func plotCost(columns: Int = 80) throws(SessionError) -> [Output] {
        guard !trainCosts.isEmpty else {
            throw .missing("a cost curve", fix: "run `train N LR` first")
        }
        let costs = trainCosts.filter(\.isFinite)
        guard let lo = costs.min(), let hi = costs.max() else {
            throw .missing("a finite cost", fix: "the last `train` produced only nan or inf")
        }
        let room = max(columns - 1 - SessionState.costLabelWidth, 8)
        let w = min(SessionState.plotWidth, trainCosts.count, room), h = SessionState.plotHeight
        var grid = [[Character]](repeating: [Character](repeating: " ", count: w), count: h)
        for x in 0..<w {
            let i = w == 1 ? 0 : x * (trainCosts.count - 1) / (w - 1)
            let c = trainCosts[i]
            guard c.isFinite else { continue }
            // hi − lo overflows to inf for costs near ±1.8e308: the fraction is then nan or 0.
            let spread = (c - lo) / (hi - lo)
            let fraction = hi == lo || !spread.isFinite ? 0.5 : min(1, max(0, spread))
            let y = h - 1 - Int((fraction * Double(h - 1)).rounded())
            grid[y][x] = "•"
        }
        var out: [Output] = [.heading("cost per iteration (\(trainCosts.count) iterations)")]
        for (r, row) in grid.enumerated() {
            let label = r == 0 ? short(hi) : (r == h - 1 ? short(lo) : "")
            out.append(.text(label.leftPadded(to: 10) + " │" + String(row)))
        }
        out.append(.text(String(repeating: " ", count: 11) + "└" + String(repeating: "─", count: w)))
        out.append(.text(String(repeating: " ", count: 12) + "0" + String(trainCosts.count - 1).leftPadded(to: w - 1)))
        return out
    }

    /// The decision regions of a 2-input network over its data points, as the
    /// course's `plot_decision_boundary` draws them: the plane from each
    /// feature's minimum − 1 to maximum + 1, classified cell by cell.
    func plotBoundary(columns: Int = 80) throws(SessionError) -> [Output] {
        try requireNetwork("plot boundary")
        guard sizes[0] == 2 else {
            throw .shapes(stage: "plot boundary", detail: "the network has n[0] = \(sizes[0]) inputs; the plane needs exactly 2")
        }
        let x = try value(.X, current: false)
        guard x.rows == 2, x.cols > 0 else { throw .shapes(stage: "plot boundary", detail: "X must be (2, m)") }
        let y = store[.Y]
        let row0 = x.row(0), row1 = x.row(1)
        let x0 = (row0.min() ?? 0) - 1, x1 = (row0.max() ?? 0) + 1
        let y0 = (row1.min() ?? 0) - 1, y1 = (row1.max() ?? 0) + 1
        // The plane keeps its 64 × 24 proportions when the terminal is narrower.
        let w = min(SessionState.plotWidth, max(columns - 1, 16))
        let h = SessionState.plotHeight * 3 / 2 * w / SessionState.plotWidth
        try checkCaches(examples: w * h)
        var points = Matrix.zeros(2, w * h)
        for r in 0..<h {
            for c in 0..<w {
                points[0, r * w + c] = x0 + (Double(c) + 0.5) * (x1 - x0) / Double(w)
                points[1, r * w + c] = y1 - (Double(r) + 0.5) * (y1 - y0) / Double(h)
            }
        }
        let al = coreNetwork().forwardAll(points)
        var cells = [[CanvasCell]](repeating: [CanvasCell](repeating: CanvasCell(" ", tone: 0), count: w), count: h)
        for r in 0..<h {
            for c in 0..<w {
                let k = r * w + c
                let positive = al.rows == 1 ? al[0, k] > 0.5 : al.argmaxRow(inColumn: k) > 0
                cells[r][c] = CanvasCell(positive ? "+" : "·", tone: positive ? 2 : 1)
            }
        }
        for k in 0..<x.cols {
            // For X near ±1.8e308 the ranges overflow to inf and a cell is nan: skip the point.
            let cx = (x[0, k] - x0) / (x1 - x0) * Double(w), ry = (y1 - x[1, k]) / (y1 - y0) * Double(h)
            guard cx >= 0, cx < Double(w), ry >= 0, ry < Double(h) else { continue }
            let c = Int(cx), r = Int(ry)
            let label = y.map { $0.rows == 1 && k < $0.cols ? $0[0, k] : 0 } ?? 0
            cells[r][c] = CanvasCell(label > 0.5 ? "●" : "○", tone: cells[r][c].tone, point: true)
        }
        let legend = CanvasLegend(title: "decision boundary",
                                  regions: [.init(sample: CanvasCell("·", tone: 1), meaning: "predicts 0"),
                                            .init(sample: CanvasCell("+", tone: 2), meaning: "predicts 1")],
                                  marks: "● y = 1, ○ y = 0")
        return [.canvas(cells, legend: legend),
                .text("x₁ from \(short(x0)) to \(short(x1)), x₂ from \(short(y0)) to \(short(y1))")]
    }
}

/// What a picture's regions and marks mean. The printer shows each region by its
/// sample: its character in plain text, its colour on a terminal, as the picture draws it.
public struct CanvasLegend: Equatable, Sendable {
    /// One region: a cell as the picture draws it, and what it means.
    public struct Region: Equatable, Sendable {
        public var sample: CanvasCell
        public var meaning: String
    }

    public var title: String
    public var regions: [Region]
    /// The marks drawn over the regions, e.g. `● y = 1, ○ y = 0`.
    public var marks: String
}

/// One character cell of a picture, with the region it belongs to.
public struct CanvasCell: Equatable, Sendable {
    public var character: Character
    /// 0 none, 1 the region of class 0, 2 the region of class 1.
    public var tone: Int
    /// A data point drawn over the region.
    public var point: Bool

    public init(_ character: Character, tone: Int, point: Bool = false) {
        self.character = character
        self.tone = tone
        self.point = point
    }
}
