import Foundation
import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `export`: the numpy text of each form of value, the script's first lines, and the
/// notebook's JSON. (scripts/test-export runs every export with numpy and compares.)
final class ExportTests: XCTestCase {
    private let spell = { (n: MatrixName) -> String in "S[\"\(n)\"]" }

    func testEveryFormOfValueAsNumpy() {
        let cases: [(Expression, String)] = [
            (.literal(Matrix([[1, 2], [3, 4.5]])), "np.array([[1.0, 2.0], [3.0, 4.5]])"),
            (.literal(Matrix(scalar: 1e-5)), "np.array([[1e-05]])"),
            (.literal(Matrix([[0.1, -0.0, 1e16, 123456.789]])), "np.array([[0.1, -0.0, 1e+16, 123456.789]])"),
            (.generator(.randn(3, 2)), "np.random.randn(3, 2)"),
            (.generator(.rand(1, 4)), "np.random.rand(1, 4)"),
            (.generator(.zeros(3, 1)), "np.zeros((3, 1))"),
            (.generator(.ones(2, 2)), "np.ones((2, 2))"),
            (.name(.layer(.W, 1), transposed: false), "S[\"W1\"]"),
            (.name(.X, transposed: true), "S[\"X\"].T"),
            (.scaled(.generator(.randn(4, 2)), .multiply, 0.01), "np.random.randn(4, 2) * 0.01"),
            (.scaled(.scaled(.name(.X, transposed: false), .divide, 255), .multiply, -2), "S[\"X\"] / 255.0 * -2.0"),
            (.generator(.onehot(.Y, 10)), "np.eye(10)[:, S[\"Y\"][0].astype(int)]"),
        ]
        for (expr, text) in cases {
            XCTAssertEqual(NumpyText.value(expr, name: spell), text, "\(expr)")
        }
    }

