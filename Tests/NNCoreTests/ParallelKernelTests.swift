import Foundation
import XCTest

@testable import NNCore

/// Element-wise work and sums over tensors large enough to be split across
/// the cores give what one loop gives.
final class ParallelKernelTests: XCTestCase {
  private let count = 5 * elementsPerChunk + 17

  func testSumsAcrossCoresMatchOneLoop() {
    Random.seed(5)
    let (a, b) = (Tensor.randomNormal(shape: [count]), Tensor.randomNormal(shape: [count]))
    let serialSSE = zip(a.scalars, b.scalars).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
    XCTAssertEqual(Double(sse(a, b).scalar), serialSSE, accuracy: serialSSE * 1e-6)
    let labels = Tensor.randomUniform(shape: [count], in: 0...1)
    let serialCE =
      zip(a.scalars, labels.scalars).reduce(0.0) { sum, pair in
        let (x, z) = (Double(pair.0), Double(pair.1))
        return sum + max(x, 0) - x * z + log(1 + exp(-abs(x)))
      } / Double(count)
    XCTAssertEqual(Double(sigmoidCrossEntropy(logits: a, labels: labels).scalar), serialCE, accuracy: 1e-5)
  }

  func testElementWiseResultsCoverEveryElement() {
    Random.seed(6)
    let (a, b) = (Tensor.randomNormal(shape: [count]), Tensor.randomNormal(shape: [count]))
    XCTAssertEqual((a - b).scalars, zip(a.scalars, b.scalars).map { $0 - $1 })
    XCTAssertEqual(relu(a).scalars, a.scalars.map { max($0, 0) })
    for (x, y) in zip(a.scalars, sigmoid(a).scalars) {
      XCTAssertEqual(Double(y), 1 / (1 + exp(-Double(x))), accuracy: 1e-6)
    }
    for (x, y) in zip(a.scalars, tanh(a).scalars) {
      XCTAssertEqual(Double(y), Foundation.tanh(Double(x)), accuracy: 1e-6)
    }
  }

  /// The sigmoid cross-entropy's gradient, computed blockwise on every core
  /// with the loss, is `(sigmoid(x) - z) / count` on every element.
  func testSigmoidCrossEntropyGradientCoversEveryElement() throws {
    Random.seed(8)
    let logits = Parameter(Tensor.randomNormal(shape: [count]) * 4)
    let labels = Tensor.randomUniform(shape: [count], in: 0...1)
    let model = Sequential { Activation(.identity) }
    let (_, gradients) = valueAndGrad(model) { _ in
      sigmoidCrossEntropy(logits: logits.tensor, labels: labels)
    }
    let gradient = try XCTUnwrap(gradients[logits]).scalars
    for (i, (x, z)) in zip(logits.value.scalars, labels.scalars).enumerated() {
      let expected = (1 / (1 + exp(-Double(x))) - Double(z)) / Double(count)
      XCTAssertEqual(Double(gradient[i]), expected, accuracy: 1e-11, "element \(i)")
    }
  }

  /// Each task waits for the other to start: run one after the other, the
  /// first would wait in vain (up to its 30 s limit) and the test fail.
  func testConcurrentlyRunsBothAtOnce() throws {
    guard ProcessInfo.processInfo.activeProcessorCount > 1 else {
      throw XCTSkip("on one core `concurrently` runs the two one after the other, by design")
    }
    let (firstStarted, secondStarted) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
    var met = [false, false]
    met.withUnsafeMutableBufferPointer { met in
      concurrently(
        {
          firstStarted.signal()
          met[0] = secondStarted.wait(timeout: .now() + 30) == .success
        },
        {
          secondStarted.signal()
          met[1] = firstStarted.wait(timeout: .now() + 30) == .success
        })
    }
    XCTAssertEqual(met, [true, true], "each task saw the other running")
  }
}
