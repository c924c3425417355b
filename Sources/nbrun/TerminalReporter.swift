import Foundation
import NotebookKit

/// Shows what nbrun is doing: a live status line on a terminal, plain
/// timestamped lines in a log (CI).
final class TerminalReporter: ProgressReporter {
  private let interactive = isatty(STDOUT_FILENO) != 0
  private var notebookStarted = Date()
  private var cellStarted = Date()
  private var lastProgressLine = Date.distantPast
  private var statusShown = false
  /// Notebooks that ran but whose prose claims something the run contradicts.
  private(set) var notebooksWithFailedClaims: [String] = []

  func line(_ text: String) {
    clearStatus()
    print(text)
    fflush(nil)  // nil: every stream; Swift 6 forbids naming C's stdout
  }

  private func status(_ text: String) {
    guard interactive else { return }
    print("\r\u{1B}[2K" + text, terminator: "")
    fflush(nil)  // nil: every stream; Swift 6 forbids naming C's stdout
    statusShown = true
  }

  private func clearStatus() {
    guard statusShown else { return }
    print("\r\u{1B}[2K", terminator: "")
    statusShown = false
  }

  private var elapsed: String { String(format: "%.1f s", Date().timeIntervalSince(notebookStarted)) }

  func notebookStarted(_ notebook: Notebook) {
    notebookStarted = Date()
    line("▶ \(notebook.path) (\(notebook.cells.count) cells)")
    status("  compiling…")
  }

  func compiled(_ notebook: Notebook, seconds: Double) {
    if !interactive { line(String(format: "  compiled in %.1f s", seconds)) }
  }

  func cellStarted(_ cell: Cell, of notebook: Notebook) {
    cellStarted = Date()
    let text = "  \(cell.displayName) of \(notebook.cells.count) (\(notebook.path):\(cell.fenceLine))"
    if interactive { status(text + " · \(elapsed)") } else { line(text + " started") }
  }

  func cellProgress(_ cell: Cell, of notebook: Notebook, _ text: String) {
    let seconds = String(format: "%.0f s", Date().timeIntervalSince(cellStarted))
    if interactive {
      status(
        "  \(cell.displayName) of \(notebook.cells.count): \(text) · \(seconds) in cell, \(elapsed) total")
    } else if Date().timeIntervalSince(lastProgressLine) > 10 {
      lastProgressLine = Date()
      line("  \(cell.displayName): \(text) (\(seconds))")
    }
  }

  func cellFinished(_ cell: Cell, of notebook: Notebook, result: CellResult) {
    if !interactive { line(String(format: "  \(cell.displayName) done in %.2f s", result.seconds ?? 0)) }
  }

  func notebookFinished(_ notebook: Notebook, result: RunResult, cached: Bool, report: String) {
    let time = String(format: "%.1f s", result.seconds + result.compileSeconds)
    if !result.failedClaims.isEmpty { notebooksWithFailedClaims.append(notebook.path) }
    for failed in result.failedClaims {
      printError(
        "\(notebook.path): warning: a claim does not hold: \(failed.text)"
          + (failed.evidence.map { " (\($0))" } ?? ""))
    }
    switch result.status {
    case .succeeded:
      line(
        "✓ \(notebook.path): " + (cached ? "unchanged, outputs reused" : "all cells ran (\(time))")
          + " · \(result.verdictSummary) → \(report)")
    case .compileFailed(let diagnostics):
      printError(diagnostics)
      line("✗ \(notebook.path): does not compile (see above) → \(report)")
    case .cellFailed(let index), .timedOut(let index?, _):
      let cell = notebook.cells[index]
      let message = result.cells[index].error ?? "failed"
      let location = cell.failureLocation(result.cells[index].errorPosition)
      printError("\(location): error: \(cell.displayName) failed: \(message)")
      line("✗ \(notebook.path): \(cell.displayName) failed (\(time)) → \(report)")
    case .timedOut(nil, let seconds):
      line("✗ \(notebook.path): timed out after \(Int(seconds)) s → \(report)")
    }
  }

  func warning(_ message: String) {
    clearStatus()
    printError(message)
  }

  func notebookFailedToStart(_ path: String, error: String) {
    clearStatus()
    printError(error)
    line("✗ \(path): not run")
  }
}
