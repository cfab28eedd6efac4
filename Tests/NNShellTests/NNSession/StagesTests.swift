import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `forward`, `cost`, `backward` and `step` (SessionState+Forward.swift and +Backward.swift):
/// which layer runs next, what a stale or missing input says, and shape errors.
final class StagesTests: XCTestCase {
    // MARK: - Which layer is next

    func testForwardGoesLayerByLayerAndStartsAgainAfterAChange() {
        let s = Session()
        XCTAssertEqual(s.state.nextForwardLayer, 1)
        XCTAssertTrue(texts(runLines(s, ["forward"])).hasPrefix("forward layer 1 (relu)"))
        XCTAssertEqual(s.state.nextForwardLayer, 2)
        XCTAssertTrue(texts(runLines(s, ["forward"])).hasPrefix("forward layer 2 (relu)"))
        runLines(s, ["forward"])
        XCTAssertNil(s.state.nextForwardLayer)
        XCTAssertEqual(sessionError(s, "forward"), .forwardComplete(depth: 3))
        XCTAssertEqual(sessionError(s, "forward all"), .forwardComplete(depth: 3))
        runLines(s, ["W2[0,0] = 1"])
        XCTAssertEqual(s.state.nextForwardLayer, 2, "layer 1 is still current")
        runLines(s, ["b1[1,0] = 0.5"])
        XCTAssertEqual(s.state.nextForwardLayer, 1)
        runLines(s, ["forward all"])
        XCTAssertNil(s.state.nextForwardLayer)
        runLines(s, ["act 3 tanh"])
        XCTAssertEqual(s.state.nextForwardLayer, 3, "A3 depends on layer 3's activation")
        // `forward L` recomputes a current layer.
        XCTAssertTrue(texts(runLines(s, ["forward 1"])).hasPrefix("forward layer 1"))
    }

    func testForwardAllRunsOnlyTheRemainingLayers() {
        let s = Session()
        runLines(s, ["forward"])
        let out = texts(runLines(s, ["forward all"]))
        XCTAssertFalse(out.contains("forward layer 1"))
        XCTAssertTrue(out.contains("forward layer 2") && out.contains("forward layer 3"))
    }

    func testBackwardGoesDownFromL() {
        let s = Session()
        runLines(s, ["forward all", "cost"])
        XCTAssertEqual(s.state.nextBackwardLayer, 3)
        XCTAssertTrue(texts(runLines(s, ["backward"])).contains("backward layer 3 (sigmoid)"))
        XCTAssertEqual(s.state.nextBackwardLayer, 2)
        let rest = texts(runLines(s, ["backward all"]))
        XCTAssertTrue(rest.contains("backward layer 2") && rest.contains("backward layer 1"))
        XCTAssertFalse(rest.contains("backward layer 3"))
        XCTAssertNil(s.state.nextBackwardLayer)
        XCTAssertEqual(sessionError(s, "backward"), .backwardComplete)
        XCTAssertTrue(sessionMessage(s, "backward all").contains("step 0.01"))
    }

    func testDA0IsLabelledAsNotNeeded() {
        let s = Session()
        let out = runLines(s, ["forward all", "backward all"])
        let dA0 = out.compactMap { o -> MatrixOutput? in
            if case let .matrix(m) = o, m.name == "dA0" { return m }
            return nil
        }
        XCTAssertEqual(dA0.first?.label, "not needed for the update")
        XCTAssertEqual(dA0.first?.matrix.numpyShape, "(2, 4)")
    }

    // MARK: - dA[L] and cost

    func testBackwardLRunsCostFirstWhenDALWasNeverSet() {
        let s = Session()
        runLines(s, ["forward all"])
        let out = texts(runLines(s, ["backward"]))
        XCTAssertTrue(out.hasPrefix("dA3 was not set yet: running `cost` first\ncost (bce)"), out)
        XCTAssertNotNil(s.state.store[.J])
        XCTAssertTrue(s.state.store.isCurrent(.layer(.dW, 3)))
        // Once set, it is not run again.
        runLines(s, ["backward 3"])
        XCTAssertFalse(texts(runLines(s, ["backward 3"])).contains("running `cost`"))
    }

    func testBackwardBelowLNeedsTheLayerAbove() {
        let s = Session()
        runLines(s, ["forward all", "cost"])
        XCTAssertEqual(sessionError(s, "backward 2"), .missing("dA2", fix: "run `backward 3`"))
        runLines(s, ["backward 3"])
        runLines(s, ["backward 2"])
        // A change to W3 makes dA2 stale, and Z3 with it: backward 3 alone would need Z3 again.
        runLines(s, ["W3[0,0] = 2"])
        XCTAssertEqual(sessionMessage(s, "backward 2"),
                       "dA2 is stale (W3 changed since backward 3): run `forward all`, then `cost`, then `backward all`")
    }

