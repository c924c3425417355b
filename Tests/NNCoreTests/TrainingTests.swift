import XCTest

@testable import NNCore

final class TrainingTests: XCTestCase {
  func testAdamMatchesHandComputedSteps() {
    let layer = Dense(1 => 1, initializer: .constant(1))
    let adam = Adam(learningRate: 0.001)
    var gradients = Gradients()
    // Step 1, g = 0.5: m = 0.05, v = 0.00025, lr_t = 0.001 * sqrt(0.001) / 0.1,
    // so p moves by lr_t * 0.05 / sqrt(0.00025) = 0.001 exactly.
    gradients.byParameter[ObjectIdentifier(layer.weight)] = Tensor(shape: [1, 1], scalars: [0.5])
    adam.update(layer, along: gradients)
    XCTAssertEqual(layer.weight.value.scalar, 0.999, accuracy: 1e-6)
    // Step 2, g = -1: m = -0.055, v = 0.00124975, lr_t = 0.001 * sqrt(0.001999) / 0.19,
    // a move of -0.000366107.
    gradients.byParameter[ObjectIdentifier(layer.weight)] = Tensor(shape: [1, 1], scalars: [-1])
    adam.update(layer, along: gradients)
    XCTAssertEqual(layer.weight.value.scalar, 0.999366107, accuracy: 1e-6)
    XCTAssertEqual(layer.bias.value.scalar, 0, "no gradient, no change")
  }

  /// Adam on a weight matrix large enough to be split across the cores and
  /// updated eight at a time, with a ragged tail, against the same two
  /// steps computed one element at a time in double precision.
  func testAdamUpdatesEveryElementOfALargeParameter() {
    Random.seed(11)
    let layer = Dense(257 => 259)
    let start = layer.weight.value.scalars
    let (g1, g2) = (Tensor.randomNormal(shape: [257, 259]), Tensor.randomNormal(shape: [257, 259]))
    let adam = Adam(learningRate: 0.01)
    for g in [g1, g2] {
      var gradients = Gradients()
      gradients.byParameter[ObjectIdentifier(layer.weight)] = g
      adam.update(layer, along: gradients)
    }
    let (b1, b2, eps) = (0.9, 0.999, 1e-8)
    let (result, steps) = (layer.weight.value.scalars, [g1.scalars, g2.scalars])
    for i in start.indices {
      var (p, m, v) = (Double(start[i]), 0.0, 0.0)
      for (t, g) in steps.map({ Double($0[i]) }).enumerated() {
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        let rate = 0.01 * (1 - pow(b2, Double(t + 1))).squareRoot() / (1 - pow(b1, Double(t + 1)))
        p -= rate * m / (v.squareRoot() + eps)
      }
      XCTAssertEqual(Double(result[i]), p, accuracy: 1e-6, "element \(i)")
    }
  }

  func testSameSeedSameModelDifferentSeedDifferentModel() {
    Random.seed(42)
    let a = Dense(10 => 10).weight.value
    Random.seed(42)
    let b = Dense(10 => 10).weight.value
    Random.seed(43)
    let c = Dense(10 => 10).weight.value
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, c)
  }

  func testRandomDistributions() {
    Random.seed(5)
    let normal = Tensor.randomNormal(shape: [20_000], std: 0.1)
    XCTAssertEqual(normal.mean().scalar, 0, accuracy: 0.005)
    XCTAssertEqual((normal.squared().mean().scalar).squareRoot(), 0.1, accuracy: 0.005)
    XCTAssertLessThanOrEqual(Tensor.randomTruncatedNormal(shape: [20_000], std: 0.1).max(), 0.2)
    let uniform = Tensor.randomUniform(shape: [20_000], in: -1...1)
    XCTAssertGreaterThanOrEqual(uniform.min(), -1)
    XCTAssertLessThanOrEqual(uniform.max(), 1)
  }

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

  func testCustomLoopReadsInTwoLines() throws {
    Random.seed(2)
    let model = Sequential { Dense(3 => 1) }
    let x = Tensor.randomNormal(shape: [64, 3])
    let y = x.matmul(Tensor(shape: [3, 1], scalars: [1, -2, 0.5]))
    let optimizer = SGD(learningRate: 0.1)
    var loss: Float = .infinity
    for _ in 0..<200 {
      let (value, gradients) = try valueAndGrad(model) { mse(try $0(x), y) }
      optimizer.update(model, along: gradients)
      loss = value
    }
    XCTAssertLessThan(loss, 1e-6)
    assertClose(model.parameter("0.weight")!.value.scalars, [1, -2, 0.5], accuracy: 1e-3)
  }

  /// `trainingPass` is the two-line loop: the same losses and parameters as
  /// writing it out, from the same seed.
  func testTrainingPassIsTheHandWrittenLoop() throws {
    func run(_ train: (Sequential, [Tensor], Adam) throws -> [Float]) throws -> ([Float], [Float]) {
      Random.seed(6)
      let model = Sequential {
        Dense(3 => 2, activation: .tanh); Dense(2 => 3)
      }
      let batches = (0..<5).map { _ in Tensor.randomNormal(shape: [8, 3]) }
      let losses = try train(model, batches, Adam(learningRate: 0.05))
      return (losses, model.parameters.flatMap(\.parameter.value.scalars))
    }
    let byHand = try run { model, batches, optimizer in
      var losses: [Float] = []
      for x in batches {
        let (loss, gradients) = try valueAndGrad(model) { mse(try $0(x), x) }
        optimizer.update(model, along: gradients)
        losses.append(loss)
      }
      return losses
    }
    let pass = try run { model, batches, optimizer in
      try model.trainingPass(over: batches, optimizer: optimizer) { model, x in mse(try model(x), x) }
    }
    XCTAssertEqual(pass.0, byHand.0)
    XCTAssertEqual(pass.1, byHand.1)
    XCTAssertLessThan(pass.0.last!, pass.0.first!)
  }
}
