import Foundation
import XCTest

@testable import NNCore

/// A notebook's own layer: `Codable` is all it adds to be saveable. Its
/// layers are `var`s so the synthesized decoder sets them (a `let` with a
/// default would keep a freshly drawn layer).
final class TwoStageAutoencoder: Layer, Codable {
  var encoder = Dense(4 => 2, activation: .relu)
  var decoder = Dense(2 => 4, activation: .sigmoid)
  func callAsFunction(_ x: Tensor) throws -> Tensor { try decoder(try encoder(x)) }
  func outputShape(for input: [Int]) throws -> [Int] {
    try decoder.outputShape(for: encoder.outputShape(for: input))
  }
  var constructor: String { "TwoStageAutoencoder()" }
}

/// A layer that did not declare `Codable`.
final class OpaqueLayer: Layer {
  func callAsFunction(_ x: Tensor) throws -> Tensor { x }
  func outputShape(for input: [Int]) throws -> [Int] { input }
  var constructor: String { "OpaqueLayer()" }
}

/// A notebook's struct holding a model of an existential type.
struct TrainedRun: Codable {
  let seed: Int
  @Polymorphic var model: any Layer
  let losses: [Float]
}

final class LayerCodingTests: XCTestCase {
  private func images(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape: shape, in: 0...1) }

  /// Every built-in layer comes back with its settings, parameters and outputs.
  func testEveryLayerRoundTrips() throws {
    Random.seed(5)
    let layers: [(any Layer, [Int])] = [
      (
        Dense(6 => 3, activation: .tanh, initializer: .uniform(-1...1), biasInitializer: .constant(0.1)),
        [2, 6]
      ),
      (
        Conv2D(2 => 3, kernel: [3, 2], stride: 2, padding: .valid, activation: .relu, bias: false),
        [2, 7, 7, 2]
      ),
      (
        ConvTranspose2D(
          3 => 2, kernel: 5, stride: 2, outputSize: [7, 7], initializer: .truncatedNormal(std: 0.1)),
        [1, 4, 4, 3]
      ),
      (MaxPool2D(size: 2, stride: 1, padding: .valid), [1, 5, 5, 2]),
      (MaxUnpool2D(zeroFill: [2, 3]), [1, 2, 2, 1]),
      (Upsample(size: [7, 7]), [1, 4, 4, 1]),
      (Upsample(factor: 2), [1, 3, 3, 1]),
      (Reshape([2, 3, 1]), [2, 6]),
      (Flatten(), [2, 2, 3, 1]),
      (Dropout(keep: 0.75), [2, 3]),
      (Activation(.sigmoid), [2, 3]),
    ]
    for (layer, shape) in layers {
      let restored = try stateRoundTrip(Polymorphic(wrappedValue: layer)).wrappedValue
      XCTAssertTrue(type(of: restored) == type(of: layer), "\(type(of: restored))")
      XCTAssertEqual(restored.constructor, layer.constructor)
      XCTAssertEqual(restored.parameters.map(\.path), layer.parameters.map(\.path), layer.constructor)
      XCTAssertEqual(restored.parameters.map(\.parameter.value), layer.parameters.map(\.parameter.value))
      let x = images(shape)
      XCTAssertEqual(try restored(x), try layer(x), layer.constructor)
    }
  }

  /// A pool's indices, saved, still put each value back where its maximum was.
  func testPoolingIndicesRoundTrip() throws {
    let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 4, 3, 2])
    let (pooled, indices) = try MaxPool2D(size: 2).pooledWithIndices(x)
    let restored = try stateRoundTrip(indices)
    XCTAssertEqual(restored.indices, [1])
    XCTAssertEqual(restored.inputShape, [1, 2, 2, 1])
    XCTAssertEqual(try maxUnpool(pooled, restored).scalars, [0, 4, 0, 0])
  }

  func testConvolutionBiasesAreKeptOrLeftOut() throws {
    let withBias = try stateRoundTrip(Conv2D(1 => 2, kernel: 3, biasInitializer: .constant(0.5)))
    XCTAssertEqual(withBias.bias?.value.scalars, [0.5, 0.5])
    XCTAssertNil(try stateRoundTrip(ConvTranspose2D(1 => 2, kernel: 3, bias: false)).bias)
  }

  /// A chain's children come back with their own types and names, nested chains too.
  func testSequentialRestoresItsChildrenPolymorphically() throws {
    Random.seed(2)
    let model = Sequential {
      Sequential {
        Conv2D(1 => 4, kernel: 3, stride: 2, activation: .relu); MaxPool2D(size: 2)
      }.named("encoder")
      Sequential {
        Upsample(factor: 2).named("grow"); ConvTranspose2D(4 => 1, kernel: 3, stride: 2)
      }.named("decoder")
    }
    let restored = try stateRoundTrip(model)
    XCTAssertEqual(restored.children.map(\.name), ["encoder", "decoder"])
    XCTAssertTrue(restored.layer(at: "encoder.0") is Conv2D)
    XCTAssertTrue(restored.layer(at: "encoder.1") is MaxPool2D)
    XCTAssertTrue(restored.layer(at: "decoder.grow") is Upsample)
    XCTAssertEqual(
      restored.parameters.map(\.path),
      ["encoder.0.weight", "encoder.0.bias", "decoder.1.weight", "decoder.1.bias"])
    let x = images([2, 8, 8, 1])
    XCTAssertEqual(try restored(x), try model(x))
  }

  /// One layer used twice (tied weights) is restored as one layer, not two copies.
  func testALayerHeldTwiceIsRestoredAsOne() throws {
    let shared = Dense(3 => 3)
    let restored = try stateRoundTrip(Sequential([shared, Activation(.relu), shared]))
    XCTAssertTrue(restored.layers[0] === restored.layers[2])
    XCTAssertFalse(restored.layers[0] === shared)
  }

  /// A notebook's own `Layer` made `Codable` by declaring it so, inside a chain.
  func testANotebookLayerIsSaveableByAddingCodable() throws {
    Random.seed(8)
    let model = Sequential { TwoStageAutoencoder().named("autoencoder") }
    let x = images([3, 4])
    let expected = try model(x)
    Random.seed(99)  // decoding draws fresh default layers, then replaces them
    let restored = try stateRoundTrip(model)
    XCTAssertTrue(restored.layers[0] is TwoStageAutoencoder)
    XCTAssertEqual(restored.parameters.map(\.path), model.parameters.map(\.path))
    XCTAssertEqual(try restored(x), expected)
  }

  /// A struct with a model as `any Layer`: `@Polymorphic` makes it `Codable`.
  func testAStructHoldingAnExistentialModelRoundTrips() throws {
    Random.seed(4)
    let run = TrainedRun(
      seed: 4,
      model: Sequential {
        Dense(2 => 2); Dropout(keep: 0.5)
      }, losses: [0.5, .nan])
    let restored = try stateRoundTripAllowingNaN(run)
    XCTAssertEqual(restored.seed, 4)
    XCTAssertTrue(restored.model is Sequential)
    XCTAssertEqual(
      restored.model.parameters.map(\.parameter.value), run.model.parameters.map(\.parameter.value))
    XCTAssertEqual(restored.losses[0], 0.5)
    XCTAssertTrue(restored.losses[1].isNaN)
  }

  /// A value whose dynamic type is not Codable is refused with its type named.
  func testAnExistentialOfANonCodableTypeIsRefused() {
    XCTAssertThrowsError(try JSONEncoder().encode(Polymorphic<any Layer>(wrappedValue: OpaqueLayer()))) {
      error in
      XCTAssertTrue("\(error)".contains("OpaqueLayer is not Codable"), "\(error)")
    }
  }

  private func stateRoundTripAllowingNaN<T: Codable>(_ value: T) throws -> T {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(T.self, from: encoder.encode(value))
  }
}
