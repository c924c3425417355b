import XCTest

@testable import NNCore

final class Conv2DTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testSamePaddingPutsTheExtraRowAndColumnAtTheBottomRight() throws {
    try throughEveryConvolutionLibrary {
      // 4x4 input, 3x3 ones, stride 2: output 2x2, padding 0 before and 1 after.
      let conv = Conv2D(1 => 1, kernel: 3, stride: 2, initializer: .constant(1))
      let y = try conv(counting([1, 4, 4, 1]))
      XCTAssertEqual(y.shape, [1, 2, 2, 1])
      assertClose(y.scalars, [54, 45, 72, 54])
    }
  }

  func testValidPaddingShrinks() throws {
    try throughEveryConvolutionLibrary {
      let conv = Conv2D(1 => 1, kernel: 3, padding: .valid, initializer: .constant(1))
      let y = try conv(counting([1, 4, 4, 1]))
      XCTAssertEqual(y.shape, [1, 2, 2, 1])
      assertClose(y.scalars, [54, 63, 90, 99])
    }
  }

  func testPost000EncoderShapes28To14To7To4() throws {
    try throughEveryConvolutionLibrary {
      var x = Tensor(zeros: [2, 28, 28, 1])
      for (channels, size) in [(1 => 16, 14), (16 => 32, 7), (32 => 64, 4)] {
        x = try Conv2D(channels, kernel: 5, stride: 2)(x)
        XCTAssertEqual(x.shape, [2, size, size, channels.output])
      }
    }
  }

  func testConv2DStride2SameOnOddSize() throws {
    try throughEveryConvolutionLibrary {
      try assertGradientsMatchFiniteDifferences(
        Conv2D(2 => 3, kernel: 5, stride: 2, activation: .sigmoid), input: .randomNormal(shape: [2, 7, 7, 2]))
    }
  }

  func testConv2DNonSquareKernelAndValidPadding() throws {
    try throughEveryConvolutionLibrary {
      try assertGradientsMatchFiniteDifferences(
        Conv2D(1 => 2, kernel: [1, 5], activation: .tanh), input: .randomNormal(shape: [2, 1, 12, 1]))
      try assertGradientsMatchFiniteDifferences(
        Conv2D(2 => 2, kernel: 3, stride: 2, padding: .valid), input: .randomNormal(shape: [1, 7, 6, 2]))
    }
  }
}
