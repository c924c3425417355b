/// Hears what the runner is doing, for a terminal or a log.
public protocol ProgressReporter: AnyObject {
  func notebookStarted(_ notebook: Notebook)
  /// The record of the notebook's last report, told before it runs: its
  /// per-cell durations make an estimate of the time left.
  func previousRun(of notebook: Notebook, record: RunRecord)
  func compiled(_ notebook: Notebook, seconds: Double)
  func cellStarted(_ cell: Cell, of notebook: Notebook)
  func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String)
  /// How much of the running cell's work is done, 0...1 (training steps).
  func cellFraction(_ cell: Cell, of notebook: Notebook, done: Double)
  /// Text the running cell printed, as it arrives.
  func cellOutput(_ cell: Cell, of notebook: Notebook, _ text: String)
  func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult)
  func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String)
  func notebookFailedToStart(_ path: String, error: String)
  /// Something the author should fix that does not stop the run
  /// (a formula that cannot be typeset), as `file:line: warning: …`.
  func warning(_ message: String)
  /// Why each cell runs or is reused (`--explain`), before the run.
  func explained(_ notebook: Notebook, reasons: [String])
}

/// What a reporter that does not care about these hears.
extension ProgressReporter {
  public func previousRun(of notebook: Notebook, record: RunRecord) {}
  public func cellFraction(_ cell: Cell, of notebook: Notebook, done: Double) {}
  public func cellOutput(_ cell: Cell, of notebook: Notebook, _ text: String) {}
  public func explained(_ notebook: Notebook, reasons: [String]) {}
}
