import XCTest
@testable import NNCore

/// `Trainer` past costs that are not finite: an infinite one with finite gradients steps, nan stalls.
final class TrainerTests: XCTestCase {
    /// A sigmoid output exactly 1 (z = 40) where y = 0: J = inf, dZ[L] = AL − Y is finite.
    private func saturated() -> (Network, Matrix, Matrix) {
        var net = Network(sizes: [1, 1])
        net.weights[0] = Matrix(rows: 1, cols: 1, storage: [40])
        return (net, Matrix(rows: 1, cols: 2, storage: [1, 0.5]), Matrix(rows: 1, cols: 2, storage: [0, 1]))
    }

    func testAnInfiniteCostWithFiniteGradientsStepsAsTheStagedLoopDoes() {
        let (net, x, y) = saturated()
        var plain = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, iterations: 3, algorithm: .plain)
        var staged = StagedTrainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, stages: TrainingStages(),
                                   state: OptimizerState(zerosFor: net), random: NumpyRandom(seed: 0))
        for _ in 0..<3 {
            XCTAssertEqual(plain.iterate(), .infinity)
            XCTAssertEqual(staged.epoch(), .infinity)
            XCTAssertFalse(plain.stalled)
            XCTAssertFalse(staged.stalled)
        }
        XCTAssertEqual(plain.infiniteCostSteps, 3)
        XCTAssertEqual(staged.infiniteCostSteps, 3)
        XCTAssertEqual(plain.network, staged.network)
        XCTAssertLessThan(plain.network.W(1)[0, 0], 40)
    }

    func testTheGramPathStepsPastAnInfiniteCostToo() {
        let (net, x, y) = saturated()
        var plain = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, iterations: 3, algorithm: .plain)
        var gram = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, iterations: 3, algorithm: .gram)
        for _ in 0..<3 { _ = plain.iterate(); _ = gram.iterate() }
        XCTAssertFalse(gram.stalled)
        XCTAssertEqual(gram.network.W(1)[0, 0], plain.network.W(1)[0, 0], accuracy: 1e-12)
        XCTAssertEqual(gram.network.b(1)[0, 0], plain.network.b(1)[0, 0], accuracy: 1e-12)
    }

    func testANanCostStallsAndLeavesTheParameters() {
        var net = Network(sizes: [1, 1])
        net.weights[0] = Matrix(rows: 1, cols: 1, storage: [.nan])
        let x = Matrix(rows: 1, cols: 2, storage: [1, 0.5]), y = Matrix(rows: 1, cols: 2, storage: [0, 1])
        var trainer = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.1, iterations: 1, algorithm: .plain)
        XCTAssertTrue(trainer.iterate().isNaN)
        XCTAssertTrue(trainer.stalled)
        XCTAssertEqual(trainer.infiniteCostSteps, 0)
        XCTAssertTrue(trainer.network.W(1)[0, 0].isNaN)
        XCTAssertEqual(trainer.network.b(1)[0, 0], 0)
    }
}
