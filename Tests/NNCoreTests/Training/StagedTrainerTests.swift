import XCTest
@testable import NNCore

/// `StagedTrainer` against the lecture's loop and against the stages' own definitions.
final class StagedTrainerTests: XCTestCase {
    private func setup() -> (Network, Matrix, Matrix) {
        var random = NumpyRandom(seed: 1)
        let x = random.randn(3, 7)
        let y = random.rand(1, 7).map { $0 > 0.5 ? 1 : 0 }
        var net = Network(sizes: [3, 4, 2, 1])
        net.initialize(.he, random: &random)
        return (net, x, y)
    }

    func testWithNothingAddedItIsTheLecturesLoopBitForBit() {
        let (net, x, y) = setup()
        var plain = Trainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.3, iterations: 20, algorithm: .plain)
        var staged = StagedTrainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.3, stages: TrainingStages(),
                                   state: OptimizerState(zerosFor: net), random: NumpyRandom(seed: 0))
        for _ in 0..<20 { XCTAssertEqual(plain.iterate().bitPattern, staged.epoch().bitPattern) }
        XCTAssertEqual(plain.network, staged.network)
    }

    func testMomentumWithBetaZeroIsGradientDescent() {
        let (net, x, y) = setup()
        var gd = StagedTrainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.3, stages: TrainingStages(),
                               state: OptimizerState(zerosFor: net), random: NumpyRandom(seed: 0))
        var momentum = StagedTrainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.3,
                                     stages: TrainingStages(optimizer: .momentum(beta: 0)),
                                     state: OptimizerState(zerosFor: net), random: NumpyRandom(seed: 0))
        for _ in 0..<5 { _ = gd.epoch(); _ = momentum.epoch() }
        XCTAssertEqual(gd.network, momentum.network)
    }

    func testAdamCountsOneStepPerBatch() {
        let (net, x, y) = setup()
        var adam = StagedTrainer(network: net, x: x, y: y, loss: .bce, learningRate: 0.01,
                                 stages: TrainingStages(optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
                                                        miniBatch: MiniBatch(size: 3)),
                                 state: OptimizerState(zerosFor: net), random: NumpyRandom(seed: 0))
        _ = adam.epoch()
        _ = adam.epoch()
        XCTAssertEqual(adam.state.t, 6)   // ⌈7 / 3⌉ = 3 batches per epoch
    }

    func testSeededDropoutDrawsTheSameMasksEveryPass() {
        let (net, x, y) = setup()
        let stages = TrainingStages(dropout: Dropout(keep: 0.5, seed: 1))
        var r1 = NumpyRandom(seed: 5), r2 = NumpyRandom(seed: 9)
        let a = net.stagedGradients(x: x, y: y, loss: .bce, stages: stages, random: &r1)
        let b = net.stagedGradients(x: x, y: y, loss: .bce, stages: stages, random: &r2)
        XCTAssertEqual(a.cost.bitPattern, b.cost.bitPattern)
        XCTAssertEqual(a.grads.map { $0[0] }, b.grads.map { $0[0] })
    }

    func testDropoutNeverTouchesTheOutputLayer() {
        let d = Dropout(keep: 0.8, layers: [1, 3])
        XCTAssertTrue(d.applies(to: 1, depth: 3))
        XCTAssertFalse(d.applies(to: 2, depth: 3))
        XCTAssertFalse(d.applies(to: 3, depth: 3))
        XCTAssertTrue(Dropout(keep: 0.8).applies(to: 2, depth: 3))
    }

    func testL2AddsItsTermsToTheCostAndToDW() {
        let (net, x, y) = setup()
        var r = NumpyRandom(seed: 0)
        let plain = net.stagedGradients(x: x, y: y, loss: .bce, stages: TrainingStages(), random: &r)
        let l2 = net.stagedGradients(x: x, y: y, loss: .bce, stages: TrainingStages(lambda: 0.7), random: &r)
        let norms = net.weights.map { w in w.storage.reduce(0) { $0 + $1 * $1 } }.reduce(0, +)
        XCTAssertEqual(l2.cost - plain.cost, 0.7 / (2 * 7) * norms, accuracy: 1e-14)
        for l in 0..<3 {
            let extra = l2.grads[l][0] - plain.grads[l][0]
            let expected = (0.7 / 7) * net.weights[l]
            for k in 0..<extra.count { XCTAssertEqual(extra.storage[k], expected.storage[k], accuracy: 1e-15) }
            XCTAssertEqual(l2.grads[l][1], plain.grads[l][1])
        }
    }
}
