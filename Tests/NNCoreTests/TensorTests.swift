import XCTest

@testable import NNCore

final class TensorTests: XCTestCase {
  override func setUp() { Random.seed(11) }

  func testTensorBasics() {
    let x = counting([2, 3])
    XCTAssertEqual(x.sum().scalar, 21)
    assertClose(x.sum(alongAxis: 0).scalars, [5, 7, 9])
    assertClose(x.max(alongAxis: 1).scalars, [3, 6])
    XCTAssertEqual(x[1..<2].scalars, [4, 5, 6])
    XCTAssertEqual(x.reshaped([3, -1]).shape, [3, 2])
    XCTAssertEqual(x.matmul(counting([3, 1])).scalars, [14, 32])
    XCTAssertEqual(Tensor(pixels: [0, 255], shape: [2]).scalars, [0, 1])
    XCTAssertEqual(Tensor([0, 0.5, 2]).pixels(), [0, 128, 255])
    XCTAssertEqual("\(Tensor([1, 2]))", "Tensor([2]: [1, 2])")
  }

  /// A batch shares its dataset's storage but stays a value: every
  /// operation sees only its rows, and writing it leaves the dataset alone.
  func testBatchesAreValuesOverTheirRows() {
    let data = counting([4, 3])
    var batch = data[1..<3]
    XCTAssertEqual(batch.scalars, [4, 5, 6, 7, 8, 9])
    XCTAssertEqual(batch[1..<2].scalars, [7, 8, 9])
    XCTAssertEqual(batch.sum().scalar, 39)
    XCTAssertEqual(batch.matmul(counting([3, 1])).scalars, [32, 50])
    XCTAssertEqual((batch * 2).scalars, [8, 10, 12, 14, 16, 18])
    XCTAssertEqual(batch, Tensor(shape: [2, 3], scalars: [4, 5, 6, 7, 8, 9]))
    batch.withUnsafeMutableBufferPointer { $0[0] = -1 }
    XCTAssertEqual(batch.scalars.first, -1)
    XCTAssertEqual(data.scalars, counting([4, 3]).scalars)
  }

  func testElementwiseAndReductionGradients() throws {
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

  func testAChannelIsOneFeatureMapPerImage() {
    let x = counting([2, 2, 1, 3])  // pixel p of image b holds 6b + 3p + 1, 6b + 3p + 2, 6b + 3p + 3
    XCTAssertEqual(x.channelCount, 3)
    XCTAssertEqual(x[channel: 1].shape, [2, 2, 1, 1])
    XCTAssertEqual(x[channel: 1].scalars, [2, 5, 8, 11])
    XCTAssertEqual(x[sample: 1][channel: 2].scalars, [9, 12])
  }

  func testChannelGradientMatchesFiniteDifferences() throws {
    Random.seed(4)
    try assertGradientsMatchFiniteDifferences(
      Function { $0[channel: 1].squared() }, input: .randomNormal(shape: [2, 3, 3, 4]))
  }
}
