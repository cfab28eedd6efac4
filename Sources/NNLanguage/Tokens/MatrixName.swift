import NNCore

/// The kind of a per-layer matrix: parameters, caches and gradients.
///
/// The lecture's dense names (W, b, Z, A, …) are read as such in any command. The names a
/// layer kind brings beside them (`gamma`, `beta`, `mu`, `var`, `Zn`, `Zt` and their gradients
/// and optimiser state, the strings of the kind's `LayerRule`) are kind slots: the parser
/// reads `gamma2` as the learner's own name, and the session makes it layer 2's γ only while
/// layer 2 is of a kind that has one, so `beta1` stays the learner's own on a dense network.
public enum Slot: String, CaseIterable, Sendable {
    case W, b, gamma, beta, Z, mu, `var`, Zn, Zt, A, dZt, dZn, dZ, dW, db, dgamma, dbeta, dA
    /// Dropout's mask D[l], and the optimiser's state vdW[l], vdb[l], sdW[l], sdb[l] (and a kind's own).
    case D, vdW, vdb, sdW, sdb, vdgamma, vdbeta, sdgamma, sdbeta

    /// Whether this slot holds a parameter of the network (W, b, gamma, beta).
    public var isParameter: Bool { self == .W || self == .b || self == .gamma || self == .beta }

    /// Whether this slot is a gradient (dZ, dW, db, dA, dgamma, …).
    public var isGradient: Bool { rawValue.hasPrefix("d") }

    /// Whether this slot is momentum's or Adam's state (vdW, vdb, sdW, sdb, vdgamma, …), which outlives `train`.
    public var isOptimizerState: Bool { rawValue.hasPrefix("vd") || rawValue.hasPrefix("sd") }

    /// Whether only some kinds of layer have this slot, so that its name is the learner's own
    /// on a layer without it (see the type's summary).
    public var isKindSlot: Bool {
        switch self {
        case .gamma, .beta, .mu, .var, .Zn, .Zt, .dgamma, .dbeta, .dZt, .dZn, .vdgamma, .vdbeta, .sdgamma, .sdbeta:
            return true
        case .W, .b, .Z, .A, .dZ, .dW, .db, .dA, .D, .vdW, .vdb, .sdW, .sdb:
            return false
        }
    }

    /// The slot of the parameter a gradient or an optimiser state belongs to (`vdgamma` → gamma), else nil.
    public var parameter: Slot? {
        let raw = rawValue
        let stem = raw.hasPrefix("vd") || raw.hasPrefix("sd") ? String(raw.dropFirst(2))
            : raw.hasPrefix("d") ? String(raw.dropFirst()) : raw
        guard let p = Slot(rawValue: stem), p.isParameter else { return nil }
        return p
    }

    /// Hashes the case, not its spelling: names are looked up many times per command.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .W: hasher.combine(0)
        case .b: hasher.combine(1)
        case .gamma: hasher.combine(13)
        case .beta: hasher.combine(14)
        case .Z: hasher.combine(2)
        case .mu: hasher.combine(15)
        case .var: hasher.combine(16)
        case .Zn: hasher.combine(17)
        case .Zt: hasher.combine(18)
        case .A: hasher.combine(3)
        case .dZ: hasher.combine(4)
        case .dW: hasher.combine(5)
        case .db: hasher.combine(6)
        case .dgamma: hasher.combine(19)
        case .dbeta: hasher.combine(20)
        case .dZt: hasher.combine(21)
        case .dZn: hasher.combine(22)
        case .dA: hasher.combine(7)
        case .D: hasher.combine(8)
        case .vdW: hasher.combine(9)
        case .vdb: hasher.combine(10)
        case .sdW: hasher.combine(11)
        case .sdb: hasher.combine(12)
        case .vdgamma: hasher.combine(23)
        case .vdbeta: hasher.combine(24)
        case .sdgamma: hasher.combine(25)
        case .sdbeta: hasher.combine(26)
        }
    }
}

/// A name as written in a command, before the session resolves `L`.
///
/// `X` and `A0` are one name; `AL` and `dAL` become `A<L>` and `dA<L>` once
/// the network's depth is known.
public enum MatrixName: Hashable, Sendable {
    /// `W1`, `dA0`, `Z[2]`: a slot of layer l (0 only for A and dA).
    case layer(Slot, Int)
    /// `AL`, `dAL`, `W[L]`: a slot of the output layer L.
    case output(Slot)
    /// The labels Y (n[L] × m).
    case Y
    /// The cost J (1 × 1).
    case J
    /// Any other identifier: a matrix of the learner's own.
    case user(String)

    /// The input X, which is A[0].
    public static let X = MatrixName.layer(.A, 0)
}

// MARK: - Spelling

extension MatrixName: CustomStringConvertible {
    /// The canonical spelling: `X` for A0, `W2`, `dAL`, `J`, or the user's name.
    public var description: String {
        switch self {
        case .layer(.A, 0): return "X"
        case let .layer(slot, l): return "\(slot.rawValue)\(l)"
        case let .output(slot): return "\(slot.rawValue)L"
        case .Y: return "Y"
        case .J: return "J"
        case let .user(name): return name
        }
    }
}
