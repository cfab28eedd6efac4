import NNCore

/// The kind of a per-layer matrix: parameters, caches and gradients.
public enum Slot: String, CaseIterable, Sendable {
    case W, b, Z, A, dZ, dW, db, dA
    /// Dropout's mask D[l], and the optimiser's state vdW[l], vdb[l], sdW[l], sdb[l].
    case D, vdW, vdb, sdW, sdb

    /// Whether this slot holds a parameter of the network (W or b).
    public var isParameter: Bool { self == .W || self == .b }

    /// Whether this slot is a gradient (dZ, dW, db, dA).
    public var isGradient: Bool { rawValue.hasPrefix("d") }

    /// Whether this slot is momentum's or Adam's state (vdW, vdb, sdW, sdb), which outlives `train`.
    public var isOptimizerState: Bool { self == .vdW || self == .vdb || self == .sdW || self == .sdb }

    /// Hashes the case, not its spelling: names are looked up many times per command.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .W: hasher.combine(0)
        case .b: hasher.combine(1)
        case .Z: hasher.combine(2)
        case .A: hasher.combine(3)
        case .dZ: hasher.combine(4)
        case .dW: hasher.combine(5)
        case .db: hasher.combine(6)
        case .dA: hasher.combine(7)
        case .D: hasher.combine(8)
        case .vdW: hasher.combine(9)
        case .vdb: hasher.combine(10)
        case .sdW: hasher.combine(11)
        case .sdb: hasher.combine(12)
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
