import XCTest

@testable import NNCore

final class TrainingPassTests: XCTestCase {
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
