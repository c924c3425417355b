import XCTest

@testable import NNCore

final class ActivationTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testActivationLayers() throws {
    for function in [ActivationFunction.relu, .sigmoid, .tanh] {
      try assertGradientsMatchFiniteDifferences(Activation(function), input: .randomNormal(shape: [3, 4]))
    }
  }
}
