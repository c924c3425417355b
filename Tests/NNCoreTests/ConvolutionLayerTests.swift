import XCTest

@testable import NNCore

final class ConvolutionLayerTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  /// Post 003's decoders have no bias: no bias parameter to train or
  /// save, nothing added to the output, and the weight's gradient still right.
  func testConvolutionsWithoutBias() throws {
    try throughEveryConvolutionLibrary {
      let conv = Conv2D(2 => 3, kernel: 3, activation: .sigmoid, biasInitializer: .constant(0.5), bias: false)
      let deconv = ConvTranspose2D(3 => 2, kernel: 5, stride: 2, biasInitializer: .constant(0.5), bias: false)
      XCTAssertEqual(conv.parameters.map(\.path), ["weight"])
      XCTAssertEqual(deconv.parameters.map(\.path), ["weight"])
      XCTAssertEqual(deconv.constructor, "ConvTranspose2D(3 => 2, kernel: 5, stride: 2, bias: false)")
      // With a zero input a bias-free layer outputs exactly its activation of zero.
      XCTAssertEqual(try conv(Tensor(zeros: [1, 4, 4, 2])).scalars, Array(repeating: 0.5, count: 48))
      XCTAssertEqual(try deconv(Tensor(zeros: [1, 2, 2, 3])).scalars, Array(repeating: 0, count: 32))
      try assertGradientsMatchFiniteDifferences(conv, input: .randomNormal(shape: [2, 5, 5, 2]))
      try assertGradientsMatchFiniteDifferences(deconv, input: .randomNormal(shape: [1, 3, 3, 3]))
    }
  }
}
