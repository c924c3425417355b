import XCTest

@testable import NotebookKit

final class ReportFolderTests: XCTestCase {
  private var output: URL!

  override func setUpWithError() throws {
    output = FileManager.default.temporaryDirectory.appendingPathComponent("report-folder-\(UUID())")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: output)
  }

  private func makeFolder(_ name: String, containing file: String) throws {
    let folder = output.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(file.utf8).write(to: folder.appendingPathComponent("index.html"))
  }

  private var names: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).sorted()
  }

  /// PID 1 is always alive; a PID above the kernel's limit never is.
  private let deadPID = 4_194_304 + 7

  func testLeftoversOfKilledRunsAreRemovedAndLiveOnesKept() throws {
    try makeFolder("nb", containing: "current")
    try makeFolder(".nb.staging-\(deadPID)", containing: "half")
    try makeFolder(".nb.old-\(deadPID)", containing: "stale")
    try makeFolder(".nb.staging-1", containing: "someone else's run")
    try makeFolder(".other.staging-\(deadPID)", containing: "another notebook")

    ReportFolder(final: output.appendingPathComponent("nb")).removeLeftovers()

    XCTAssertEqual(names, [".nb.staging-1", ".other.staging-\(deadPID)", "nb"])
    let kept = try String(contentsOf: output.appendingPathComponent("nb/index.html"), encoding: .utf8)
    XCTAssertEqual(kept, "current")
  }

  func testAReportCaughtBetweenItsTwoMovesIsPutBack() throws {
    try makeFolder(".nb.old-\(deadPID)", containing: "previous report")
    try makeFolder(".nb.staging-\(deadPID)", containing: "unfinished")

    let folder = ReportFolder(final: output.appendingPathComponent("nb"))
    _ = try folder.makeStaging()

    XCTAssertTrue(names.contains("nb"))
    XCTAssertFalse(names.contains(".nb.old-\(deadPID)"))
    XCTAssertFalse(names.contains(".nb.staging-\(deadPID)"))
    let restored = try String(contentsOf: output.appendingPathComponent("nb/index.html"), encoding: .utf8)
    XCTAssertEqual(restored, "previous report")
  }

  /// A record written by an earlier version still reads: a report in place
  /// is reused or replaced, never mistaken for a stranger's folder.
  func testEveryCommittedReportsRecordDecodes() throws {
    let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../output"
    )
    .standardized
    let folders = try FileManager.default.contentsOfDirectory(atPath: output.path).filter {
      !$0.hasPrefix(".")
    }
    var checked = 0
    for name in folders where name != "index.html" {
      let folder = ReportFolder(final: output.appendingPathComponent(name))
      XCTAssertNotNil(folder.existingRecord, "\(name)/run.json does not decode")
      XCTAssertNoThrow(try folder.checkReplaceable())
      checked += 1
    }
    XCTAssertGreaterThanOrEqual(checked, 5)
  }

  func testAFolderNbrunDidNotMakeIsNotReplaced() throws {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-foreign-\(UUID())")
    defer { try? FileManager.default.removeItem(at: parent) }
    let foreign = parent.appendingPathComponent("post")
    try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: foreign.appendingPathComponent("figure.png"))
    XCTAssertThrowsError(try ReportFolder(final: foreign).makeStaging()) {
      XCTAssertTrue("\($0)".contains("is not a report nbrun made"), "\($0)")
    }
    XCTAssertEqual(
      try String(contentsOf: foreign.appendingPathComponent("figure.png"), encoding: .utf8), "mine")
  }
}
