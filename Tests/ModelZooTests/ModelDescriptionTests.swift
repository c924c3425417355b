import ModelZoo
import NNCore
import XCTest

/// The description peers build from (`nbbench --export-models`) says what
/// the model is: its leaves chain shape to shape from the sample to the
/// reconstruction, and their parameters add up to the model's.
final class ModelDescriptionTests: XCTestCase {
  func testLeavesChainFromTheSampleBackToIt() throws {
    for model in ModelZoo.all {
      let description = try model.described()
      XCTAssertEqual(description.layers.first?.inputShape, model.sampleShape, model.name)
      XCTAssertEqual(description.layers.last?.outputShape, model.sampleShape, model.name)
      for (before, after) in zip(description.layers, description.layers.dropFirst()) {
        XCTAssertEqual(before.outputShape, after.inputShape, "\(model.name): \(before.path) to \(after.path)")
      }
    }
  }

  func testParametersOfTheLeavesAddUpToTheModels() throws {
    for model in ModelZoo.all {
      let description = try model.described()
      let counted = description.layers.reduce(0) { total, layer in
        guard let input = layer.inChannels, let output = layer.outChannels else { return total }
        let taps = layer.size.map { $0[0] * $0[1] } ?? 1
        return total + taps * input * output + (layer.biasInitializer == nil ? 0 : output)
      }
      XCTAssertEqual(counted, description.parameterCount, model.name)
    }
  }

  func testDenseSpecOfPost002() throws {
    let layers = try XCTUnwrap(ModelZoo.model(named: "post002-dense")).described().layers
    XCTAssertEqual(layers.map(\.kind), ["Flatten", "Dense", "Dense", "Dense", "Dense", "Reshape"])
    XCTAssertEqual(layers[1].constructor, "Dense(784 => 196, activation: .relu)")
    XCTAssertEqual(layers[1].initializer?.kind, "glorot_uniform")
    XCTAssertEqual(layers[4].activation, "sigmoid")
    XCTAssertEqual(layers[4].outputShape, [784])
  }

  func testDeconvolutionDecodersHaveNoBias() throws {
    let layers = try XCTUnwrap(ModelZoo.model(named: "post003-deconv")).described().layers
    XCTAssertEqual(layers.map(\.path), ["encoder.0", "encoder.1", "decoder.conv1", "decoder.conv2"])
    XCTAssertEqual(layers.map { $0.biasInitializer?.kind }, ["constant", "constant", nil, nil])
    XCTAssertEqual(layers[2].inputShape, [7, 7, 32])
    XCTAssertEqual(layers[2].outputShape, [14, 14, 16])
  }
}
