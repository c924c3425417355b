import Foundation
import NotebookKit

/// A `RunPlan` as `--dry-run` prints it: a line for the notebook, then one
/// per cell with what it would do, why, and its time in the last run.
enum PlanText {
  static func lines(of plan: RunPlan) -> [String] {
    let running = plan.cells.filter(\.runs).count
    let cost = plan.secondsByLastRun.map { " (about \(readableDuration(seconds: $0)) by the last run)" } ?? ""
    let headline =
      plan.rendersOnly
      ? "\(plan.notebook): nothing would run; the report would be rendered again"
      : "\(plan.notebook): \(running) of \(plan.cells.count) cells would run\(cost), "
        + "\(plan.cells.count - running) reused"
    return [headline]
      + plan.cells.map { cell in
        let took = cell.lastSeconds.map { ", \(readableDuration(seconds: $0)) last time" } ?? ""
        return "  \(cell.runs ? "run  " : "reuse") \(cell.name) (\(cell.location)\(took)): \(cell.reason)"
      }
  }
}
