/// `help` and `help COMMAND`: the language in short (docs/commands.md in full).
enum Help {
    struct Entry {
        var name: String
        var usage: String
        var summary: String
        var details: [String]
    }

    static let entries: [Entry] = [
        Entry(name: "net", usage: "net 2 4 3 1   |   net 2 4:relu 3:tanh 1:sigmoid",
              summary: "layer sizes n[0]…n[L]; relu hidden, sigmoid output unless given",
              details: ["Replaces W, b, caches and gradients; keeps X, Y and your own matrices.",
                        "W[l] is n[l]×n[l−1] and b[l] is n[l]×1; both start at zero: type `init` next."]),
        Entry(name: "act", usage: "act L relu|sigmoid|tanh|linear|leaky_relu|softmax",
              summary: "the activation g[L] of layer L (softmax on the output layer only)",
              details: ["Everything computed from Z[L] onwards becomes stale."]),
        Entry(name: "loss", usage: "loss bce|ce|mse   |   loss",
              summary: "the cost function; bare `loss` is `cost`",
              details: ["By default it follows the output activation: sigmoid → bce, softmax → ce, others → mse.",
                        "bce: J = −1/m·Σ(y·log a + (1−y)·log(1−a)),  dA[L] = −y/a + (1−y)/(1−a)",
                        "ce:  J = −1/m·Σ y·log a  (with softmax, dZ[L] = AL − Y)",
                        "mse: J = 1/(2m)·Σ(a−y)²,  dA[L] = a − y"]),
        Entry(name: "seed", usage: "seed N", summary: "np.random.seed(N): later draws equal numpy's",
              details: ["randn, rand and init draw from numpy's legacy generator, value for value."]),
        Entry(name: "init", usage: "init [small|xavier|he|zeros] [seed N]",
              summary: "draw W[1]…W[L] in order; b = 0",
              details: ["small:  randn(n[l], n[l−1]) * 0.01   (the course's initialize_parameters_deep)",
                        "xavier: randn(n[l], n[l−1]) / √n[l−1]  (the course's application notebook)",
                        "he:     randn(n[l], n[l−1]) * √(2/n[l−1])",
                        "zeros:  all zeros.  `seed N` seeds first."]),
        Entry(name: "dataset", usage: "dataset xor|flower|cancer|digits",
              summary: "a built-in data set into X and Y, one example per column",
              details: ["xor:    the four points of x₁ xor x₂ (X 2×4, Y 1×4).",
                        "flower: the planar assignment's load_planar_dataset(), bit for bit (X 2×400, Y 1×400);",
                        "        it seeds with 1 as the notebook does, so later randn/init draws match too.",
                        "cancer: Wisconsin breast cancer (X 30×569 as measured, Y 0 = malignant, 1 = benign);",
                        "        scale each feature (row of X) before training, e.g. by its largest value.",
                        "digits: 8×8 handwritten digits (X 64×1797 pixels 0…16, Y labels 0…9);",
                        "        `Y = onehot Y 10` for a softmax output, `X = X / 16` for pixels in 0…1."]),
        Entry(name: "=", usage: "NAME = VALUE   |   NAME[i,j] = x",
              summary: "set a matrix: literal, randn/rand/zeros/ones R C, NAME, NAME.T, onehot NAME K, then * S or / S",
              details: ["Literals are numpy's: [[1, 2], [3, 4]] (commas optional, so printed numpy output pastes as is),",
                        "np.array(…) around it, [1, 2, 3] is 1×3, a bare number is 1×1.",
                        "Setting X or Y sets m. W[l] must be n[l]×n[l−1], b[l] n[l]×1.",
                        "Caches and gradients (Z1, A1, dA2, dW1, …) may be set by hand, as the course's tests do.",
                        "NAME[i,j] = x changes one element (zero-based, as numpy)."]),
        Entry(name: "forward", usage: "forward   |   forward L   |   forward all",
              summary: "Z[l] = W[l]·A[l−1] + b[l],  A[l] = g[l](Z[l]): the next layer, layer L, or the rest",
              details: ["The next layer is the first whose Z or A is missing or stale (layer 1 after any change)."]),
        Entry(name: "cost", usage: "cost", summary: "J and the backward initialisation dA[L]",
              details: ["bce: dA[L] = −Y/AL + (1−Y)/(1−AL).  With softmax and ce, backward uses dZ[L] = AL − Y."]),
        Entry(name: "backward", usage: "backward   |   backward L   |   backward all",
              summary: "dZ, dW, db and dA[l−1] of the next layer down, of layer L, or of the rest",
              details: ["dZ[l] = dA[l] ⊙ g′[l](Z[l])",
                        "dW[l] = 1/m · dZ[l]·A[l−1]ᵀ",
                        "db[l] = 1/m · np.sum(dZ[l], axis=1, keepdims=True)",
                        "dA[l−1] = W[l]ᵀ·dZ[l]   (dA0 is not needed for the update)",
                        "When dA[L] was never set, `backward L` runs `cost` first."]),
        Entry(name: "step", usage: "step LR", summary: "W[l] ← W[l] − LR·dW[l],  b[l] ← b[l] − LR·db[l]",
              details: ["Needs current dW and db for every layer (`backward all`)."]),
        Entry(name: "train", usage: "train N LR [every K]",
              summary: "N iterations of forward, cost, backward, step; prints the cost every K (100)",
              details: ["Prints `Cost after iteration i: J` for i = 0, K, 2K, … and the last iteration.",
                        "Ctrl-C stops after the current iteration; the parameters stay consistent.",
                        "Caches and gradients are cleared afterwards (they belonged to the old parameters)."]),
        Entry(name: "predict", usage: "predict [X]", summary: "AL > 0.5 (argmax for softmax) for X or another matrix",
              details: []),
        Entry(name: "accuracy", usage: "accuracy [X Y]", summary: "the fraction predicted right, and the count",
              details: ["Y may be labels (1×m) or one-hot (K×m)."]),
        Entry(name: "show", usage: "show   |   show NAME…   |   show layer L   |   show params   |   show grads",
              summary: "the network and stage, or matrices printed exactly as numpy's print(array)",
              details: ["Bare `show` lists every value with its shape and whether it is stale, and why."]),
        Entry(name: "set", usage: "set precision N   |   set max-elements N",
              summary: "digits of printed matrices (numpy's precision=, 8), or the largest matrix allowed",
              details: ["max-elements bounds every matrix a command makes (randn, zeros, load, …)."]),
        Entry(name: "explain", usage: "explain forward L   |   explain backward L   |   explain cost   |   explain NAME[i,j]",
              summary: "a stage's equations with this network's shapes, and one element worked out",
              details: ["Without [i,j] the element largest in magnitude is worked out."]),
        Entry(name: "diagram", usage: "diagram",
              summary: "the lecture's forward/backward chart: ✓ current, ~ stale, · not computed", details: []),
        Entry(name: "plot", usage: "plot cost   |   plot boundary",
              summary: "the cost of the last `train`, or the decision regions of a 2-input network", details: []),
        Entry(name: "gradcheck", usage: "gradcheck [eps E]",
              summary: "the course's gradient check: (J(θ+ε) − J(θ−ε)) / 2ε against backward's dW and db",
              details: ["difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖); the course accepts up to 2e-7.",
                        "Uses the session's dW and db when all are current, otherwise computes them."]),
        Entry(name: "undo", usage: "undo", summary: "back to the state before the last command that changed it",
              details: []),
        Entry(name: "redo", usage: "redo", summary: "forward again after `undo`", details: []),
        Entry(name: "expect", usage: "expect NAME VALUE [atol A] [rtol R]",
              summary: "check a value: shape, then numpy's allclose (rtol 1e-5, atol 1e-8)",
              details: ["Prints PASS, or FAIL with the largest difference and its position.",
                        "In a replay any FAIL makes the exit status 1."]),
        Entry(name: "save", usage: "save FILE.npz [NAME…]   |   save FILE.npy NAME   |   save FILE.nnscript",
              summary: "matrices as float64 arrays (np.load reads them), or the commands that built this state",
              details: ["Files are written to a temporary name and renamed, so an old file is never half-written."]),
        Entry(name: "load", usage: "load FILE.npz   |   load FILE KEY as NAME",
              summary: "read matrices back by name, or one array under a name of yours", details: []),
        Entry(name: "run", usage: "run FILE.nnscript", summary: "replay a script inside this session", details: []),
        Entry(name: "reset", usage: "reset", summary: "forget caches and gradients; keep network, parameters and data",
              details: []),
        Entry(name: "history", usage: "history", summary: "the commands of this session", details: []),
        Entry(name: "help", usage: "help [COMMAND]", summary: "this list, or one command in detail", details: []),
        Entry(name: "quit", usage: "quit   |   exit   |   Ctrl-D", summary: "leave nnstep", details: []),
    ]

    /// The help text for `topic`, or the list of commands.
    static func text(for topic: String?) -> [Output] {
        guard let topic else {
            return [.text("Commands (`help COMMAND` for more; names: W1 b1 Z1 A1 dZ1 dW1 db1 dA1 … X Y AL dAL J):")]
                + entries.map { .text("  " + $0.name.padded(to: 9) + $0.summary) }
        }
        let key = topic == "exit" ? "quit" : topic
        guard let entry = entries.first(where: { $0.name == key }) else {
            let hint = Suggestions.closest(to: topic, in: entries.map(\.name)).first.map { " (did you mean `help \($0)`?)" } ?? ""
            return [.text("no command called \(topic)\(hint); type `help` for the list")]
        }
        return [.text(entry.usage), .text("  " + entry.summary)] + entry.details.map { .text("  " + $0) }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
