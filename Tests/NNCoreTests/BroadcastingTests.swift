import XCTest

@testable import NNCore

/// Element-wise operations broadcast as NumPy does; the gradient of a
/// broadcast operand is summed over the axes it was repeated along.
final class BroadcastingTests: XCTestCase {
  override func setUp() { Random.seed(5) }

  func testShapesAlignFromTheRight() {
    XCTAssertEqual(Tensor.broadcastShape([10, 28, 28, 1], [1, 28, 28, 1]), [10, 28, 28, 1])
    XCTAssertEqual(Tensor.broadcastShape([3, 1], [4]), [3, 4])
    XCTAssertEqual(Tensor.broadcastShape([], [2, 3]), [2, 3])
  }

  func testHandCheckedValues() {
    let rows = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual((rows + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
    XCTAssertEqual((Tensor([10, 20, 30]) - rows).scalars, [9, 18, 27, 6, 15, 24])
    let column = Tensor(shape: [2, 1], scalars: [2, 3])
    XCTAssertEqual((rows * column).scalars, [2, 4, 6, 12, 15, 18])
    XCTAssertEqual((rows / column).scalars, [0.5, 1, 1.5, 4 / 3, 5 / 3, 2])
    // An outer product: [2, 1] against [1, 3].
    let outer = column * Tensor(shape: [1, 3], scalars: [1, 10, 100])
    XCTAssertEqual(outer.shape, [2, 3])
    XCTAssertEqual(outer.scalars, [2, 20, 200, 3, 30, 300])
  }

  /// One noise pattern added to every image of a batch, as NumPy does in post 002.
  func testAPatternIsAddedToEveryImage() {
    let images = Tensor.randomUniform(shape: [4, 3, 3, 1], in: 0...1)
    let pattern = Tensor.randomNormal(shape: [1, 3, 3, 1])
    let tiled = Tensor.concatenating(Array(repeating: pattern, count: 4))
    XCTAssertEqual(images + pattern, images + tiled)
  }

  /// d/dx sum(x + b) with x of shape [3] broadcast over 2 rows is 2 per element.
  func testGradientIsSummedOverTheBroadcastAxes() {
    let x = Parameter(Tensor([1, 2, 3]))
    let model = Sequential { Activation(.identity) }
    let rows = Tensor.randomNormal(shape: [2, 3])
    let (_, sumGradients) = valueAndGrad(model) { _ in (x.tensor + rows).sum() }
    XCTAssertEqual(sumGradients[x]?.scalars, [2, 2, 2])
    let (_, productGradients) = valueAndGrad(model) { _ in (rows * x.tensor).sum() }
    let columnSums = (0..<3).map { rows.scalars[$0] + rows.scalars[3 + $0] }
    assertClose(productGradients[x]!.scalars, columnSums)
  }

  func testGradientsMatchFiniteDifferences() throws {
    let row = Tensor.randomUniform(shape: [1, 3], in: 1...2)
    let column = Tensor.randomUniform(shape: [2, 1], in: 1...2)
    let wide = Tensor.randomUniform(shape: [4, 2, 3], in: 1...2)
    let cases: [(Tensor) -> Tensor] = [
      { $0 + row }, { $0 - column }, { $0 * row }, { $0 / column }, { row / ($0.squared() + 1) },
      { wide * $0 }, { wide - $0 }, { column * $0 * row },
    ]
    for body in cases {
      try assertGradientsMatchFiniteDifferences(Function(body), input: .randomNormal(shape: [2, 3]))
    }
    // The broadcast operand is the input: its gradient is a sum over the repeats.
    try assertGradientsMatchFiniteDifferences(Function { wide * $0 }, input: .randomNormal(shape: [3]))
    try assertGradientsMatchFiniteDifferences(
      Function { wide / ($0 + 3) }, input: .randomNormal(shape: [2, 1]))
  }
}
