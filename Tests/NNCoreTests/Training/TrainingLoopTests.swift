import TestSupport
import XCTest
@testable import NNCore

/// `TrainingLoop`: the engine it chooses, and its one rule for costs that are not finite.
final class TrainingLoopTests: XCTestCase {
    private func data() -> (Network, Matrix, Matrix) {
        var random = NumpyRandom(seed: 3)
        let x = random.randn(3, 9)
        let y = random.rand(1, 9).map { $0 > 0.5 ? 1 : 0 }
        var net = Network(sizes: [3, 4, 1])
        net.initialize(.he, random: &random)
        return (net, x, y)
    }

    func testEveryStageOffOnDenseLayersIsTheLecturesLoopBitForBit() {
        let (net, x, y) = data()
        var loop = TrainingLoop(network: net, x: x, y: y, loss: .bce, learningRate: 0.2, iterations: 30,
                                stages: TrainingStages(), random: NumpyRandom(seed: 0), stepsPastInfiniteCost: true)
        var trainer = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.2, iterations: 30)
        XCTAssertTrue(loop.isLecturesLoop)
        for _ in 0..<30 { XCTAssertEqual(loop.next().cost.bitPattern, trainer.iterate().bitPattern) }
        XCTAssertEqual(loop.network, trainer.network)
        XCTAssertNil(loop.state, "the lecture's loop keeps no optimiser state")
    }

    func testAStageOrABatchNormLayerRunsTheStagedPass() {
        let (net, x, y) = data()
        let l2 = TrainingLoop(network: net, x: x, y: y, loss: .bce, learningRate: 0.2, iterations: 1,
                              stages: TrainingStages(lambda: 0.1), random: NumpyRandom(seed: 0),
                              stepsPastInfiniteCost: true)
        XCTAssertFalse(l2.isLecturesLoop)
        var normalised = Network(sizes: [3, 4, 1], kinds: [.batchNorm(epsilon: 1e-5), .dense])
        normalised.weights = net.weights
        var loop = TrainingLoop(network: normalised, x: x, y: y, loss: .bce, learningRate: 0.2, iterations: 5,
                                stages: TrainingStages(), random: NumpyRandom(seed: 0), stepsPastInfiniteCost: true)
        XCTAssertFalse(loop.isLecturesLoop)
        var staged = StagedTrainer(network: normalised, x: x, y: y, loss: .bce, learningRate: 0.2,
                                   stages: TrainingStages(), state: OptimizerState(zerosFor: normalised),
                                   random: NumpyRandom(seed: 0))
        for _ in 0..<5 { XCTAssertEqual(loop.next().cost.bitPattern, staged.epoch().bitPattern) }
        XCTAssertEqual(loop.network, staged.network)
    }

    func testTheFirstStepPastAnInfiniteCostIsFlaggedOnceInEitherEngine() {
        // A sigmoid output exactly 1 (z = 40) where y = 0: J = inf, dZ[L] = AL − Y is finite.
        var net = Network(sizes: [1, 1])
        net.weights = [Matrix(rows: 1, cols: 1, storage: [40])]
        let x = Matrix(rows: 1, cols: 2, storage: [1, 0.5]), y = Matrix(rows: 1, cols: 2, storage: [0, 1])
        for stages in [TrainingStages(), TrainingStages(optimizer: .momentum(beta: 0.9))] {
            var loop = TrainingLoop(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, iterations: 3,
                                    stages: stages, random: NumpyRandom(seed: 0), stepsPastInfiniteCost: true)
            let steps = (0..<3).map { _ in loop.next() }
            XCTAssertEqual(steps.map(\.firstInfiniteStep), [true, false, false])
            XCTAssertEqual(steps.map(\.stalled), [false, false, false])
            XCTAssertLessThan(loop.network.W(1)[0, 0], 40)
        }
    }

    func testANanCostStallsWithoutAnUpdateInEitherEngine() {
        var net = Network(sizes: [1, 1])
        net.weights = [Matrix(rows: 1, cols: 1, storage: [.nan])]
        let x = Matrix(rows: 1, cols: 2, storage: [1, 0.5]), y = Matrix(rows: 1, cols: 2, storage: [0, 1])
        for stages in [TrainingStages(), TrainingStages(lambda: 0.5)] {
            var loop = TrainingLoop(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, iterations: 2,
                                    stages: stages, random: NumpyRandom(seed: 0), stepsPastInfiniteCost: true)
            let step = loop.next()
            XCTAssertTrue(step.cost.isNaN)
            XCTAssertTrue(step.stalled)
            XCTAssertFalse(step.firstInfiniteStep)
            XCTAssertEqual(loop.network.b(1)[0, 0], 0)
        }
    }
}