    func testNumbersReadBackBitForBit() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [5e-324, -Double.leastNormalMagnitude, .greatestFiniteMagnitude, 1e-4, 9.999999999999999e15]
        while values.count < 5000 {
            let x = Double(bitPattern: generator.next())
            if x.isFinite { values.append(x) }
        }
        for x in values {
            let text = NumpyText.number(x)
            XCTAssertEqual(Double(text)?.bitPattern, x.bitPattern, text)
        }
        XCTAssertEqual(NumpyText.number(.nan), "np.nan")
        XCTAssertEqual(NumpyText.number(-.infinity), "-np.inf")
    }

    func testIntegerCastsStayFloat64AsNnstepHoldsThem() {
        // np.int64 in the script would wrap 1e+300 to -2**63; as_int64 cuts toward 0 in float64.
        let e = Expression.call(Call(.int64, [.name(.user("x"), at: Place(SourcePosition(line: 1, column: 1)))],
                                     at: Place(SourcePosition(line: 1, column: 1))))
        XCTAssertEqual(NumpyText.expression(e, name: spell), "as_int64(S[\"x\"])")
        XCTAssertTrue(PythonPrelude.text([]).contains("def as_int64(a):"))
    }

    private func exported(_ file: String, _ lines: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-export-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(file).path
        let s = session(lines)
        runLines(s, ["export \(path)"])
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func testTheScriptsFirstLinesAndBlocks() throws {
        let text = try exported("s.py", ["net 2 3 1", "seed 3", "X = randn 2 4", "Y = [[1, 0, 0, 1]]", "init he seed 7",
                                         "forward all", "cost", "backward all", "show", "step 0.5"])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines.prefix(3)), [
            "# nnstep session as numpy code: the course's functions, then one block per command.",
            "# Run `python3 THIS.py OUT.npz` to save every matrix under nnstep's names, as `save OUT.npz` does.",
            "# Needs numpy only.",
        ])
        for needed in ["def initialize_parameters_deep(layer_dims, scheme=\"small\"):", "def L_model_forward(X, parameters, activations):",
                       "\"nn> net 2 3 1\"", "layer_dims = [2, 3, 1]", "\"nn> init he seed 7\"", "np.random.seed(7)",
                       "S[\"X\"] = as_matrix(np.random.randn(2, 4))",
                       "S[\"A2\"], (_, S[\"Z2\"]) = linear_activation_forward(S[\"A1\"], S[\"W2\"], S[\"b2\"], \"sigmoid\")",
                       "S[\"dZ2\"] = sigmoid_bce_backward(S[\"dA2\"], S[\"Z2\"], S.get(\"A2\"), S.get(\"Y\"))",
                       "update_parameters(S, S, 0.5)", "    save_session(S, sys.argv[1])"] {
            XCTAssertTrue(lines.contains(needed), needed)
        }
        XCTAssertFalse(text.contains("nn> show"), "show builds nothing")
        XCTAssertFalse(text.contains("def load_into"), "no load, so no file readers")
    }

    func testResetDefaultAndDataSetsAndStagesAreWritten() throws {
        let text = try exported("t.py", ["dataset moons", "net 2 5 1", "regularize l2 0.7", "dropout 0.8 seed 1",
                                         "optimizer adam", "minibatch 64", "decay inverse 1", "train 2 0.01",
                                         "reset default"])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for needed in ["lambd = 0.7", "set_dropout(S, {\"keep\": 0.8, \"layers\": None, \"seed\": 1})",
                       "set_optimizer(S, {\"name\": \"adam\", \"beta1\": 0.9, \"beta2\": 0.999, \"epsilon\": 1e-08})",
                       "minibatch = {\"size\": 64, \"seed\": 10}", "decay = {\"kind\": \"inverse\", \"rate\": 1.0}",
                       "L_layer_model(S, 2, 0.01, 100)", "S.clear()", "np.random.seed(17)",
                       "def compute_cost_with_regularization(AL, Y, parameters, lambd, loss=\"bce\"):",
                       "def forward_propagation_with_dropout(X, parameters, activations, keep_prob):",
                       "def random_mini_batches(X, Y, mini_batch_size=64, seed=0):"] {
            XCTAssertTrue(lines.contains(needed), needed)
        }
        // moons draws from numpy's generator: the script puts it where nnstep's stands.
        XCTAssertTrue(lines.contains { $0.hasPrefix("np.random.set_state((\"MT19937\", np.array([") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("S[\"X\"] = np.array([") })
    }

    /// Export writes what ran, made as each command ran: undo takes a block back with its
    /// command, and a file gone since `load` read it does not stop the export.
    func testBlocksAreWhatRanAndFollowUndoAndRedo() throws {
        let steps = ["net 2 3 1", "seed 3", "X = randn 2 4", "Y = [[1, 0, 0, 1]]", "init he seed 7", "forward", "forward"]
        let s = session(steps + ["cost", "backward all", "step 0.5"])
        runLines(s, ["undo", "undo", "undo", "redo", "undo"])
        XCTAssertEqual(s.built, session(steps).built)
        XCTAssertEqual(s.built.compactMap(\.export).map(\.command), s.built.map(\.ran.command).filter(\.buildsState))
        // The second `forward` resolved to layer 2 when it ran.
        let forward = try XCTUnwrap(s.built.last?.export)
        XCTAssertEqual(forward.code.map(\.text).first,
                       "S[\"A2\"], (_, S[\"Z2\"]) = linear_activation_forward(S[\"A1\"], S[\"W2\"], S[\"b2\"], \"sigmoid\")")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-gone-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("x.csv").path
        try "1,2\n3,4\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let loaded = session(["load \"\(csv)\" as X"])
        try FileManager.default.removeItem(atPath: csv)
        let py = dir.appendingPathComponent("gone.py").path
        runLines(loaded, ["export \"\(py)\""])
        let text = try String(contentsOfFile: py, encoding: .utf8)
        XCTAssertTrue(text.contains("load_into(S, \(PythonString.literal(csv)), as_name=\"X\")"))
    }

    func testTheNotebookIsNbformat4WithACellPerCommand() throws {
        let text = try exported("s.ipynb", ["net 2 1", "X = [[1, 2], [3, 4]]", "Y = [[0, 1]]", "forward"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(json["nbformat"] as? Int, 4)
        let cells = try XCTUnwrap(json["cells"] as? [[String: Any]])
        // markdown, functions, 4 commands, the save
        XCTAssertEqual(cells.count, 7)
        XCTAssertEqual(cells[0]["cell_type"] as? String, "markdown")
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        XCTAssertTrue(sources[1].contains("def L_model_backward("))
        XCTAssertTrue(sources[2].hasPrefix("\"nn> net 2 1\"\n"))
        XCTAssertTrue(sources[5].hasPrefix("\"nn> forward\"\n"))
        XCTAssertTrue(sources[6].contains("save_session(S, "))
    }
}