    func testStaleCachesNameTheCommandThatRefreshesThem() {
        let s = Session()
        runLines(s, ["forward all", "cost"])
        runLines(s, ["X = [[1, 0, 1, 0], [0, 1, 1, 0]]"])
        XCTAssertEqual(sessionMessage(s, "forward 2"), "A1 is stale (X changed since forward 1): run `forward 1`")
        XCTAssertEqual(sessionMessage(s, "backward 3"), "dA3 is stale (X changed since forward 1): run `forward all`, then `cost` (it sets dA3 = ∂J/∂A3)")
        XCTAssertEqual(sessionMessage(s, "cost"), "A3 is stale (X changed since forward 1): run `forward all`")
        runLines(s, ["forward all"])
        XCTAssertEqual(sessionMessage(s, "backward 3"),
                       "dA3 is stale (A3 changed since cost): run `cost` (it sets dA3 = ∂J/∂A3)")
        runLines(s, ["cost", "loss mse"])
        XCTAssertEqual(sessionMessage(s, "backward 3"),
                       "dA3 is stale (the loss changed since cost): run `cost` (it sets dA3 = ∂J/∂A3)")
        runLines(s, ["cost"])
        XCTAssertNoThrow(try s.execute(.backward(.layer(3))))
        XCTAssertEqual(sessionMessage(s, "step 0.1"), "dW1 has no value yet: run `backward all`")
    }

    func testCostNeedsAForwardPassAndY() {
        let s = session(["net 2 3 1", "X = [[1, 2], [3, 4]]"])
        XCTAssertEqual(sessionMessage(s, "cost"), "A2 has no value yet: run `forward all`")
        runLines(s, ["forward all"])
        XCTAssertEqual(sessionMessage(s, "cost"), "Y has no value yet: set it with `Y = …` or `dataset xor`")
    }

    // MARK: - softmax with cross-entropy

    func testSoftmaxWithCrossEntropyUsesALMinusY() {
        let s = session(["net 2 3 3:softmax", "X = [[1, -1, 0.5, 2], [0, 2, -1, 1]]", "labels = [[0, 2, 1, 2]]",
                         "Y = onehot labels 3", "init seed 1"])
        XCTAssertEqual(s.state.loss, .ce)
        let out = texts(runLines(s, ["forward all", "cost"]))
        XCTAssertTrue(out.contains("softmax with cross-entropy: backward uses dZ2 = A2 − Y directly"), out)
        let back = texts(runLines(s, ["backward"]))
        XCTAssertTrue(back.contains("dZ2 = A2 − Y: (3×4) − (3×4) → (3×4)   (softmax with cross-entropy)"), back)
        let a2 = s.state.store[.layer(.A, 2)]!, y = s.state.store[.Y]!
        XCTAssertEqual(s.state.store[.layer(.dZ, 2)], a2 - y)
        // Without a cost run, the shortcut needs no dA2 at all.
        let t = session(["net 2 3 3:softmax", "X = [[1, -1], [0, 2]]", "Y = [[1, 0], [0, 1], [0, 0]]", "init seed 1",
                         "forward all", "backward 2"])
        XCTAssertNil(t.state.store[.layer(.dA, 2)])
        XCTAssertNotNil(t.state.store[.layer(.dW, 2)])
    }

    func testSoftmaxOnAHiddenLayerIsRefused() {
        let s = Session()
        XCTAssertEqual(sessionError(s, "act 2 softmax"), .softmaxHidden(layer: 2, depth: 3))
        XCTAssertTrue(sessionMessage(s, "act 1 softmax").contains("softmax is for the output layer only (layer 3)"))
        XCTAssertEqual(sessionError(s, "net 2 3:softmax 1"), .softmaxHidden(layer: 1, depth: 2))
        XCTAssertEqual(sessionError(s, "act 3 softmax"), .softmaxOneUnit(layer: 3), "one unit: softmax is always 1")
        XCTAssertEqual(sessionError(s, "net 2 4 1:softmax"), .softmaxOneUnit(layer: 2))
        runLines(s, ["net 2 4 3 2", "act 3 softmax"])
        XCTAssertEqual(s.state.loss, .ce)
    }

    // MARK: - linear layers

