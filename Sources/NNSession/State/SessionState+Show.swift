import NNCore
import NNLanguage

/// `show`: the network, where the stages stand, and any matrix.
extension SessionState {
    mutating func show(_ target: ShowTarget, columns: Int = 80) throws(SessionError) -> [Output] {
        switch target {
        case .overview:
            return overview(columns: columns)
        case let .names(names):
            var out: [Output] = []
            for raw in names {
                let name = try resolve(raw)
                guard store[name] != nil else { throw .missing(name.description, fix: howToMake(name)) }
                out += shown(name)
            }
            return out
        case let .layer(l):
            try requireNetwork("show layer")
            try requireLayer(l)
            let kind = rule(l).cacheNames.isEmpty ? "" : ", " + kinds[l - 1].label
            var out: [Output] = [.heading("layer \(l): \(sizes[l]) units, \(activation(l).name)\(kind)")]
            for slot in Slot.allCases { out += shown(.layer(slot, l)) }
            return out
        case .params:
            try requireNetwork("show params")
            return (1...depth).flatMap { l in
                rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).flatMap { shown(.layer(Self.slot($0.name), l)) }
            }
        case .grads:
            try requireNetwork("show grads")
            let out = (1...depth).flatMap { l in
                rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]).flatMap { shown(.layer(Self.slot($0.gradientName), l)) }
            }
            return out.isEmpty ? [.text("no gradients yet: run `cost`, then `backward`")] : out
        }
    }

    /// Bare `show`: the network, the stage, and every value with its state.
    private func overview(columns: Int) -> [Output] {
        var out: [Output] = []
        guard hasNetwork else {
            return [.text("no network yet: type `net 2 4 3 1` (layer sizes n[0]…n[L])")]
        }
        out.append(.text("\(netText)   (L = \(depth), loss \(loss.name)\(chosenLoss == nil ? " from the output activation" : ""))"))
        out.append(layerTable())
        out.append(.text("m = \(m.map(String.init) ?? "not set (no X yet)")"))
        out.append(.text("stage: \(stageDescription)"))
        if !stages.isPlain { out += stageSummary.map { .text($0) } }
        if output == .brief { return out + briefStates(columns: columns) }
        var rows: [[String]] = []
        for name in visibleNames {
            guard let m = store[name] else { continue }
            let state: String
            if let reason = store.staleReason(name) {
                state = "stale: \(reason)"
            } else if let producer = store.entry(name)?.producer {
                state = "from \(producer)"
            } else {
                state = "set"
            }
            rows.append([name.description, m.numpyShape, state])
        }
        out.append(.table(header: ["name", "shape", "state"], rows: rows))
        return out
    }

    /// Bare `show` under `set output brief`: the values by state, one line each, without the reasons.
    private func briefStates(columns: Int) -> [Output] {
        var current: [String] = [], stale: [String] = []
        for name in visibleNames where store[name] != nil {
            if store.staleReason(name) != nil { stale.append(name.description) } else { current.append(name.description) }
        }
        var lines: [String] = []
        let indent = "         "
        if !current.isEmpty { lines += ("current: " + current.joined(separator: " ")).wrapped(to: columns - 1, indent: indent) }
        if !stale.isEmpty {
            lines += ("stale:   " + stale.joined(separator: " ")).wrapped(to: columns - 1, indent: indent)
            lines.append("(`set output full`, then `show`, says why each is stale)")
        }
        return lines.map { .text($0) }
    }

    /// Where forward and backward stand, in words.
    var stageDescription: String {
        let fwd = nextForwardLayer.map { "forward next: layer \($0)" } ?? "forward complete"
        let bwd: String
        if !store.isCurrent(.layer(.dA, depth)) && !usesSoftmaxShortcut {
            bwd = nextForwardLayer == nil ? "cost next" : "backward waits for forward and cost"
        } else {
            bwd = nextBackwardLayer.map { "backward next: layer \($0)" } ?? "backward complete: `step LR` next"
        }
        return "\(fwd); \(bwd)"
    }

    /// The prompt's stage label: `fwd 2/3`, `cost`, `bwd 3`, `step`, or empty.
    var promptLabel: String {
        switch stage {
        case .idle: return ""
        case let .forward(l): return "fwd \(l)/\(depth)"
        case let .backward(l): return "bwd \(l)"
        case .cost, .step: return stage.description
        }
    }
}
