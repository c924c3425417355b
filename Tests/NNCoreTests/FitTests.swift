import XCTest

@testable import NNCore

final class FitTests: XCTestCase {
  func testFitLearnsAnIdentityOnLowRankData() throws {
    Random.seed(1)
    // 512 samples of 16 features that live on a 4-dimensional subspace:
    // a 16 => 4 => 16 autoencoder can reconstruct them almost exactly.
    let basis = Tensor.randomNormal(shape: [4, 16])
    let x = Tensor.randomNormal(shape: [512, 4]).matmul(basis) * 0.3
    let model = Sequential {
      Dense(16 => 4); Dense(4 => 16)
    }
    let before = try model.evaluate(x, x)
    var steps: [TrainingStep] = []
    let history = try model.fit(
      x, x, optimizer: Adam(learningRate: 0.01), batchSize: 32, epochs: 30, verbose: false,
      onStep: { steps.append($0) })
    XCTAssertEqual(history.epochs, 30)
    XCTAssertEqual(steps.count, 30 * 16, "one call per step: 512 / 32 steps in each of 30 epochs")
    XCTAssertEqual(steps.first, TrainingStep(epoch: 1, epochs: 30, step: 1, steps: 16))
    XCTAssertEqual(steps.last?.description, "epoch 30/30, step 16/16")
    XCTAssertLessThan(history.loss.last!, before / 50, "loss went from \(before) to \(history.loss.last!)")
  }
}
