/// Hears what the runner is doing, for a terminal or a log.
public protocol ProgressReporter: AnyObject {
  func notebookStarted(_ notebook: Notebook)
  func compiled(_ notebook: Notebook, seconds: Double)
  func cellStarted(_ cell: Cell, of notebook: Notebook)
  func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String)
  func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult)
  func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String)
  func notebookFailedToStart(_ path: String, error: String)
  /// Something the author should fix that does not stop the run
  /// (a formula that cannot be typeset), as `file:line: warning: …`.
  func warning(_ message: String)
}
