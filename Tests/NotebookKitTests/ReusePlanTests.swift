import NotebookProtocol
import XCTest

@testable import NotebookKit

/// Which cells a run reuses, from the last run's record and the snapshots
/// on disk, and the reason it gives for each cell.
final class ReusePlanTests: XCTestCase {
  private var folder: URL!
  private var store: StateStore { StateStore(buildFolder: folder) }

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("reuse-plan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  private let notebook = try! NotebookParser.parse(
    (1...4).map { "```swift\n//| label: c\($0)\nprint(\($0))\n```\n" }.joined(separator: "\n"), path: "p.md")

  /// A last run whose cells had `keys`, all clean, states saved after `saved`.
  private func previous(keys: [String], saved: Set<Int>) throws -> RunRecord {
    let cells = keys.enumerated().map { index, key in
      var cell = CellResult()
      cell.status = .succeeded
      cell.state = CellState(key: key, code: CellKeys.code(of: notebook.cells[index]))
      cell.state?.saved = saved.contains(index)
      if !saved.contains(index) { cell.state?.reason = "`f` (line 3) is a () -> (), which is not Codable" }
      return cell
    }
    for index in saved { try snapshot(keys[index]) }
    return RunRecord(
      notebook: "p.md", title: "P", parameters: [:], parameterOrder: [], profile: nil,
      environment: RunEnvironment(date: "2026-12-02T05:00:00Z", gitCommit: "", toolchain: "", machine: ""),
      result: RunResult(status: .succeeded, cells: cells), cacheKey: "")
  }

  private func snapshot(_ key: String) throws {
    let snapshot = store.url.appendingPathComponent(key)
    try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
    try Data("{}".utf8).write(to: snapshot.appendingPathComponent("manifest.json"))
  }

  private func plan(_ keys: [String], previous: RunRecord?, force: Bool = false) -> ReusePlan {
    ReusePlan.make(notebook: notebook, keys: keys, previous: previous, store: store, force: force)
  }

  func testAnEditedThirdCellReusesTheTwoBeforeIt() throws {
    let last = try previous(keys: ["a", "b", "c", "d"], saved: [0, 1, 2])
    let plan = plan(["a", "b", "C", "D"], previous: last)
    XCTAssertEqual(plan.lastReused, 1)
    XCTAssertFalse(plan.reusesAll)
    XCTAssertEqual(
      plan.reasons[0],
      "reused from the run of 2026-12-02T05:00:00Z: it and every cell before it are unchanged")
    XCTAssertEqual(plan.reasons[2], "runs: its code changed")
    XCTAssertEqual(plan.reasons[3], "runs: c3, before it, runs")
  }

  func testAStateThatWasNotSavedMovesTheStartBackAndSaysWhy() throws {
    let last = try previous(keys: ["a", "b", "c", "d"], saved: [0])
    let plan = plan(["a", "b", "c", "D"], previous: last)
    XCTAssertEqual(plan.lastReused, 0)
    XCTAssertEqual(
      plan.reasons[1],
      "runs again though unchanged: the state after c2 was not saved (`f` (line 3) is a () -> (), which is not Codable)"
    )
    XCTAssertEqual(plan.reasons[2], plan.reasons[1])
  }

  /// Every key changed while the first cell's code did not: the reason
  /// names what every cell depends on that changed, from the record.
  func testAChangedLibraryIsNamedAsTheReasonEverythingRuns() throws {
    var last = try previous(keys: ["a", "b", "c", "d"], saved: [0, 1, 2])
    last.stateInputs = ["the core library": "1", "the CPU": "x", "the data files": "d"]
    let plan = ReusePlan.make(
      notebook: notebook, keys: ["A", "B", "C", "D"],
      inputs: ["the core library": "2", "the CPU": "y", "the data files": "d"], previous: last, store: store,
      force: false)
    XCTAssertNil(plan.lastReused)
    XCTAssertEqual(plan.reasons[0], "runs: the CPU, the core library changed")
    XCTAssertEqual(plan.reasons[1], "runs: c1, before it, runs")
  }

  func testNothingChangedReusesEverything() throws {
    let last = try previous(keys: ["a", "b", "c", "d"], saved: [0, 1, 2])
    XCTAssertTrue(plan(["a", "b", "c", "d"], previous: last).reusesAll)
  }

  func testForceAFirstRunAndAMissingSnapshotRunEverything() throws {
    let last = try previous(keys: ["a", "b", "c", "d"], saved: [0, 1, 2])
    XCTAssertNil(plan(["a", "b", "c", "X"], previous: last, force: true).lastReused)
    XCTAssertEqual(plan(["a", "b", "c", "X"], previous: last, force: true).reasons[0], "runs: --force")
    XCTAssertEqual(
      Set(plan(["a", "b", "c", "d"], previous: nil).reasons),
      ["runs: no earlier run of this notebook to reuse"])
    try FileManager.default.removeItem(at: store.url)
    XCTAssertNil(plan(["a", "b", "c", "X"], previous: last).lastReused)
  }

  func testAChangeEveryCellDependsOnIsToldApartFromAnEdit() throws {
    let last = try previous(keys: ["a", "b", "c", "d"], saved: [0, 1, 2])
    XCTAssertEqual(
      plan(["A", "B", "C", "D"], previous: last).reasons[0],
      "runs: what every cell depends on changed (parameters, profile, core library, data, toolchain, CPU or threads)"
    )
  }

  func testPruningKeepsOnlyWhatTheNewRecordNeeds() throws {
    _ = try previous(keys: ["a", "b", "c", "d"], saved: [0, 1, 2])
    let blobs = store.url.appendingPathComponent("blobs")
    try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
    try Data().write(to: blobs.appendingPathComponent("kept.f32"))
    try Data().write(to: blobs.appendingPathComponent("orphan.f32"))
    try JSONEncoder().encode(StateManifest(cell: 0, variables: ["x"], blobs: ["kept.f32"], bytes: 0))
      .write(to: store.url.appendingPathComponent("a/manifest.json"))
    store.prune(keeping: ["a"])
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: store.url.path).sorted(), ["a", "blobs"])
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: blobs.path), ["kept.f32"])
  }
}
