import NNCore
import NNDatasets

/// Building the network and its data: `net`, `act`, `loss`, `seed`, `init`, `dataset`, and
/// `NAME = VALUE`.
///
/// ```
/// net 2 4:relu 3 1:sigmoid   |   net [2, 4, 3, 1]
/// act L NAME        loss bce|ce|mse        seed N        init [SCHEME] [seed N]
/// dataset NAME      NAME = VALUE           NAME[i, j] = NUMBER
/// ```

// MARK: - The specs

extension CommandSpec {
    /// `net 2 4 3 1`: the layer sizes, and activations where given.
    package static let net = CommandSpec(
        name: "net", usage: "net 2 4 3 1   |   net 2 4:relu 3:tanh 1:sigmoid",
        summary: "layer sizes n[0]…n[L]; relu hidden, sigmoid output unless given",
        details: ["Replaces W, b, caches and gradients; keeps X, Y and your own matrices.",
                  "W[l] is n[l]×n[l−1] and b[l] is n[l]×1; both start at zero: type `init` next."],
        arguments: Arguments(rest: [.unitsWithActivation]),
        effect: .buildsState,
        parse: Parser.net)

    /// `act L NAME`: the activation of one layer.
    package static let act = CommandSpec(
        name: "act", usage: "act L " + activations.joined(separator: "|"),
        summary: "the activation g[L] of layer L (softmax on the output layer only)",
        details: ["Everything computed from Z[L] onwards becomes stale."],
        arguments: Arguments(positions: [[.layers], [.words(activations)]]),
        effect: .buildsState,
        parse: Parser.act)

    /// `loss bce|ce|mse`; bare `loss` is `cost`.
    package static let loss = CommandSpec(
        name: "loss", usage: "loss " + losses.joined(separator: "|") + "   |   loss",
        summary: "the cost function; bare `loss` is `cost`",
        details: ["By default it follows the output activation: sigmoid → bce, softmax → ce, others → mse.",
                  "bce: J = −1/m·Σ(y·log a + (1−y)·log(1−a)),  dA[L] = −y/a + (1−y)/(1−a)",
                  "ce:  J = −1/m·Σ y·log a  (with softmax, dZ[L] = AL·Σy − Y: AL − Y for one-hot Y)",
                  "mse: J = 1/(2m)·Σ(a−y)²,  dA[L] = a − y",
                  "As the course's utilities (np.nansum), 0·log 0 counts as 0: an output of exactly 1",
                  "with y = 1 (or 0 with y = 0) adds nothing to J instead of making it nan."],
        arguments: Arguments(positions: [[.words(losses)]]),
        effect: .buildsState,
        parse: Parser.loss)

    /// `seed N`; also the keyword `seed N` of `init`, `dropout` and `minibatch`, which seed as it does.
    package static let seed = CommandSpec(
        name: "seed", usage: "seed N", summary: "np.random.seed(N): later draws equal numpy's",
        details: ["randn, rand and init draw from numpy's legacy generator, value for value."],
        effect: .buildsState,
        parse: { (c) throws(ParseError) in .seed(try Parser.seed(&c)) })

    /// `init [small|xavier|he|zeros] [seed N]`.
    package static let initialize = CommandSpec(
        name: "init", usage: "init [" + schemes.joined(separator: "|") + "] [seed N]",
        summary: "draw W[1]…W[L] in order; b = 0",
        details: ["small:  randn(n[l], n[l−1]) * 0.01   (the course's initialize_parameters_deep)",
                  "xavier: randn(n[l], n[l−1]) / √n[l−1]  (the course's application notebook)",
                  "he:     randn(n[l], n[l−1]) * √(2/n[l−1])",
                  "zeros:  all zeros.  `seed N` seeds first."],
        arguments: Arguments(positions: [[.words(schemes + ["seed"])]], rest: [.words(["seed"])],
                             after: ["seed": []]),
        effect: .buildsState,
        parse: Parser.initialize)

    /// `dataset NAME`: a built-in data set.
    package static let dataset = CommandSpec(
        name: "dataset", usage: "dataset " + BuiltinDataset.names.joined(separator: "|"),
        summary: "a built-in data set into X and Y (and X_test, Y_test), one example per column",
        details: ["xor:    the four points of x₁ xor x₂ (X 2×4, Y 1×4).",
                  "flower: the planar assignment's load_planar_dataset(), bit for bit (X 2×400, Y 1×400);",
                  "        it seeds with 1 as the notebook does, so later randn/init draws match too.",
                  "cancer: Wisconsin breast cancer (X 30×569 as measured, Y 0 = malignant, 1 = benign);",
                  "        scale each feature (row of X) before training, e.g. by its largest value.",
                  "digits: 8×8 handwritten digits (X 64×1797 pixels 0…16, Y labels 0…9);",
                  "        `Y = onehot Y 10` for a softmax output, `X = X / 16` for pixels in 0…1.",
                  "moons:  the optimisation assignment's seed 3, make_moons(300, noise=.2) (X 2×300, Y 1×300).",
                  "circles: the initialisation assignment's seed 1, make_circles(300, noise=.05) for X, Y and",
                  "        seed 2, make_circles(100, noise=.05) for X_test, Y_test; both bit for bit.",
                  "football: the regularisation assignment's data, read from football.csv (in the current",
                  "        folder, beside the script or in --data DIR): X 2×211, Y 1×211, X_test 2×200, Y_test 1×200."],
        arguments: Arguments(positions: [[.words(BuiltinDataset.names)]]),
        effect: .buildsState,
        parse: { (c) throws(ParseError) in .dataset(try c.fileName()) })

