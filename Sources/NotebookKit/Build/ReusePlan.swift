import Foundation

/// Which cells a run takes from the last run instead of running them, and
/// why each cell runs or is reused (`nbrun --explain`).
///
/// Cells `0...lastReused` are reused when each one's key (`CellKeys`)
/// equals the last run's key for it, each ran cleanly then, and the state
/// after `lastReused` was saved: the program restores that state and runs
/// the cells after it. When every key matches, nothing runs at all.
struct ReusePlan: Equatable {
  /// The last reused cell, or nil when every cell runs.
  var lastReused: Int?
  /// Every cell is reused: nothing needs to run.
  var reusesAll = false
  /// Per cell, in order: why it runs or is reused.
  var reasons: [String]

  static func make(
    notebook: Notebook, keys: [String], inputs: [String: String]? = nil, previous: RunRecord?,
    store: StateStore, force: Bool
  ) -> ReusePlan {
    let cells = notebook.cells
    func all(_ reason: String) -> ReusePlan { ReusePlan(reasons: cells.map { _ in reason }) }
    if force { return all("runs: --force") }
    guard let previous else { return all("runs: no earlier run of this notebook to reuse") }
    guard previous.result.cells.contains(where: { $0.state != nil }) else {
      return all("runs: the last run kept no state (it was made before incremental runs)")
    }
    let old = previous.result.cells
    let when = "the run of \(previous.environment.date)"
    // The longest prefix of cells unchanged since the last run, and clean then.
    var unchanged = 0
    while unchanged < cells.count, unchanged < old.count, old[unchanged].state?.key == keys[unchanged],
      [.succeeded, .failedAsExpected].contains(old[unchanged].status)
    {
      unchanged += 1
    }
    if unchanged == cells.count {
      return ReusePlan(
        lastReused: cells.count - 1, reusesAll: true,
        reasons: cells.map { _ in "reused from \(when): it and every cell before it are unchanged" })
    }
    let lastReused = (0..<unchanged).last { old[$0].state?.saved == true && store.hasSnapshot(keys[$0]) }
    let firstRun = lastReused.map { $0 + 1 } ?? 0
    let reasons = cells.indices.map { index -> String in
      if let lastReused, index <= lastReused {
        return "reused from \(when): it and every cell before it are unchanged"
      }
      if index < unchanged {
        let unsaved = (firstRun..<unchanged).first { !store.hasSnapshot(keys[$0]) } ?? index
        let why = old[unsaved].state?.reason ?? "its snapshot is gone"
        return
          "runs again though unchanged: the state after \(cells[unsaved].displayName) was not saved (\(why))"
      }
      if index > unchanged { return "runs: \(cells[unchanged].displayName), before it, runs" }
      if index >= old.count { return "runs: a new cell" }
      if old[index].state?.key == keys[index] { return "runs: it did not finish cleanly in \(when)" }
      if old[index].state == nil { return "runs: \(when) kept no state" }
      guard index == 0 && old[index].state?.code == CellKeys.code(of: cells[index]) else {
        return "runs: its code changed"
      }
      return "runs: " + changedInputs(from: previous.stateInputs, to: inputs)
    }
    return ReusePlan(lastReused: lastReused, reasons: reasons)
  }

  /// Which of what every cell depends on changed, in words.
  static func changedInputs(from old: [String: String]?, to new: [String: String]?) -> String {
    guard let old, let new else {
      return "what every cell depends on changed (parameters, profile, core library, data, toolchain, "
        + "CPU or threads)"
    }
    let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    return changed.isEmpty
      ? "what every cell depends on changed" : "\(changed.joined(separator: ", ")) changed"
  }
}
