import Datasets
import Foundation
import NNCore
import NotebookProtocol
import XCTest

@testable import NotebookRuntime

/// Saving a state after a cell and reading it back, as a later program
/// would: each read is by a fresh archive, which knows only the files.
final class StateArchiveTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-state-\(UUID())")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func load(_ key: String) throws -> [String: Any] {
    try StateArchive(directory: directory).load(key).values
  }

  private func contents(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(path).path).sorted()
  }

  func testVariablesManifestAndGeneratorRoundTrip() throws {
    let archive = StateArchive(directory: directory)
    var random = RandomGenerator(seed: 3)
    _ = random.next()
    let values: [StateVariable] = [
      StateVariable("epochs", line: 3, 12),
      StateVariable("name", line: 4, "café"),
      StateVariable(
        "costs", line: 5,
        [Float](arrayLiteral: 0.25, -0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 0.1)),
      StateVariable(
        "exact", line: 6, [Double](arrayLiteral: 0.1, -0.0, .nan, .greatestFiniteMagnitude, 1 / 3)),
      StateVariable("byName", line: 7, ["a": 1, "b": 2]),
      StateVariable("missing", line: 8, Int?.none),
      StateVariable("image", line: 9, Tensor(shape: [1, 2], scalars: [.nan, -0])),
    ]
    let bytes = try archive.save(values, random: random, after: 2, key: "k2")
    let manifest = try JSONDecoder().decode(
      StateManifest.self, from: Data(contentsOf: directory.appendingPathComponent("k2/manifest.json")))
    XCTAssertEqual(manifest.cell, 2)
    XCTAssertEqual(manifest.variables, ["epochs", "name", "costs", "exact", "byName", "missing", "image"])
    XCTAssertEqual(manifest.blobs.count, 1)
    XCTAssertEqual(manifest.bytes, bytes)
    XCTAssertEqual(
      try contents("k2"),
      ["0.json", "1.json", "2.json", "3.json", "4.json", "5.json", "6.json", "manifest.json", "random.json"])

    let (restored, restoredRandom) = try StateArchive(directory: directory).load("k2")
    XCTAssertEqual(restored["epochs"] as? Int, 12)
    XCTAssertEqual(restored["name"] as? String, "café")
    let costs = try XCTUnwrap(restored["costs"] as? [Float])
    XCTAssertEqual(
      costs.map(\.bitPattern),
      [0.25, -0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 0.1].map { (x: Float) in x.bitPattern })
    let exact = try XCTUnwrap(restored["exact"] as? [Double])
    XCTAssertEqual(
      exact.map(\.bitPattern),
      [0.1, -0.0, .nan, .greatestFiniteMagnitude, 1 / 3].map { (x: Double) in x.bitPattern })
    XCTAssertEqual(restored["byName"] as? [String: Int], ["a": 1, "b": 2])
    let missing = try XCTUnwrap(restored["missing"])
    XCTAssertTrue(type(of: missing) == Int?.self, "\(type(of: missing))")
    XCTAssertNil(missing as! Int?)
    let image = try XCTUnwrap(restored["image"] as? Tensor)
    XCTAssertEqual(image.scalars.map(\.bitPattern), [Float.nan.bitPattern, (-0 as Float).bitPattern])
    XCTAssertEqual(restoredRandom.words, random.words)
  }

  /// Many random floats, subnormals included, come back bit for bit through the JSON text.
  func testFloatsRoundTripExactlyThroughText() throws {
    var generator = RandomGenerator(seed: 17)
    let floats = (0..<20_000).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())) }
      .filter(\.isFinite)
    let doubles = (0..<20_000).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
    _ = try StateArchive(directory: directory).save(
      [StateVariable("f", line: 1, floats), StateVariable("d", line: 2, doubles)], random: generator,
      after: 0, key: "k")
    let restored = try load("k")
    XCTAssertEqual((restored["f"] as? [Float])?.map(\.bitPattern), floats.map(\.bitPattern))
    XCTAssertEqual((restored["d"] as? [Double])?.map(\.bitPattern), doubles.map(\.bitPattern))
  }

  /// MNIST's training images are in the state after every cell: written once.
  func testAnUnchangedLargeTensorIsWrittenOnce() throws {
    let archive = StateArchive(directory: directory)
    let images = Tensor(zeros: [55_000, 28, 28, 1])
    let first = try archive.save(
      [StateVariable("images", line: 1, images)], random: .init(seed: 0), after: 0, key: "k0")
    XCTAssertGreaterThanOrEqual(first, 55_000 * 784 * 4)
    let blobs = try contents("blobs")
    XCTAssertEqual(blobs.count, 1)
    let written = try FileManager.default.attributesOfItem(
      atPath: directory.appendingPathComponent("blobs/\(blobs[0])").path)
    XCTAssertEqual((written[.size] as? NSNumber)?.intValue, 55_000 * 784 * 4)
    let batch = images[0..<50]
    _ = try archive.save(
      [StateVariable("images", line: 1, images), StateVariable("batch", line: 2, batch)],
      random: .init(seed: 0),
      after: 1, key: "k1")
    let afterSecond = try contents("blobs")
    XCTAssertEqual(afterSecond.count, 2, "the images' blob again, and the batch's new one")
    XCTAssertTrue(afterSecond.contains(blobs[0]))

    // A program that resumed from it and saves again writes nothing new either.
    let resumed = StateArchive(directory: directory)
    let restored = try resumed.load("k1").values
    _ = try resumed.save(
      [
        StateVariable("images", line: 1, restored["images"]!),
        StateVariable("batch", line: 2, restored["batch"]!),
      ],
      random: .init(seed: 0), after: 2, key: "k2")
    XCTAssertEqual(try contents("blobs"), afterSecond)
  }

  /// A tensor written in place after being saved is saved again with its new elements.
  func testATensorChangedAfterASaveGetsANewBlob() throws {
    let archive = StateArchive(directory: directory)
    let weight = Parameter(Tensor([1, 2, 3]))
    _ = try archive.save([StateVariable("w", line: 1, weight)], random: .init(seed: 0), after: 0, key: "k0")
    weight.value.withUnsafeMutableBufferPointer { $0[0] = 10 }
    _ = try archive.save([StateVariable("w", line: 1, weight)], random: .init(seed: 0), after: 1, key: "k1")
    XCTAssertEqual((try load("k0")["w"] as? Parameter)?.value.scalars, [1, 2, 3])
    XCTAssertEqual((try load("k1")["w"] as? Parameter)?.value.scalars, [10, 2, 3])
  }
}