    /// `NAME = VALUE` and `NAME[i,j] = x`: the parse starts at the name, before `=`.
    package static let assignment = CommandSpec(
        name: "=", usage: "NAME = VALUE   |   NAME[i,j] = x",
        summary: "set a matrix: a literal, randn/rand/zeros/ones R C, onehot NAME K, or a numpy expression",
        details: ["Literals are numpy's: [[1, 2], [3, 4]] (commas optional, so printed numpy output pastes as is),",
                  "np.array(…) around it, [1, 2, 3] is 1×3, a bare number is 1×1; numpy 2's",
                  "array([…], dtype=float32) and np.float64(x) paste too.",
                  "Expressions are numpy's: + - * / ** @ < <= > >= == !=, broadcasting, np.dot, np.sum(…, axis=1,",
                  "keepdims=True), np.mean, np.max, np.min, np.exp, np.log, np.sqrt, np.abs, np.tanh, np.square,",
                  "np.power, np.maximum, np.minimum, np.where, np.linalg.norm, np.zeros_like, np.ones_like,",
                  ".T, .shape[i], .sum(…), .astype(float), X[:, 1:3], X[:, [2]], relu, sigmoid, relu_backward,",
                  "sigmoid_backward: Z = np.dot(W1, X) + b1, m = X.shape[1], dW = 1./m * np.dot(dZ1, X.T).",
                  "numpy's 1-D results are 1×n rows here (docs/commands.md, Expressions).",
                  "Any name that is not the lecture's (W1, b1, Z1, A1, dZ1, dW1, db1, dA1, X, Y, AL, J) is yours.",
                  "Setting X or Y sets m. W[l] must be n[l]×n[l−1], b[l] n[l]×1.",
                  "Caches and gradients (Z1, A1, dA2, dW1, …) may be set by hand, as the course's tests do.",
                  "NAME[i,j] = x changes one element (zero-based, as numpy).",
                  "permutation N is np.random.permutation(N) as a 1×N row; normal R C [scale S] is",
                  "np.random.normal(0, S, (R, C)), S = 1 by default; both draw from the same generator as randn."],
        effect: .buildsState,
        parse: Parser.assignment)
}

extension CommandSpec {
    fileprivate static let activations = Activation.allCases.map(\.name)
    fileprivate static let losses = Loss.allCases.map(\.name)
    fileprivate static let schemes = InitScheme.allCases.map(\.name)
}

// MARK: - The parses

extension Parser {
    /// `net 2 4:relu 3 1:sigmoid`, also `net [2, 4, 3, 1]` (the course's layer_dims).
    fileprivate static func net(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let bracketed = c.skip("[")
        var specs: [LayerSpec] = []
        while true {
            if bracketed ? c.skip("]") : c.atEnd { break }
            if !specs.isEmpty { _ = c.skip(",") }
            guard let t = c.peek else { throw c.unexpected(.quantity(.layerSize)) }
            let units = try LiteralParser.integer(&c, .layerSize)
            var g: Activation?
            if c.skip(":") {
                guard !specs.isEmpty else { throw ParseError.inputActivation(at: c.position(t)) }
                g = try activation(&c)
            }
            specs.append(LayerSpec(units: units, activation: g))
        }
        guard specs.count >= 2 else { throw ParseError.tooFewLayers(specs.count) }
        return .net(specs)
    }

    /// `act L NAME`.
    fileprivate static func act(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let l = try LiteralParser.integer(&c, .layer)
        return .act(layer: l, try activation(&c))
    }

    /// `loss NAME`, or bare `loss`: the cost.
    fileprivate static func loss(_ c: inout TokenCursor) throws(ParseError) -> Command {
        guard let t = c.peek else { return .cost }
        let w = try c.word(.loss)
        guard let loss = Loss(rawValue: w) else { throw unknown(w, .loss, Loss.allCases.map(\.name), c, t) }
        return .loss(loss)
    }

    /// The N of `seed N` (and of `init … seed N`).
    fileprivate static func seed(_ c: inout TokenCursor) throws(ParseError) -> UInt32 {
        let n = try LiteralParser.integer(&c, .seed)
        return UInt32(truncatingIfNeeded: n)   // the range check above keeps n in 0…2³²−1
    }

    /// `init [small|xavier|he|zeros] [seed N]`
    fileprivate static func initialize(_ c: inout TokenCursor) throws(ParseError) -> Command {
        var scheme = InitScheme.small
        if let t = c.peek, !c.isWord("seed") {
            let w = try c.word(.initOption)
            guard let s = InitScheme(rawValue: w) else {
                throw unknown(w, .initScheme, InitScheme.allCases.map(\.name) + ["seed"], c, t)
            }
            scheme = s
        }
        var seed: UInt32?
        if c.skipWord("seed") { seed = try self.seed(&c) }
        return .initialize(scheme, seed: seed)
    }

    /// `NAME = VALUE` or `NAME[i, j] = NUMBER`, from the name on.
    fileprivate static func assignment(_ c: inout TokenCursor) throws(ParseError) -> Command {
        let name = try MatrixName.read(&c)
        if let (i, j) = try elementIndex(&c) {
            guard c.skip("=") else { throw c.unexpected(.equals) }
            let value = try LiteralParser.real(&c)
            try c.expectEnd()
            return .assignElement(name, row: i, col: j, value)
        }
        guard c.skip("=") else { throw c.unexpected(.equals) }
        let value = try ValueParser.value(&c)
        try c.expectEnd()
        return .assign(name, value)
    }

    private static func activation(_ c: inout TokenCursor) throws(ParseError) -> Activation {
        guard let t = c.peek else { throw c.unexpected(.activation) }
        let w = try c.word(.activation)
        guard let g = Activation(rawValue: w) else {
            throw unknown(w, .activation, Activation.allCases.map(\.name), c, t)
        }
        return g
    }
}
