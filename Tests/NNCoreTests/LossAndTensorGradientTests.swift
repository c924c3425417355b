import XCTest

@testable import NNCore

/// Wraps a tensor function as a layer, so the gradient check can drive it.
final class Function: Layer {
  let body: (Tensor) -> Tensor
  init(_ body: @escaping (Tensor) -> Tensor) { self.body = body }
  func callAsFunction(_ x: Tensor) throws -> Tensor { body(x) }
  func outputShape(for inputShape: [Int]) throws -> [Int] { body(Tensor(zeros: inputShape)).shape }
}

final class LossAndTensorGradientTests: XCTestCase {
  override func setUp() { Random.seed(11) }

  func testLosses() throws {
    let target = Tensor.randomUniform(shape: [3, 4], in: 0...1)
    for loss in [mse, sse] {
      try assertGradientsMatchFiniteDifferences(
        Function { loss($0, target) }, input: .randomNormal(shape: [3, 4]))
    }
    try assertGradientsMatchFiniteDifferences(
      Function { sigmoidCrossEntropy(logits: $0, labels: target) }, input: .randomNormal(shape: [3, 4]) * 3)
  }

  func testElementwiseAndReductions() throws {
    let other = Tensor.randomUniform(shape: [2, 3], in: 1...2)
    let cases: [(Tensor) -> Tensor] = [
      { $0 * other }, { $0 / other }, { other / ($0.squared() + 1) }, { $0 - other * 2 + 1 },
      { $0.sum(alongAxis: 1) }, { $0.mean(alongAxis: 0) }, { $0.mean() }, { -$0 },
      { $0.reshaped([3, 2]).matmul(other) }, { $0.clipped(to: -0.5...0.5) },
    ]
    for body in cases {
      try assertGradientsMatchFiniteDifferences(Function(body), input: .randomNormal(shape: [2, 3]))
    }
  }

  func testSigmoidCrossEntropyIsStableForLargeLogits() {
    let loss = sigmoidCrossEntropy(
      logits: Tensor([1000, -1000, 1000]), labels: Tensor([1, 0, 0]))
    // Two perfect predictions cost 0, a confident wrong one costs |x| = 1000.
    XCTAssertEqual(loss.scalar, 1000 / 3, accuracy: 1e-3)
  }

  func testHandCheckedLossValues() {
    let p = Tensor([1, 2, 3, 4])
    let y = Tensor([1, 1, 1, 1])
    XCTAssertEqual(mse(p, y).scalar, (0 + 1 + 4 + 9) / 4)
    XCTAssertEqual(sse(p, y).scalar, 14)
    // x = 0 gives log 2 whatever the label.
    XCTAssertEqual(
      sigmoidCrossEntropy(logits: Tensor([0, 0]), labels: Tensor([0, 1])).scalar, log(2), accuracy: 1e-6)
  }
}
