import Foundation

/// Builds the `RunSummary` of a run from what the runner reports, one
/// notebook after another.
public final class RunSummaryCollector: ProgressReporter {
  public private(set) var summary: RunSummary
  private let started: Date
  /// Warnings heard since the last notebook ended: they belong to the next
  /// one (parameters are resolved before a notebook is announced).
  private var pendingWarnings: [String] = []

  /// The sweep point of the notebook about to run, for its entry.
  public var point: String?

  public init(started: Date = Date()) {
    self.started = started
    summary = RunSummary(started: started)
  }

  public func notebookStarted(_ notebook: Notebook) {}
  public func compiled(_ notebook: Notebook, seconds: Double) {}
  public func cellStarted(_ cell: Cell, of notebook: Notebook) {}
  public func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String) {}
  public func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult) {}

  public func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String) {
    var entry = NotebookSummary(notebook: notebook, result: result, cached: cached, report: report)
    entry.warnings = pendingWarnings
    append(entry)
  }

  public func notebookFailedToStart(_ path: String, error: String) {
    var entry = NotebookSummary(notebook: path, status: .notRun)
    entry.failure =
      error.split(separator: "\n").lazy.compactMap(LocatedMessage.init(parsing:)).first
      ?? LocatedMessage(file: path, line: nil, severity: .error, text: error)
    entry.warnings = pendingWarnings
    append(entry)
  }

  public func warning(_ message: String) { pendingWarnings.append(message) }

  /// The notebook at `path` did not run because of the command line (the
  /// runner's `.usageError` outcome), which its summary then says.
  public func markUsageError(_ path: String) {
    if let last = summary.notebooks.lastIndex(where: { $0.notebook == path && $0.status == .notRun }) {
      summary.notebooks[last].status = .usageError
    }
  }

  private func append(_ entry: NotebookSummary) {
    var entry = entry
    entry.point = point
    summary.notebooks.append(entry)
    pendingWarnings = []
    summary.seconds = Date().timeIntervalSince(started)
  }
}
