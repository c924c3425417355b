import Foundation
import NotebookKit

/// Shows what nbrun is doing. On a terminal, a status line redrawn four
/// times a second (a heartbeat: the clocks move while a cell computes or
/// the compiler works) with an estimate of the time left. In a log (CI),
/// lines through swift-log, each with its timestamp, and a line every ten
/// seconds of silence. With `--log-output`, what cells print as it comes.
final class TerminalReporter: ProgressReporter, @unchecked Sendable {
  private let interactive = LogLine.interactive
  private let logOutput: Bool
  /// Guards everything below: the heartbeat draws from a timer thread.
  private let lock = NSLock()
  private var heartbeat: DispatchSourceTimer?
  private var notebook: Notebook?
  private var notebookStarted = Date()
  private var estimate = TimeLeftEstimate(previousCells: [], previousCompile: nil)
  private var compiling = false
  private var cell: Cell?
  private var cellStarted = Date()
  private var cellText: String?
  private var cellFraction: Double?
  private var lastLogLine = Date()
  private var statusShown = false
  /// What the running cell printed since its last newline (`--log-output`).
  private var partialOutput = ""
  /// Notebooks that ran but whose prose claims something the run contradicts.
  private(set) var notebooksWithFailedClaims: [String] = []

  init(logOutput: Bool) {
    self.logOutput = logOutput
  }

  func line(_ text: String) { lock.withLock { say(text) } }

  /// Prints a line: on a terminal above the status line, in a log with a
  /// timestamp. Called with the lock held.
  private func say(_ text: String) {
    clearStatus()
    LogLine.write(text)
    drawStatus()
    lastLogLine = Date()
  }

  private func sayError(_ text: String) {
    clearStatus()
    printError(text)
    drawStatus()
  }

  private func clearStatus() {
    guard statusShown else { return }
    print("\r\u{1B}[2K", terminator: "")
    statusShown = false
  }

  private func drawStatus() {
    guard interactive, let status = statusText() else { return }
    print("\r\u{1B}[2K" + status, terminator: "")
    fflush(nil)
    statusShown = true
  }

  /// "  train (3 of 5) · epoch 1/2, step 30/60 · 4 s in cell · 12 s · ~20 s left".
  private func statusText() -> String? {
    guard let notebook else { return nil }
    let now = Date()
    let total = now.timeIntervalSince(notebookStarted)
    if compiling {
      let left = estimate.notebookLeftWhileCompiling(elapsed: total)
      return "  compiling… · \(readableDuration(seconds: total))"
        + (left.map { " · ~\(readableDuration(seconds: $0)) left" } ?? "")
    }
    guard let cell else { return "  \(notebook.path) · \(readableDuration(seconds: total))" }
    let inCell = now.timeIntervalSince(cellStarted)
    var parts = ["  \(cell.displayName) (\(cell.index + 1) of \(notebook.cells.count))"]
    if let cellText { parts.append(cellText) }
    parts.append("\(readableDuration(seconds: inCell)) in cell")
    parts.append("\(readableDuration(seconds: total)) total")
    if let left = estimate.notebookLeft(cell: cell.index, elapsed: inCell, fraction: cellFraction) {
      parts.append("~\(readableDuration(seconds: left)) left")
    } else if let left = estimate.cellLeft(cell: cell.index, elapsed: inCell, fraction: cellFraction) {
      parts.append("~\(readableDuration(seconds: left)) left in cell")
    }
    return parts.joined(separator: " · ")
  }

  private func beat() {
    lock.withLock {
      if interactive {
        drawStatus()
      } else if Date().timeIntervalSince(lastLogLine) >= 10, let status = statusText() {
        say(status.trimmingCharacters(in: .whitespaces))
      }
    }
  }

