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
  }
}
