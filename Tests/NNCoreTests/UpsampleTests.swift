import XCTest

@testable import NNCore

final class UpsampleTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testNearestUpsample4To7() throws {
    let y = try Upsample(size: [1, 7])(counting([1, 1, 4, 1]))
    assertClose(y.scalars, [1, 1, 2, 2, 3, 3, 4])
    XCTAssertEqual(try Upsample(size: [7, 7])(Tensor(zeros: [1, 4, 4, 8])).shape, [1, 7, 7, 8])
  }

  func testUpsample4To7AndByFactor() throws {
    try assertGradientsMatchFiniteDifferences(
      Upsample(size: [7, 7]), input: .randomNormal(shape: [2, 4, 4, 2]))
    try assertGradientsMatchFiniteDifferences(Upsample(factor: 2), input: .randomNormal(shape: [1, 3, 3, 1]))
  }

  /// Fixed resizes map every sample alike and keep samples apart: each
  /// output pixel holds its own sample's value, for a batch of three.
  func testResizesKeepEverySampleApart() throws {
    let x = counting([3, 2, 3, 2])  // values 1...36, sample b holds 12b+1...12b+12
    func input(_ b: Int, _ i: Int, _ j: Int, _ c: Int) -> Float { x.scalars[((b * 2 + i) * 3 + j) * 2 + c] }
    let up = try Upsample(size: [4, 5])(x)
    let unpooled = try MaxUnpool2D(zeroFill: 2)(x)
    XCTAssertEqual(up.shape, [3, 4, 5, 2])
    XCTAssertEqual(unpooled.shape, [3, 4, 6, 2])
    for b in 0..<3 {
      for c in 0..<2 {
        for i in 0..<4 {
          for j in 0..<5 {
            XCTAssertEqual(up.scalars[((b * 4 + i) * 5 + j) * 2 + c], input(b, i * 2 / 4, j * 3 / 5, c))
          }
          for j in 0..<6 {
            let corner = i % 2 == 0 && j % 2 == 0
            XCTAssertEqual(
              unpooled.scalars[((b * 4 + i) * 6 + j) * 2 + c], corner ? input(b, i / 2, j / 2, c) : 0)
          }
        }
      }
    }
  }
}
