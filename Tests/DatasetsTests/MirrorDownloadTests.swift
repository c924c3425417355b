import CZlib
import Foundation
import XCTest

@testable import Datasets

/// `scripts/fetch-mnist` (path 2 of MNIST loading) against a mirror served
/// on loopback: what it stores loads, and a bad or absent mirror leaves
/// nothing behind.
final class MirrorDownloadTests: XCTestCase {
  private var folder: URL!
  private var server: Process?
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
    mirror = try startServer(serving: folder.appendingPathComponent("served")) + "/mnist"
  }

  override func tearDown() {
    server?.terminate()
    server?.waitUntilExit()
    try? FileManager.default.removeItem(at: folder)
  }

  /// Python's http.server on a free port; returns its base URL.
  private func startServer(serving directory: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    server = process
    var banner = ""
    while !banner.contains("\n") {
      let chunk = pipe.fileHandleForReading.availableData
      guard !chunk.isEmpty else { break }
      banner += String(decoding: chunk, as: UTF8.self)
    }
    // "Serving HTTP on 127.0.0.1 port 43210 (http://127.0.0.1:43210/) ..."
    let port = try XCTUnwrap(banner.split(separator: " ").drop { $0 != "port" }.dropFirst().first)
    return "http://127.0.0.1:\(port)"
  }

  private func fetch(mirrors: String, checksums: String? = nil) throws -> (status: Int32, output: String) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../scripts/fetch-mnist").standardized
    var environment = ProcessInfo.processInfo.environment
    environment["MNIST_MIRRORS"] = mirrors
    if let checksums {
      let file = folder.appendingPathComponent("checksums")
      try Data(checksums.utf8).write(to: file)
      environment["MNIST_CHECKSUMS"] = file.path
    }
    return try launch(["bash", script.path, target.path], environment: environment)
  }

  /// Runs a command to completion; its status and merged output.
  private func launch(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil)
    throws -> (status: Int32, output: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
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
    // 192.0.2.0/24 is reserved for documentation: never routed.
    let run = try fetch(mirrors: "http://192.0.2.1/mnist")
    XCTAssertEqual(run.status, 1)
    XCTAssertLessThan(Date().timeIntervalSince(started), 10, "gives up within seconds")
    XCTAssertEqual(dataEntries, [])
  }
}
