/// The course's functions as `export` writes them at the top of a script: the
/// activations and their backward steps (`dnn_utils`), then "Building your Deep
/// Neural Network: Step by Step", with nnstep's choices (activations per layer, the
/// loss, softmax + ce) as arguments. Each line computes what nnstep computes, in
/// the same order of operations, so the arrays agree with the session's.
///
/// The functions are real Python, in `Prelude/NN-NAME.py` (scripts/test-prelude runs them
/// against nnstep stage for stage); `scripts/prelude` writes their text into
/// `PythonPrelude+Sources.swift`, with one `Part` per optional file.
enum PythonPrelude {
    /// The functions, with the optional parts a script uses.
    static func text(_ parts: Set<Part>) -> String {
        var out = core.joined()
        for part in Part.allCases where parts.contains(part) {
            out += source(of: part)
        }
        return out
    }
}