  private func startHeartbeat() {
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now() + 0.25, repeating: 0.25)
    timer.setEventHandler { [weak self] in self?.beat() }
    timer.resume()
    heartbeat = timer
  }

  private func stopHeartbeat() {
    heartbeat?.cancel()
    heartbeat = nil
  }

  func notebookStarted(_ notebook: Notebook) {
    lock.withLock {
      self.notebook = notebook
      notebookStarted = Date()
      estimate = TimeLeftEstimate(record: nil, cellCount: notebook.cells.count)
      // Until the program runs: the cache check is quick, the compiler not.
      compiling = true
      cell = nil
      say("▶ \(notebook.path) (\(notebook.cells.count) cells)")
    }
    startHeartbeat()
  }

  func previousRun(of notebook: Notebook, record: RunRecord) {
    lock.withLock {
      estimate = TimeLeftEstimate(record: record, cellCount: notebook.cells.count)
    }
  }

  func compiled(_ notebook: Notebook, seconds: Double) {
    lock.withLock {
      compiling = false
      if !interactive { say(String(format: "  compiled in %.1f s", seconds)) }
    }
  }

  func cellStarted(_ cell: Cell, of notebook: Notebook) {
    lock.withLock {
      compiling = false
      self.cell = cell
      cellStarted = Date()
      cellText = nil
      cellFraction = nil
      if interactive {
        drawStatus()
      } else {
        say("  \(cell.displayName) of \(notebook.cells.count) (\(notebook.path):\(cell.fenceLine)) started")
      }
    }
  }

  func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String) {
    lock.withLock {
      cellText = text
      drawStatus()
    }
  }

  func cellFraction(_ cell: Cell, of notebook: Notebook, done: Double) {
    lock.withLock { cellFraction = done }
  }

  func cellOutput(_ cell: Cell, of notebook: Notebook, _ text: String) {
    guard logOutput else { return }
    lock.withLock {
      partialOutput += text
      while let newline = partialOutput.firstIndex(of: "\n") {
        say("  │ " + partialOutput[..<newline])
        partialOutput = String(partialOutput[partialOutput.index(after: newline)...])
      }
    }
  }

  func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult) {
    lock.withLock {
      flushOutput()
      self.cell = nil
      if !interactive { say(String(format: "  \(cell.displayName) done in %.2f s", result.seconds ?? 0)) }
    }
  }

  private func flushOutput() {
    if !partialOutput.isEmpty { say("  │ " + partialOutput) }
    partialOutput = ""
  }

  func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String) {
    stopHeartbeat()
    lock.withLock {
      flushOutput()
      self.notebook = nil
      let time = String(format: "%.1f s", result.seconds + result.compileSeconds)
      if !result.failedClaims.isEmpty { notebooksWithFailedClaims.append(notebook.path) }
      for failed in result.failedClaims {
        sayError(
          "\(notebook.path): warning: a claim does not hold: \(failed.text)"
            + (failed.evidence.map { " (\($0))" } ?? ""))
      }
      switch result.status {
      case .succeeded:
        let reused = result.reusedCells.count
        let ran =
          cached
          ? "unchanged, outputs reused"
          : reused > 0
            ? "\(result.cells.count - reused) of \(result.cells.count) cells ran, \(reused) reused (\(time))"
            : "all cells ran (\(time))"
        say("✓ \(notebook.path): \(ran) · \(result.verdictSummary) → \(report)")
      case .compileFailed(let diagnostics):
        sayError(diagnostics)
        say("✗ \(notebook.path): does not compile (see above) → \(report)")
      case .cellFailed(let index), .timedOut(let index?, _):
        let cell = notebook.cells[index]
        let message = result.cells[index].error ?? "failed"
        let location = cell.failureLocation(result.cells[index].errorPosition)
        sayError("\(location): error: \(cell.displayName) failed: \(message)")
        say("✗ \(notebook.path): \(cell.displayName) failed (\(time)) → \(report)")
      case .timedOut(nil, let seconds):
        say("✗ \(notebook.path): timed out after \(Int(seconds)) s → \(report)")
      }
    }
  }

  func explained(_ notebook: Notebook, reasons: [String]) {
    lock.withLock {
      for (cell, reason) in zip(notebook.cells, reasons) {
        say("  \(cell.displayName) (\(cell.location.file):\(cell.fenceLine)): \(reason)")
      }
    }
  }

  func warning(_ message: String) {
    lock.withLock { sayError(message) }
  }

  func notebookFailedToStart(_ path: String, error: String) {
    stopHeartbeat()
    lock.withLock {
      notebook = nil
      sayError(error)
      say("✗ \(path): not run")
    }
  }
}
