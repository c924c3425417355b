import XCTest

@testable import NNCore

final class SequentialTests: XCTestCase {
  func testPathsReachLayersParametersAndActivations() throws {
    let model = Sequential {
      Sequential {
        Conv2D(1 => 2, kernel: [1, 5]).named("conv1"); Conv2D(2 => 1, kernel: [1, 25])
      }.named("encoder")
    }
    XCTAssertTrue(model.layer(at: "encoder.conv1") is Conv2D)
    XCTAssertEqual(model.parameter("encoder.1.weight")?.shape, [1, 25, 2, 1])
    XCTAssertEqual(
      model.parameters.map(\.path),
      [
        "encoder.conv1.weight", "encoder.conv1.bias", "encoder.1.weight", "encoder.1.bias",
      ])
    let x = Tensor.randomNormal(shape: [1, 1, 100, 1])
    XCTAssertEqual(try model.activation(at: "encoder.conv1", for: x).shape, [1, 1, 100, 2])
    XCTAssertEqual(try model.activation(at: "encoder", for: x), try model(x))
    XCTAssertThrowsError(try model.activation(at: "decoder", for: x)) {
      XCTAssertEqual(
        "\($0)", "no layer at path 'decoder'; the model has encoder.conv1, encoder.1")
    }
  }

  func testShapeErrorNamesLayerPathAndBothShapes() {
    let model = Sequential {
      Sequential { Dense(784 => 196, activation: .relu) }.named("encoder")
    }
    let expected =
      "Dense(784 => 196, activation: .relu) at encoder.0 expects input of shape [N, 784], "
      + "got [3, 28, 28, 1] (add Flatten() before it)"
    XCTAssertThrowsError(try model(Tensor(zeros: [3, 28, 28, 1]))) { XCTAssertEqual("\($0)", expected) }
    XCTAssertThrowsError(try model.outputShape(for: [3, 28, 28, 1])) { XCTAssertEqual("\($0)", expected) }
    XCTAssertThrowsError(try Conv2D(1 => 4, kernel: 3)(Tensor(zeros: [3, 784]))) { error in
      XCTAssertTrue(
        "\(error)".contains("expects input of shape [N, height, width, 1], got [3, 784]"), "\(error)")
    }
  }

  /// What every layer states as its output shape is what it computes, leaf
  /// by leaf, for odd sizes too.
  func testStatedShapesAreTheComputedOnes() throws {
    Random.seed(3)
    let model = Sequential {
      Conv2D(1 => 4, kernel: 3, stride: 2); Dropout(keep: 0.5); MaxPool2D(size: 2)
      Conv2D(4 => 2, kernel: [1, 3], padding: .valid).named("narrow"); Activation(.relu)
      Upsample(size: [5, 7]); MaxUnpool2D(zeroFill: 2)
      ConvTranspose2D(2 => 3, kernel: 3, stride: 2, outputSize: [19, 27])
      Flatten(); Dense(19 * 27 * 3 => 5); Reshape([5, 1])
    }
    let input = [2, 13, 15, 1]
    let traced = try model.activations(Tensor.randomNormal(shape: input))
    let stated = try model.outputShapes(for: input)
    XCTAssertEqual(stated.map(\.path), traced.map(\.path))
    XCTAssertEqual(stated.map(\.shape), traced.map(\.output.shape))
    XCTAssertEqual(try model.outputShape(for: input), [2, 5, 1])
  }

  func testNestedModel() throws {
    let model = Sequential {
      Sequential {
        Conv2D(1 => 2, kernel: 3, stride: 2, activation: .tanh); Flatten()
      }.named("encoder")
      Sequential {
        Dense(8 => 4, activation: .sigmoid); Reshape([2, 2, 1])
      }.named("decoder")
    }
    try assertGradientsMatchFiniteDifferences(model, input: .randomNormal(shape: [3, 4, 4, 1]))
  }
}
