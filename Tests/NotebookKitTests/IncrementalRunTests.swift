import XCTest

@testable import NotebookKit

/// Runs after an edit, through the built nbrun: only the edited cell and
/// those after it run, the cells before it are restored from the saved
/// state, and the report is the one a full run of the edited notebook gives.
final class IncrementalRunTests: EndToEndTestCase {
  private let notebook = "incremental.md"

  private func record(_ output: String = "output") throws -> RunRecord {
    try XCTUnwrap(ReportFolder(final: folder.appendingPathComponent("\(output)/incremental")).existingRecord)
  }

  private func figures(_ output: String) throws -> [String: Data] {
    let figures = folder.appendingPathComponent("\(output)/incremental/figures")
    var files: [String: Data] = [:]
    for file in try FileManager.default.contentsOfDirectory(atPath: figures.path) {
      files[file] = try Data(contentsOf: figures.appendingPathComponent(file))
    }
    return files
  }

  /// Replaces `old` with `new` in the notebook, as an author's edit.
  private func edit(_ old: String, _ new: String) throws {
    let url = folder.appendingPathComponent(notebook)
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssert(text.contains(old), "the fixture has no \(old)")
    try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
  }

  /// Runs the edited notebook incrementally, then in full (`--force`) into
  /// another folder, and checks both reports hold the same outputs and
  /// figures; returns the incremental run's `--explain` output.
  private func checkIncrementalRunMatchesAFullRun(reused: Int) throws -> String {
    let incremental = try nbrun(["--explain", notebook])
    XCTAssertEqual(incremental.status, 0, incremental.output)
    let full = try nbrun(["--force", "--output", "full", notebook])
    XCTAssertEqual(full.status, 0, full.output)
    let cells = try record().result.cells
    XCTAssertEqual(cells.map { $0.state?.reusedFrom != nil }, (0..<4).map { $0 < reused }, incremental.output)
    XCTAssertEqual(try record().timeless, try record("full").timeless)
    XCTAssertEqual(try figures("output"), try figures("full"))
    XCTAssertFalse(try figures("output").isEmpty)
    return incremental.output
  }

  func testEditingTheLastCellRunsOnlyIt() throws {
    XCTAssertEqual(try nbrun([notebook], fixtures: [notebook]).status, 0)
    XCTAssert(try record().result.cells.dropLast().allSatisfy { $0.state?.saved == true })
    try edit("print(\"log: ", "print(\"the log: ")
    let explained = try checkIncrementalRunMatchesAFullRun(reused: 3)
    XCTAssert(explained.contains("data (incremental.md:11): reused from the run of"), explained)
    XCTAssert(explained.contains("summary (incremental.md:36): runs: its code changed"), explained)
    XCTAssert(explained.contains("incremental.md: 1 of 4 cells ran, 3 reused"), explained)
    XCTAssert(try report("incremental").contains("reused from the run of"))
    let index = try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
    XCTAssert(index.contains(" in 3 reused cells</small>"), index)
  }

  func testEditingAMiddleCellRunsItAndTheCellsAfterIt() throws {
    XCTAssertEqual(try nbrun([notebook], fixtures: [notebook]).status, 0)
    try edit("shape: [2, 3]", "shape: [3, 2]")
    let explained = try checkIncrementalRunMatchesAFullRun(reused: 2)
    XCTAssert(explained.contains("summary (incremental.md:36): runs: noise, before it, runs"), explained)
  }

  /// `--dry-run` after an edit says what a run would do, with the cells'
  /// last times, and neither runs nor writes anything.
  func testADryRunSaysWhatWouldRunAndChangesNothing() throws {
    XCTAssertEqual(try nbrun([notebook], fixtures: [notebook]).status, 0)
    let runFile = folder.appendingPathComponent("output/incremental/run.json")
    let before = try Data(contentsOf: runFile)
    try edit("shape: [2, 3]", "shape: [3, 2]")
    let plan = try nbrun(["--dry-run", notebook])
    XCTAssertEqual(plan.status, 0, plan.output)
    XCTAssert(plan.output.contains("incremental.md: 2 of 4 cells would run (about "), plan.output)
    XCTAssert(plan.output.contains("  reuse data (incremental.md:11, "), plan.output)
    XCTAssert(plan.output.contains("  run   noise (incremental.md:"), plan.output)
    XCTAssert(plan.output.contains("runs: its code changed"), plan.output)
    XCTAssertEqual(try Data(contentsOf: runFile), before)
    XCTAssertFalse(plan.output.contains("started"), plan.output)
  }

  func testEditingTheFirstCellRunsEverything() throws {
    XCTAssertEqual(try nbrun([notebook], fixtures: [notebook]).status, 0)
    try edit("Random.seed(7)", "Random.seed(8)")
    _ = try checkIncrementalRunMatchesAFullRun(reused: 0)
  }

  func testChangingAParameterRunsEverythingAndSaysWhy() throws {
    XCTAssertEqual(try nbrun([notebook], fixtures: [notebook]).status, 0)
    let run = try nbrun(["--explain", "-p", "epochs=2", notebook])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssert(
      run.output.contains("data (incremental.md:11): runs: the parameters changed"), run.output)
    XCTAssert(try record().result.cells.allSatisfy { $0.state?.reusedFrom == nil })
  }

  func testAValueThatCannotBeSavedIsNamedAndTheRunStartsBeforeIt() throws {
    try copyFixtures([notebook])
    try edit(
      "var log: [String] = [\"data\"]",
      "var log: [String] = [\"data\"]\nlet describe = { (t: Tensor) in \"\\(t.shape)\" }")
    XCTAssertEqual(try nbrun([notebook]).status, 0)
    let state = try XCTUnwrap(try record().result.cells[0].state)
    XCTAssertFalse(state.saved)
    XCTAssert(state.reason?.contains("`describe` (line 16)") == true, state.reason ?? "no reason")
    try edit("print(\"log: ", "print(\"the log: ")
    let run = try nbrun(["--explain", notebook])
    XCTAssert(
      run.output.contains(
        "train (incremental.md:20): runs again though unchanged: the state after data was not saved"),
      run.output)
  }

  func testAFailingCellIsRunAgainOnceFixedAndTheCellsBeforeItAreReused() throws {
    try copyFixtures([notebook])
    try edit("print(\"noise: ", "struct Stop: Error {}\nthrow Stop()\nprint(\"noise: ")
    XCTAssertNotEqual(try nbrun([notebook]).status, 0)
    try edit("struct Stop: Error {}\nthrow Stop()\n", "")
    _ = try checkIncrementalRunMatchesAFullRun(reused: 2)
  }
}
