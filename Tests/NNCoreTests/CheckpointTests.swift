import Foundation
import XCTest

@testable import NNCore

/// Checkpoints are keyed by parameter path, which reflection finds: the keys
/// below are the ones the hand-registered parameters had, so files written
/// before keep loading.
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
