import Foundation

/// Hears a watched notebook's runs (beside the terminal's reporter) and
/// keeps `LiveState` up to date, sending each change to the served pages.
public final class LiveStatus: ProgressReporter, @unchecked Sendable {
  private let lock = NSLock()
  private var state: LiveState
  private let broadcaster: EventBroadcaster
  /// Set when nbrun stops: nothing more is sent.
  private var silenced = false

  init(notebook: String, broadcaster: EventBroadcaster) {
    state = LiveState(notebook: notebook)
    self.broadcaster = broadcaster
  }

  /// The state now, as an event for a page that has just connected.
  var current: LiveState { lock.withLock { state } }

  /// Changes the state and sends it to every page.
  func update(_ change: (inout LiveState) -> Void) {
    let event: ServerSentEvent? = lock.withLock {
      change(&state)
      return silenced ? nil : ServerSentEvent.status(state)
    }
    if let event { broadcaster.send(event.encoded) }
  }

  /// From now on the pages hear nothing more: nbrun is stopping, and what
  /// ends now (the run, killed) would only mislead them.
  func silence() { lock.withLock { silenced = true } }

  /// A run has ended (its report written, or its error told): pages load
  /// the report again.
  func runEnded() {
    var finished = 0
    update {
      let outcome = $0.runOutcome ?? .failed
      $0.phase = .watching
      $0.cell = nil
      $0.cellLine = nil
      $0.progress = nil
      $0.fraction = nil
      $0.lastOutcome = outcome
      $0.runOutcome = nil
      if outcome == .succeeded { $0.failure = nil }
      $0.finishedRuns += 1
      finished = $0.finishedRuns
    }
    if !lock.withLock({ silenced }) {
      broadcaster.send(ServerSentEvent.reload(finishedRuns: finished).encoded)
    }
  }

  public func notebookStarted(_ notebook: Notebook) {
    update {
      $0.phase = .compiling
      $0.failure = nil
      $0.changedDuringRun = false
    }
  }

  public func compiled(_ notebook: Notebook, seconds: Double) { update { $0.phase = .running } }

  public func cellStarted(_ cell: Cell, of notebook: Notebook) {
    update {
      $0.phase = .running
      $0.cell = cell.displayName
      $0.cellLine = cell.fenceLine
      $0.progress = nil
      $0.fraction = nil
    }
  }

  public func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String) {
    update { $0.progress = text }
  }

  public func cellFraction(_ cell: Cell, of notebook: Notebook, done: Double) {
    update { $0.fraction = done }
  }

  public func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult) {
    update { $0.fraction = result.status == .succeeded ? 1 : $0.fraction }
  }

  public func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String) {
    let failure = NotebookSummary.failure(of: result, in: notebook)?.description
    update {
      $0.failure = failure
      $0.runOutcome = result.succeeded ? .succeeded : .failed
    }
  }

  public func notebookFailedToStart(_ path: String, error: String) {
    let located =
      error.split(separator: "\n").lazy.compactMap(LocatedMessage.init(parsing:)).first
      ?? LocatedMessage(file: path, line: nil, severity: .error, text: error)
    update {
      $0.failure = located.description
      $0.runOutcome = .notRun
    }
  }

  public func warning(_ message: String) {}
}
