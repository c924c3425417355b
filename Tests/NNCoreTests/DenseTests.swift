import XCTest

@testable import NNCore

final class DenseTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testDense() throws {
    for activation in [ActivationFunction.identity, .relu, .sigmoid, .tanh] {
      try assertGradientsMatchFiniteDifferences(
        Dense(5 => 3, activation: activation), input: .randomNormal(shape: [4, 5]))
    }
  }
}
