import CZlib
import Foundation
import XCTest

@testable import Datasets

/// `scripts/fetch-mnist` (path 2 of MNIST loading) against a mirror served
/// on loopback: what it stores loads, and a bad or absent mirror leaves
/// nothing behind.
final class MirrorDownloadTests: XCTestCase {
  private var folder: URL!
  private var server: LoopbackHTTPServer?
  private var mirror = ""

  private let names = [
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
  ]

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-mirror-\(UUID())")
    let served = folder.appendingPathComponent("served/mnist")
    try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
    let images = IDXFile(dimensions: [2, 2, 3], values: [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6])
    let labels = IDXFile(dimensions: [2], values: [7, 3])
    for (name, file) in zip(names, [images, labels, images, labels]) {
      let bytes = file.encoded
      let handle = try XCTUnwrap(gzopen(served.appendingPathComponent(name).path, "wb"))
      gzwrite(handle, bytes, UInt32(bytes.count))
      gzclose(handle)
    }
    let server = try LoopbackHTTPServer(serving: folder.appendingPathComponent("served"))
    self.server = server
    mirror = server.baseURL + "/mnist"
  }

  override func tearDown() {
    server?.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  private func fetch(mirrors: String, checksums: String? = nil) throws -> (status: Int32, output: String) {
    let script = projectScript("fetch-mnist")
    var environment = ProcessInfo.processInfo.environment
    environment["MNIST_MIRRORS"] = mirrors
    if let checksums {
      let file = folder.appendingPathComponent("checksums")
      try Data(checksums.utf8).write(to: file)
      environment["MNIST_CHECKSUMS"] = file.path
    }
    return try launch(["bash", script.path, target.path], environment: environment)
  }

  private var target: URL { folder.appendingPathComponent("data/mnist") }

  /// The data folder's entries, hidden ones included: no scratch may remain.
  private var dataEntries: [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data").path)) ?? []
  }

  private func sha256Lines() throws -> String {
    try launch(["sha256sum"] + names, in: folder.appendingPathComponent("served/mnist")).output
  }

  func testVerifiedFilesAreStoredAndLoad() throws {
    let run = try fetch(mirrors: mirror, checksums: try sha256Lines())
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertEqual(dataEntries, ["mnist"])
    let dataset = try ImageDataset.standardFiles(in: target.path, name: "MNIST")
    XCTAssertEqual(dataset.train.labels, [7, 3])
    XCTAssertEqual(try fetch(mirrors: "http://127.0.0.1:1").status, 0, "already in place: nothing to fetch")
  }

  func testFilesFailingThePublishedChecksumsAreRejected() throws {
    let run = try fetch(mirrors: mirror)
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.output.contains("SHA-256 mismatch"), run.output)
    XCTAssertTrue(run.output.contains("train-images-idx3-ubyte.gz: FAILED"), run.output)
    XCTAssertEqual(dataEntries, [], "nothing half-downloaded or unverified stays")
  }

  func testAMissingFileMovesOnToTheNextMirror() throws {
    try FileManager.default.removeItem(
      at: folder.appendingPathComponent("served/mnist/t10k-labels-idx1-ubyte.gz"))
    let run = try fetch(mirrors: "\(mirror) http://127.0.0.1:1/mnist", checksums: try sha256Lines())
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.output.contains("404"), run.output)
    XCTAssertTrue(run.output.contains("http://127.0.0.1:1/mnist:"), run.output)
    XCTAssertEqual(dataEntries, [])
  }

  func testAnUnreachableMirrorFailsFast() throws {
    let started = Date()
    // Port 1 on loopback: nothing listens (tests send traffic to loopback only).
    let run = try fetch(mirrors: "http://127.0.0.1:1/mnist")
    XCTAssertEqual(run.status, 1)
    XCTAssertLessThan(Date().timeIntervalSince(started), 10, "gives up within seconds")
    XCTAssertEqual(dataEntries, [])
  }
}
