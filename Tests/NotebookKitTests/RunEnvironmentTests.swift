import Launcher
import XCTest

@testable import NotebookKit

final class RunEnvironmentTests: XCTestCase {
  private var repository: URL!

  override func setUpWithError() throws {
    repository = FileManager.default.temporaryDirectory.appendingPathComponent("run-environment-\(UUID())")
    try FileManager.default.createDirectory(
      at: repository.appendingPathComponent("output/post"), withIntermediateDirectories: true)
    try write("notebook.md", "# A notebook\n")
    try write("output/post/index.html", "<p>report</p>\n")
    for arguments in [
      ["init", "-q"], ["add", "."],
      ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "start"],
    ] {
      let result = try ChildProcess.run(Command(["git"] + arguments, in: repository.path))
      XCTAssertEqual(result.status, 0, result.outputText)
    }
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: repository)
  }

  private func write(_ path: String, _ text: String) throws {
    try Data(text.utf8).write(to: repository.appendingPathComponent(path))
  }

  private func commit(reports: String) -> String {
    RunEnvironment.commit(ignoring: URL(fileURLWithPath: reports), in: repository)
  }

  /// Regenerated reports are not a change to the experiment; an edited
  /// notebook is, wherever the reports go.
  func testOnlyChangesOutsideTheReportsCountAsUncommitted() throws {
    let reports = repository.appendingPathComponent("output").path
    let clean = commit(reports: reports)
    XCTAssertFalse(clean.isEmpty)
    XCTAssertFalse(clean.contains("uncommitted"), clean)

    try write("output/post/index.html", "<p>regenerated</p>\n")
    XCTAssertEqual(commit(reports: reports), clean)
    XCTAssertEqual(commit(reports: "/tmp/elsewhere"), clean + " (with uncommitted changes)")

    try write("notebook.md", "# An edited notebook\n")
    XCTAssertEqual(commit(reports: reports), clean + " (with uncommitted changes)")
  }

  func testOutsideARepositoryTheCommitIsUnknown() {
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent("no-repository-\(UUID())")
    try? FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: outside) }
    XCTAssertEqual(RunEnvironment.commit(ignoring: outside, in: outside), "unknown")
  }
}
