/// What `nbrun --watch` is doing now, as the served page's status bar shows
/// it: sent whole to each page on every change, so a page that connects in
/// the middle of a run shows the running cell at once.
public struct LiveState: Codable, Sendable, Equatable {
  public enum Phase: String, Codable, Sendable {
    /// No run yet: the first one is about to start.
    case starting
    case compiling
    case running
    /// The last run has ended; waiting for the notebook to change.
    case watching
  }

  public enum Outcome: String, Codable, Sendable {
    case succeeded
    case failed
    /// The notebook did not parse or its parameters were wrong: no report
    /// was written and the page is the previous one.
    case notRun = "not run"
  }

  /// The notebook's path, as given on the command line.
  public var notebook: String
  public var phase: Phase = .starting
  /// Runs that have ended: a page served before the last of them is stale.
  public var finishedRuns = 0
  /// The running cell's name ("cell 2" or its label) and its fence line.
  public var cell: String?
  public var cellLine: Int?
  /// The running cell's last progress text and fraction done (0...1).
  public var progress: String?
  public var fraction: Double?
  public var lastOutcome: Outcome?
  /// The last run's failure, located: `x.md:12: error: …`.
  public var failure: String?
  /// The notebook changed during the run: it runs again when this one ends.
  public var changedDuringRun = false
  /// How the run going on has ended, once the runner has said so.
  var runOutcome: Outcome?

  public init(notebook: String) { self.notebook = notebook }

  /// `runOutcome` is the session's own: pages are not sent it.
  enum CodingKeys: String, CodingKey {
    case notebook, phase, finishedRuns, cell, cellLine, progress, fraction, lastOutcome, failure
    case changedDuringRun
  }
}
