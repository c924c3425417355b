import Foundation
import XCTest

@testable import NNCore

final class LossTests: XCTestCase {
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
