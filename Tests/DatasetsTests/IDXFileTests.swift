import CZlib
import Foundation
import XCTest

@testable import Datasets

final class IDXFileTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  private func write(_ bytes: [UInt8], _ name: String, gzip: Bool = false) throws -> String {
    let path = folder.appendingPathComponent(name).path
    if gzip {
      let file = try XCTUnwrap(gzopen(path, "wb"))
      XCTAssertEqual(gzwrite(file, bytes, UInt32(bytes.count)), Int32(bytes.count))
      gzclose(file)
    } else {
      try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    return path
  }

  /// Two 2x3 images and their labels, the shape of MNIST in miniature.
  private let images = IDXFile(dimensions: [2, 2, 3], values: [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6])
  private let labels = IDXFile(dimensions: [2], values: [7, 3])

  func testRoundTripPlainAndGzip() throws {
    for gzip in [false, true] {
      let path = try write(images.encoded, "images\(gzip)", gzip: gzip)
      XCTAssertEqual(try IDXFile.read(path), images)
    }
  }

  func testStandardFilesLoadAsADataset() throws {
    for (stem, file) in [
      ("train-images-idx3-ubyte", images), ("train-labels-idx1-ubyte", labels),
      ("t10k-images-idx3-ubyte", images), ("t10k-labels-idx1-ubyte", labels),
    ] {
      _ = try write(file.encoded, stem + ".gz", gzip: true)
    }
    let dataset = try ImageDataset.standardFiles(in: folder.path, name: "MNIST")
    XCTAssertEqual(dataset.train.images.shape, [2, 2, 3, 1])
    XCTAssertEqual(dataset.train.labels, [7, 3])
    XCTAssertEqual(dataset.test.images.scalars.prefix(3), [0, 0.2, 0.4])
    XCTAssertTrue(dataset.description.contains("2 training and 2 test images"), dataset.description)
  }

  func testEveryCorruptionIsNamed() throws {
    let missing = folder.appendingPathComponent("absent").path
    let cases: [(path: String, message: String)] = [
      (missing, "\(missing): cannot be opened"),
      (try write([0, 0, 8], "short"), "too short for an IDX header"),
      (try write([0x50, 0x4b, 3, 4, 0, 0], "zip"), "has magic number 50 4b 3 4"),
      (
        try write(Array(images.encoded.dropLast(2)), "truncated"),
        "has 10 values, its header [2, 2, 3] announces 12 (truncated)"
      ),
      (try write([0, 0, 8, 3, 0, 0], "header"), "truncated inside its header"),
      (
        try write(Array(images.encoded.prefix(20)), "cut.gz", gzip: true),
        "has 4 values, its header [2, 2, 3] announces 12"
      ),
    ]
    for (path, message) in cases {
      XCTAssertThrowsError(try IDXFile.read(path), path) {
        XCTAssertTrue("\($0)".contains(message), "\($0) should contain \(message)")
        XCTAssertTrue("\($0)".hasPrefix(path), "\($0) should name \(path)")
      }
    }
  }

  func testCorruptGzipStreamIsNamed() throws {
    let good = try write(images.encoded + [UInt8](repeating: 9, count: 4000), "good.gz", gzip: true)
    var bytes = try XCTUnwrap(FileManager.default.contents(atPath: good))
    bytes.removeLast(bytes.count / 2)
    let path = try write(Array(bytes), "broken.gz")
    XCTAssertThrowsError(try IDXFile.read(path)) {
      XCTAssertTrue("\($0)".contains("truncated gzip stream"), "\($0)")
    }
  }

  func testImageAndLabelCountsMustAgree() throws {
    for (stem, file) in [
      ("train-images-idx3-ubyte", images),
      ("train-labels-idx1-ubyte", IDXFile(dimensions: [3], values: [1, 2, 3])),
      ("t10k-images-idx3-ubyte", images), ("t10k-labels-idx1-ubyte", labels),
    ] {
      _ = try write(file.encoded, stem)
    }
    XCTAssertThrowsError(try ImageDataset.standardFiles(in: folder.path, name: "MNIST")) {
      XCTAssertTrue("\($0)".contains("has 3 labels but"), "\($0)")
    }
  }
}
