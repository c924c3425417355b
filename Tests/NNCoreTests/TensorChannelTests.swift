import XCTest

@testable import NNCore

/// `x[channel: c]` and `x[sample: i]` read NHWC batches without index arithmetic.
final class TensorChannelTests: XCTestCase {
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
