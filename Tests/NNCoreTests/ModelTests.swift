import Foundation
import XCTest

@testable import NNCore

final class ModelTests: XCTestCase {
  /// Post 002's Keras model: 327,761 parameters.
  private func post002() -> Sequential {
    Sequential {
      Flatten()
      Dense(784 => 196, activation: .relu)
      Dense(196 => 49, activation: .relu)
      Dense(49 => 196, activation: .relu)
      Dense(196 => 784, activation: .sigmoid)
      Reshape([28, 28])
    }
  }

  func testSummaryMatchesKeras() throws {
    let summary = try post002().summary(input: [1, 28, 28])
    XCTAssertEqual(summary.totalParameters, 327_761)
    XCTAssertEqual(summary.rows.map(\.parameters), [0, 153_860, 9_653, 9_800, 154_448, 0])
    XCTAssertEqual(summary.rows.last?.outputShape, [1, 28, 28])
    XCTAssertTrue(summary.description.contains("Total parameters: 327,761"), summary.description)
  }

  func testPrintedModelReadsLikeItsConstructor() {
    let model = Sequential {
      Sequential {
        Conv2D(1 => 16, kernel: 5, stride: 2, activation: .sigmoid); Dropout(keep: 0.7)
      }.named("encoder")
    }
    XCTAssertEqual(
      model.description,
      """
      Sequential {
        Sequential {
          Conv2D(1 => 16, kernel: 5, stride: 2, sigmoid)
          Dropout(keep: 0.7)
        }.named("encoder")
      }
      """)
  }

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
      XCTAssertTrue("\($0)".contains("no layer at path 'decoder'"), "\($0)")
    }
  }

  func testShapeErrorNamesLayerPathAndBothShapes() {
    let model = Sequential {
      Sequential { Dense(784 => 196, activation: .relu) }.named("encoder")
    }
    XCTAssertThrowsError(try model(Tensor(zeros: [3, 28, 28, 1]))) { error in
      XCTAssertEqual(
        "\(error)",
        "Dense(784 => 196, relu) at encoder.0 expects input of shape [N, 784], got [3, 28, 28, 1] "
          + "(add Flatten() before it)")
    }
    XCTAssertThrowsError(try Conv2D(1 => 4, kernel: 3)(Tensor(zeros: [3, 784]))) { error in
      XCTAssertTrue(
        "\(error)".contains("expects input of shape [N, height, width, 1], got [3, 784]"), "\(error)")
    }
  }
}

final class CheckpointTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  private func model() -> Sequential {
    Sequential {
      Sequential { Conv2D(1 => 4, kernel: 3, stride: 2, activation: .relu) }.named("encoder")
      Sequential { ConvTranspose2D(4 => 1, kernel: 3, stride: 2, activation: .sigmoid) }.named("decoder")
    }
  }

  func testSaveLoadGivesIdenticalOutputs() throws {
    Random.seed(1)
    let original = model()
    let x = Tensor.randomNormal(shape: [2, 8, 8, 1])
    let path = folder.appendingPathComponent("model.safetensors").path
    try original.save(to: path)

    Random.seed(2)
    let restored = model()
    XCTAssertNotEqual(try restored(x), try original(x))
    try restored.load(from: path)
    XCTAssertEqual(try restored(x), try original(x))
  }

  func testFileIsSafetensors() throws {
    let path = folder.appendingPathComponent("model.safetensors").path
    try model().save(to: path)
    let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
    let length = Int(data.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    let header = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: data[8..<(8 + length)]) as? [String: [String: Any]])
    XCTAssertEqual(
      Set(header.keys), ["encoder.0.weight", "encoder.0.bias", "decoder.0.weight", "decoder.0.bias"])
    XCTAssertEqual(header["encoder.0.weight"]?["shape"] as? [Int], [3, 3, 1, 4])
    XCTAssertEqual(header["encoder.0.weight"]?["dtype"] as? String, "F32")
    XCTAssertEqual((8 + length) % 8, 0, "data is 8-byte aligned")
    XCTAssertEqual(data.count, 8 + length + 4 * (36 + 4 + 36 + 1))
  }

  func testLoadErrorsNameTheFileAndTensor() throws {
    let path = folder.appendingPathComponent("small.safetensors").path
    try Sequential { Sequential { Conv2D(1 => 2, kernel: 3) }.named("encoder") }.save(to: path)

    XCTAssertThrowsError(try model().load(from: path)) {
      XCTAssertEqual(
        "\($0)",
        "checkpoint \(path), tensor 'encoder.0.weight': has shape [3, 3, 1, 2], the model needs [3, 3, 1, 4]")
    }
    XCTAssertThrowsError(try Sequential { Dense(1 => 1) }.load(from: path)) {
      XCTAssertTrue("\($0)".hasPrefix("checkpoint \(path), tensor '0.weight': is missing"), "\($0)")
    }
    let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
    try data.prefix(data.count - 10).write(to: URL(fileURLWithPath: path))
    XCTAssertThrowsError(
      try Sequential { Sequential { Conv2D(1 => 2, kernel: 3) }.named("encoder") }.load(from: path)
    ) {
      XCTAssertTrue("\($0)".contains("is truncated"), "\($0)")
    }
    XCTAssertThrowsError(try model().load(from: folder.appendingPathComponent("absent").path)) {
      XCTAssertTrue("\($0)".contains("cannot be read"), "\($0)")
    }
  }
}
