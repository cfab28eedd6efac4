import NNCore
import NNLanguage

/// The names a layer kind brings beside the lecture's dense ones: `gamma2`, `beta2`, `mu2`,
/// `var2`, `Zn2`, `Zt2`, `dgamma2`, `dZt2`, `vdbeta2`, … while layer 2 is batch-normalised.
///
/// The parser reads them as the learner's own names (it does not know the network); `resolve`
/// makes one a layer's slot only when that layer's kind has the name, so `beta1` on a dense
/// network stays the learner's own. The names come from the kind's `LayerRule` (its parameters,
/// their gradients and optimiser state, its caches and gradient caches); a new kind adds only
/// the `Slot` cases for its names.
extension SessionState {
    /// The slots layer l has: Z, A, dZ, dA, D, and its kind's parameters, caches and gradients
    /// with the optimiser's state of each parameter.
    func slots(of l: Int) -> Set<Slot> {
        let rule = rule(l)
        var names = ["Z", "A", "dZ", "dA", "D"] + rule.cacheNames + rule.gradientCacheNames
        for p in rule.parameters(units: sizes[l], inputs: sizes[l - 1]) {
            names += [p.name, p.gradientName, "v" + p.gradientName, "s" + p.gradientName]
        }
        var out: Set<Slot> = []
        for name in names {
            guard let slot = Slot(rawValue: name) else {
                preconditionFailure("SessionState: the name \(name) of \(rule.name) has no slot")
            }
            out.insert(slot)
        }
        return out
    }

    /// The layer slot a word of the learner's spells on this network (`gamma2` while layer 2
    /// has a γ), else nil.
    func kindName(_ word: String) -> MatrixName? {
        let digits = word.utf8.reversed().prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        guard digits > 0, digits < 6, digits < word.utf8.count else { return nil }
        let stem = String(word.dropLast(digits)), number = word.suffix(digits)
        guard number.first != "0", let l = Int(number), l >= 1, l <= depth,
              let slot = Slot(rawValue: stem), slot.isKindSlot, slots(of: l).contains(slot) else { return nil }
        return .layer(slot, l)
    }

    /// Fails when layer l's kind has no `slot` (b2 on a batch-normalised layer 2).
    func requireSlot(_ slot: Slot, _ l: Int) throws(SessionError) {
        guard l >= 1, l <= depth, !slots(of: l).contains(slot) else { return }
        let name = MatrixName.layer(slot, l).description
        let instead = slot.parameter == .b
            ? "; \(String(slot.rawValue.dropLast()))beta\(l) takes the place of \(name)" : ""
        throw .notInLayer(name: name, layer: l, kind: rule(l).name,
                          fix: "layer \(l) has " + layerNamesText(l) + instead
                              + "; `batchnorm off \(l)` makes it dense again")
    }

    /// `W2, gamma2, beta2 and caches mu2, var2, Zn2, Zt2`: what `show` and errors list for layer l.
    func layerNamesText(_ l: Int) -> String {
        let rule = rule(l)
        let params = rule.parameters(units: sizes[l], inputs: sizes[l - 1]).map { "\($0.name)\(l)" }
        let caches = (["Z"] + rule.cacheNames + ["A"]).map { "\($0)\(l)" }
        return params.joined(separator: ", ") + " and the caches " + caches.joined(separator: ", ")
    }
}
