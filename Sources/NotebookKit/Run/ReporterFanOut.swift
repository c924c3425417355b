/// Passes everything the runner reports on to several reporters (the
/// terminal and the CI summary), holding them.
public final class ReporterFanOut: ProgressReporter {
  private let reporters: [any ProgressReporter]

  public init(_ reporters: [any ProgressReporter]) { self.reporters = reporters }

  public func notebookStarted(_ notebook: Notebook) {
    for reporter in reporters { reporter.notebookStarted(notebook) }
  }
  public func previousRun(of notebook: Notebook, record: RunRecord) {
    for reporter in reporters { reporter.previousRun(of: notebook, record: record) }
  }
  public func compiled(_ notebook: Notebook, seconds: Double) {
    for reporter in reporters { reporter.compiled(notebook, seconds: seconds) }
  }
  public func cellStarted(_ cell: Cell, of notebook: Notebook) {
    for reporter in reporters { reporter.cellStarted(cell, of: notebook) }
  }
  public func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String) {
    for reporter in reporters { reporter.cellProgress(cell, of: notebook, text) }
  }
  public func cellFraction(_ cell: Cell, of notebook: Notebook, done: Double) {
    for reporter in reporters { reporter.cellFraction(cell, of: notebook, done: done) }
  }
  public func cellOutput(_ cell: Cell, of notebook: Notebook, _ text: String) {
    for reporter in reporters { reporter.cellOutput(cell, of: notebook, text) }
  }
  public func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult) {
    for reporter in reporters { reporter.cellFinished(cell, of: notebook, result: result) }
  }
  public func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String) {
    for reporter in reporters {
      reporter.notebookFinished(notebook, result: result, cached: cached, report: report)
    }
  }
  public func notebookFailedToStart(_ path: String, error: String) {
    for reporter in reporters { reporter.notebookFailedToStart(path, error: error) }
  }
  public func warning(_ message: String) {
    for reporter in reporters { reporter.warning(message) }
  }
  public func explained(_ notebook: Notebook, reasons: [String]) {
    for reporter in reporters { reporter.explained(notebook, reasons: reasons) }
  }
}
