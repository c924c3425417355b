import XCTest

@testable import NNCore

final class DropoutTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testDropoutOnlyWhileTraining() throws {
    Random.seed(3)
    let dropout = Dropout(keep: 0.7)
    let x = Tensor(repeating: 1, shape: [100, 100])
    XCTAssertEqual(try dropout(x), x, "inference passes values through")
    let trained = try GradientRecording.$isActive.withValue(true) { try dropout(x) }
    let kept = trained.scalars.filter { $0 != 0 }
    XCTAssertEqual(Float(kept.count) / 10_000, 0.7, accuracy: 0.02)
    XCTAssertTrue(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-5 }, "kept values are scaled by 1/keep")
  }
}
