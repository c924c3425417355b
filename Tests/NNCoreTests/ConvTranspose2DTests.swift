import XCTest

@testable import NNCore

final class ConvTranspose2DTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testTransposedConvSpreadsEachPixelOverItsBlock() throws {
    try throughEveryConvolutionLibrary {
      let up = ConvTranspose2D(1 => 1, kernel: 2, stride: 2, initializer: .constant(1))
      let y = try up(counting([1, 2, 2, 1]))
      XCTAssertEqual(y.shape, [1, 4, 4, 1])
      assertClose(y.scalars, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }
  }

  func testTransposedConvOutputSizes() throws {
    try throughEveryConvolutionLibrary {
      let cases: [(input: Int, output: Size2D?, expected: Int)] = [
        (4, [7, 7], 7), (7, nil, 14), (14, nil, 28), (7, [14, 14], 14), (4, nil, 8),
      ]
      for (input, output, expected) in cases {
        let layer = ConvTranspose2D(2 => 1, kernel: 5, stride: 2, outputSize: output)
        XCTAssertEqual(try layer(Tensor(zeros: [1, input, input, 2])).shape, [1, expected, expected, 1])
      }
      let impossible = ConvTranspose2D(2 => 1, kernel: 5, stride: 2, outputSize: [9, 9])
      XCTAssertThrowsError(try impossible(Tensor(zeros: [1, 4, 4, 2]))) {
        XCTAssertTrue("\($0)".contains("got [1, 4, 4, 2]"), "\($0)")
      }
    }
  }

  func testConvTranspose2DOnOddSizes() throws {
    try throughEveryConvolutionLibrary {
      // 4 -> 7 needs an explicit output size; 7 -> 14 is the stride's default.
      try assertGradientsMatchFiniteDifferences(
        ConvTranspose2D(3 => 2, kernel: 5, stride: 2, outputSize: [7, 7], activation: .sigmoid),
        input: .randomNormal(shape: [2, 4, 4, 3]))
      try assertGradientsMatchFiniteDifferences(
        ConvTranspose2D(2 => 1, kernel: 5, stride: 2), input: .randomNormal(shape: [1, 7, 7, 2]))
      try assertGradientsMatchFiniteDifferences(
        ConvTranspose2D(1 => 2, kernel: [1, 25], activation: .tanh),
        input: .randomNormal(shape: [1, 1, 30, 1]))
    }
  }
}
