import NNCore
import NNLanguage

/// The default session, and `reset default`, which brings it back.
extension SessionState {
    /// The commands that build the default session: the lecture's three-layer binary
    /// classifier (relu, relu, sigmoid) on the four XOR points at ±1 coordinates.
    ///
    /// ```
    /// X = [[-1, -1,  1,  1],      Y = [[0, 1, 1, 0]]      y = 1 where x₁·x₂ < 0
    ///      [-1,  1, -1,  1]]
    /// ```
    /// Why these points and this seed:
    /// 1. No coordinate is 0, so with b = 0 no Z of any example sits on relu's kink
    ///    (at (0, 0) every Z of that example would be exactly 0, its relus would die,
    ///    and `gradcheck` would straddle the kink): every |Z1|, |Z2| is at least 0.25.
    /// 2. With `init he seed 1` the point (−1, 1) falls where every unit of layer 1 is
    ///    off, which puts its Z2 column exactly at 0 again; with seed 17 every example
    ///    reaches layer 2 and every unit is on for some example.
    /// 3. `train 1000 0.5` (the README's tour, also after its `step 0.1` and
    ///    `W2[0,1] = 0.5`) reaches 100 % accuracy (numpy: J ≈ 1.4e-4).
    static let defaultScript: [Command] = [
        .net([LayerSpec(units: 2), LayerSpec(units: 4), LayerSpec(units: 3), LayerSpec(units: 1)]),
        .assign(.X, .literal(Matrix([[-1, -1, 1, 1], [-1, 1, -1, 1]]))),
        .assign(.Y, .literal(Matrix([[0, 1, 1, 0]]))),
        .initialize(.he, seed: 17),
    ]

    /// The state the default session starts in.
    static let lectureDefault: SessionState = {
        var state = SessionState()
        var context = CommandContext(resolveInput: { $0 })
        for command in defaultScript {
            do {
                _ = try state.execute(command, &context)
            } catch {
                preconditionFailure("the default session's `\(command)` failed: \(error)")
            }
        }
        return state
    }()

    /// `reset default`: the default session again, with this session's settings
    /// (precision, max-elements) kept.
    mutating func resetToDefault() -> [Output] {
        var fresh = SessionState.lectureDefault
        fresh.precision = precision
        fresh.maxElements = maxElements
        self = fresh
        return [.text("back to the default session: \(netText) (relu, relu, sigmoid), "
                      + "init he seed 17, on the four XOR points at ±1")]
    }
}