    func testALinearLayerNeedsNoZ() {
        // The course's test cases hand backward a dA and caches; a linear layer's g′ is 1.
        let s = session(["net 3 2:linear", "X = [[1, 2], [3, 4], [5, 6]]", "W1 = [[0.1, 0.2, 0.3], [-0.1, 0, 0.1]]",
                         "dA1 = [[1, -1], [0.5, 2]]"])
        XCTAssertNil(s.state.store[.layer(.Z, 1)])
        let out = texts(runLines(s, ["backward 1"]))
        XCTAssertTrue(out.contains("dZ1 = dA1 ⊙ g′(Z1) = dA1   (linear: g′ = 1)"), out)
        XCTAssertEqual(s.state.store[.layer(.dZ, 1)], Matrix([[1, -1], [0.5, 2]]))
        // relu does need Z.
        runLines(s, ["act 1 relu", "dA1 = [[1, -1], [0.5, 2]]"])
        XCTAssertEqual(sessionError(s, "backward 1"), .missing("Z1", fix: "run `forward 1`"))
    }

    // MARK: - Shapes and layers

    func testShapeErrors() {
        let s = Session()
        runLines(s, ["X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]"])
        XCTAssertEqual(sessionMessage(s, "forward"),
                       "Z1 = W1·X + b1: W1 is (4, 2) but X has 3 rows; W[1] is n[1]×n[0], so X needs n[0] = 2 rows")
        runLines(s, ["X = [[1, 2, 3], [4, 5, 6]]", "forward all"])
        XCTAssertEqual(sessionMessage(s, "cost"),
                       "cost: A3 is (1, 3) but Y is (1, 4); they need the same shape, n[3]×m")
        XCTAssertEqual(sessionMessage(s, "W2 = ones 4 3"),
                       "W2 must be (3, 4), that is n[2]×n[1] for this network (net 2 4 3 1), got (4, 3); "
                       + "to change the layer sizes, type `net …` first")
        XCTAssertTrue(sessionMessage(s, "b1 = ones 1 4").contains("b1 must be (4, 1)"))
        XCTAssertTrue(sessionMessage(s, "dA2 = ones 4 3").contains("dA2 must be (3, m)"))
        XCTAssertTrue(sessionMessage(s, "J = ones 1 2").contains("the cost is a single number"))
        runLines(s, ["Y = [[0, 1, 1]]", "cost", "dA3 = [[1, 2]]"])
        XCTAssertEqual(sessionMessage(s, "backward 3"), "dZ3 = dA3 ⊙ sigmoid′(Z3): dA3 is (1, 2) but Z3 is (1, 3)")
    }

    func testLayersOutOfRange() {
        let s = Session()
        let message = "layer 4 does not exist: this network (net 2 4 3 1) has layers 1…3; layer 0 is the input X"
        for text in ["forward 4", "backward 4", "act 4 relu", "show layer 4", "explain forward 4", "W4 = ones 1 1",
                     "expect b4 1"] {
            XCTAssertEqual(sessionMessage(s, text), message, text)
        }
    }

    func testANetChangeKeepsXYAndOwnMatricesAndDropsTheRest() {
        let s = Session()
        runLines(s, ["foo = ones 2 2", "forward all", "cost", "backward all", "net 2 5 1"])
        let names = Set(s.state.store.names.map(\.description))
        XCTAssertEqual(names, ["X", "Y", "foo", "W1", "b1", "W2", "b2"])
        XCTAssertEqual(s.state.store[.layer(.W, 1)], Matrix.zeros(5, 2))
    }

    // MARK: - step

    func testStepSubtractsTheGradients() {
        let s = Session()
        runLines(s, ["forward all", "backward all"])
        let w = s.state.store[.layer(.W, 2)]!, dW = s.state.store[.layer(.dW, 2)]!
        let b = s.state.store[.layer(.b, 3)]!, db = s.state.store[.layer(.db, 3)]!
        runLines(s, ["step 0.5"])
        XCTAssertEqual(s.state.store[.layer(.W, 2)], w - 0.5 * dW)
        XCTAssertEqual(s.state.store[.layer(.b, 3)], b - 0.5 * db)
        XCTAssertEqual(s.state.nextForwardLayer, 1)
        XCTAssertEqual(sessionMessage(s, "step 0.5"), "dW1 is stale (W1 changed since forward 1): run `forward all`, then `cost`, then `backward all`")
    }

    func testTrainClearsCachesAndRecordsCosts() {
        let s = Session()
        let out = runLines(s, ["forward all", "train 12 0.5 every 5"])
        let lines = out.compactMap { o -> Int? in if case let .cost(i, _) = o { return i }; return nil }
        XCTAssertEqual(lines, [0, 5, 10, 11])
        XCTAssertEqual(s.state.trainCosts.count, 12)
        XCTAssertNil(s.state.store[.layer(.Z, 1)])
        XCTAssertNil(s.state.store[.J])
        XCTAssertNotNil(s.state.store[.X])
    }
}
