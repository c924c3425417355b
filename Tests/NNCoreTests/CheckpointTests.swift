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

  /// A file the code before reflection wrote (nbrun at 015ad75, a cell running
  /// `Random.seed(1)`, this model and `model.save(to:)`): same paths, the
  /// bias-free layer still without a bias, every value where it was.
  func testAFileFromBeforeReflectionLoads() throws {
    func model() -> Sequential {
      Sequential {
        Sequential {
          Conv2D(1 => 2, kernel: 3, stride: 2, activation: .relu); Flatten()
        }.named("encoder")
        Sequential {
          Dense(8 => 3, activation: .sigmoid); ConvTranspose2D(3 => 1, kernel: [1, 2], bias: false)
          Dropout(keep: 1)
        }.named("decoder")
      }
    }
    let written = try XCTUnwrap(
      Data(
        base64Encoded:
          "cAEAAAAAAAB7ImRlY29kZXIuMC5iaWFzIjp7ImRhdGFfb2Zmc2V0cyI6WzE3NiwxODhdLCJkdHlwZSI6IkYzMiIsInNo"
          + "YXBlIjpbM119LCJkZWNvZGVyLjAud2VpZ2h0Ijp7ImRhdGFfb2Zmc2V0cyI6WzgwLDE3Nl0sImR0eXBlIjoiRjMyIiwi"
          + "c2hhcGUiOls4LDNdfSwiZGVjb2Rlci4xLndlaWdodCI6eyJkYXRhX29mZnNldHMiOlsxODgsMjEyXSwiZHR5cGUiOiJG"
          + "MzIiLCJzaGFwZSI6WzEsMiwxLDNdfSwiZW5jb2Rlci4wLmJpYXMiOnsiZGF0YV9vZmZzZXRzIjpbNzIsODBdLCJkdHlw"
          + "ZSI6IkYzMiIsInNoYXBlIjpbMl19LCJlbmNvZGVyLjAud2VpZ2h0Ijp7ImRhdGFfb2Zmc2V0cyI6WzAsNzJdLCJkdHlw"
          + "ZSI6IkYzMiIsInNoYXBlIjpbMywzLDEsMl19fSAgIHroQz6A1508tBaPPajU0b36XD4+5Q2svncQz774auW9LzuxPriw"
          + "Rz2Dz9A+H7XcPkPo0D6OQCM+bPXAPZmFvD6Hhcq+wHYFvAAAAAAAAAAABL4rv/3zJL/gdl69gK2quxCUJz5QPGO+rIkQ"
          + "vhLa2b5gKyq+CQYGP9buvT7hWjY/duo4v9UpED9Y7tm9dOoevhSWYT52yce+BSq/vp43/z4gXi++QLg6vaBjHb8m8DW/"
          + "AAAAAAAAAAAAAAAAgNMevCRTcD5GZqm+iHjbvYBREDyAtbA8"))
    let path = folder.appendingPathComponent("old.safetensors").path
    try written.write(to: URL(fileURLWithPath: path))
    Random.seed(1)
    let original = model()
    Random.seed(2)
    let restored = model()
    try restored.load(from: path)
    XCTAssertEqual(
      Set(try Checkpoint.read(path).keys),
      ["encoder.0.weight", "encoder.0.bias", "decoder.0.weight", "decoder.0.bias", "decoder.1.weight"])
    for ((path, loaded), (_, expected)) in zip(restored.parameters, original.parameters) {
      XCTAssertEqual(loaded.value, expected.value, path)
    }
  }
}
