import NNCore
import NNLanguage

/// `batchnorm L… [eps E]`, `batchnorm off [L…]` and bare `batchnorm`: a layer's kind.
///
/// ```
/// batchnorm 2        layer 2: γ2 = ones, β2 = zeros, b2 (and db2, vdb2, sdb2) removed, W2 kept
/// batchnorm off 2    layer 2: dense again, b2 = zeros; γ2, β2 and the caches μ2 … Zt2 removed
/// ```
/// Everything computed from the layer's Z onwards becomes stale. A matrix of the learner's
/// own under a name the layer now takes (`gamma2`) is kept under `gamma2_own`: nothing is lost.
extension SessionState {
    mutating func batchnorm(_ change: BatchNormChange) throws(SessionError) -> [Output] {
        try requireNetwork(.batchnorm)
        if kinds.count < depth { kinds += Array(repeating: .dense, count: depth - kinds.count) }
        switch change {
        case .show:
            let normalised = (1...depth).filter { kinds[$0 - 1] != .dense }
            if normalised.isEmpty { return [.text("no layer is batch-normalised: `batchnorm L…` normalises layers")] }
            return [layerTable()]
        case let .on(layers, epsilon):
            for l in layers { try requireLayer(l) }
            let kind = LayerKind.batchNorm(epsilon: epsilon ?? LayerKind.defaultEpsilon)
            var out: [Output] = []
            for l in Set(layers).sorted() { out += setKind(kind, l) }
            return out + [layerTable(),
                          .text("γ = 1, β = 0 on the normalised layers (W is kept): forward computes μ, σ², Zn and Zt")]
        case let .off(layers):
            for l in layers { try requireLayer(l) }
            let chosen = layers.isEmpty ? Array(1...depth) : Array(Set(layers)).sorted()
            let changed = chosen.filter { kinds[$0 - 1] != .dense }
            if changed.isEmpty { return [.text("no layer of these is batch-normalised: nothing changes")] }
            var out: [Output] = []
            for l in changed { out += setKind(.dense, l) }
            return out + [layerTable(), .text("b = 0 on the layers made dense again (W is kept)")]
        }
    }

    /// Makes layer l of `kind`: the names it no longer has go, the parameters it gains start
    /// as its rule says (W is kept), and a matrix of the learner's under a name it takes moves aside.
    private mutating func setKind(_ kind: LayerKind, _ l: Int) -> [Output] {
        let old = slots(of: l)
        let oldCaches = Set(rule(l).cacheNames + rule(l).gradientCacheNames)
        kinds[l - 1] = kind
        let new = slots(of: l)
        var out: [Output] = []
        for slot in Slot.allCases where slot.isKindSlot && new.contains(slot) && !old.contains(slot) {
            let word = "\(slot.rawValue)\(l)"
            guard let mine = store[.user(word)] else { continue }
            var aside = word + "_own"
            while store[.user(aside)] != nil { aside += "_" }
            store.set(.user(aside), mine)
            store.remove(.user(word))
            out.append(.note("your own \(word) is now \(aside): layer \(l) names its \(slot.rawValue) \(word)"))
        }
        store.removeAll { name in
            guard case let .layer(slot, k) = name, k == l else { return false }
            // Z[l] and dZ[l] go too: their recorded inputs are the old kind's (a dense Z[l] has b[l]).
            return !new.contains(slot) || oldCaches.contains(slot.rawValue) || slot.isOptimizerState
                || slot == .Z || slot == .dZ
        }
        for p in rule(l).parameters(units: sizes[l], inputs: sizes[l - 1]) {
            guard let slot = Slot(rawValue: p.name) else {
                preconditionFailure("SessionState: the parameter \(p.name) of \(rule(l).name) has no slot")
            }
            guard store[.layer(slot, l)] == nil else { continue }
            store.set(.layer(slot, l), p.start == .ones ? Matrix.ones(p.rows, p.cols) : Matrix.zeros(p.rows, p.cols))
        }
        store.touch(.activation(l))
        stage = .idle
        resetOptimizerState()
        return out
    }
}
