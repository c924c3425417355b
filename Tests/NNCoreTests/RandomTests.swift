import XCTest

@testable import NNCore

final class RandomTests: XCTestCase {
  func testSameSeedSameModelDifferentSeedDifferentModel() {
    Random.seed(42)
    let a = Dense(10 => 10).weight.value
    Random.seed(42)
    let b = Dense(10 => 10).weight.value
    Random.seed(43)
    let c = Dense(10 => 10).weight.value
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, c)
  }

  func testRandomDistributions() {
    Random.seed(5)
    let normal = Tensor.randomNormal(shape: [20_000], std: 0.1)
    XCTAssertEqual(normal.mean().scalar, 0, accuracy: 0.005)
    XCTAssertEqual((normal.squared().mean().scalar).squareRoot(), 0.1, accuracy: 0.005)
    XCTAssertLessThanOrEqual(Tensor.randomTruncatedNormal(shape: [20_000], std: 0.1).max(), 0.2)
    let uniform = Tensor.randomUniform(shape: [20_000], in: -1...1)
    XCTAssertGreaterThanOrEqual(uniform.min(), -1)
    XCTAssertLessThanOrEqual(uniform.max(), 1)
  }
}
