import Foundation

/// What a run of a notebook would do, cell by cell, without running it
/// (`nbrun --dry-run`): which cells run and which are reused, why, and what
/// each took in the last run, so that an author knows what an edit costs.
public struct RunPlan: Sendable, Equatable {
  public struct Cell: Sendable, Equatable {
    public var name: String
    /// `file:line` of the cell's opening fence.
    public var location: String
    public var runs: Bool
    public var reason: String
    /// The cell's time in the last run, when there was one.
    public var lastSeconds: Double?
  }

  public var notebook: String
  public var cells: [Cell]
  /// Nothing would run: the report would only be rendered again.
  public var rendersOnly: Bool

  /// What the cells that would run took last time; nil when one of them
  /// has no time (new, or never finished).
  public var secondsByLastRun: Double? {
    let running = cells.filter(\.runs)
    let times = running.compactMap(\.lastSeconds)
    return times.count == running.count ? times.reduce(0, +) : nil
  }

  init(notebook: Notebook, plan: ReusePlan, previous: RunRecord?, rendersOnly: Bool) {
    self.notebook = notebook.path
    self.rendersOnly = rendersOnly
    let old = previous?.result.cells ?? []
    cells = notebook.cells.indices.map { index in
      let cell = notebook.cells[index]
      return Cell(
        name: cell.displayName, location: "\(cell.location.file):\(cell.fenceLine)",
        runs: !rendersOnly && index > (plan.lastReused ?? -1),
        reason: rendersOnly && !plan.reusesAll
          ? "reused: nothing that runs changed since the last run" : plan.reasons[index],
        lastSeconds: index < old.count ? old[index].seconds : nil)
    }
  }
}
