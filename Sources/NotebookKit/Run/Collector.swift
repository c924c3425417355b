import Foundation
import NotebookProtocol

/// The collect stage: what the notebook program sends, text and records in
/// their order, becomes a `RunResult`, each piece with the cell that was
/// running; `finish` then says how the run ended from how the program did.
struct Collector {
  let notebook: Notebook
  weak var reporter: (any ProgressReporter)?
  private(set) var result: RunResult
  /// The cell between its start and finish records, if any.
  private(set) var running: Int?
  private var lastStarted = 0
  private(set) var cellStarted = Date()

  /// `states`: each cell's state key, when the program saves its state.
  init(notebook: Notebook, states: [CellState] = [], reporter: (any ProgressReporter)?) {
    self.notebook = notebook
    self.reporter = reporter
    result = RunResult(status: .succeeded, cells: Array(repeating: CellResult(), count: notebook.cells.count))
    for (index, state) in zip(result.cells.indices, states) { result.cells[index].state = state }
  }

  /// The cell output now belongs to: the running one, else the last started
  /// (what a program prints as it ends after a cell).
  var currentCell: Int { running ?? lastStarted }

  mutating func take(_ piece: ChannelMerger.Piece) {
    switch piece {
    case .text(let text):
      let cell = currentCell
      guard cell < notebook.cells.count else { return }
      reporter?.cellOutput(notebook.cells[cell], of: notebook, text)
      if case .text(let previous)? = result.cells[cell].events.last {
        result.cells[cell].events[result.cells[cell].events.count - 1] = .text(previous + text)
      } else {
        result.cells[cell].events.append(.text(text))
      }
    case .record(let record):
      apply(record)
    }
  }

  private mutating func apply(_ record: ChannelRecord) {
    let cells = notebook.cells
    // Only the runtime writes records, but a cell can write to any
    // descriptor: a record naming a cell that does not exist is ignored.
    guard record.cell.map(cells.indices.contains) ?? true else { return }
    switch record {
    case .cellStarted(let cell):
      running = cell
      lastStarted = cell
      cellStarted = Date()
      reporter?.cellStarted(cells[cell], of: notebook)
    case .cellFinished(let cell, let seconds):
      if result.cells[cell].status == .notRun { result.cells[cell].status = .succeeded }
      result.cells[cell].seconds = seconds
      running = nil
      reporter?.cellFinished(cells[cell], of: notebook, result: result.cells[cell])
    case .output(let cell, let output):
      result.cells[cell].events.append(.rich(output))
    case .progress(let cell, let text):
      reporter?.cellProgress(cells[cell], of: notebook, text)
    case .progressFraction(let cell, let done):
      reporter?.cellFraction(cells[cell], of: notebook, done: done)
    case .dataset(let description):
      if !result.datasets.contains(description) { result.datasets.append(description) }
      if cells.indices.contains(currentCell) { result.cells[currentCell].datasets.append(description) }
    case .comparison(let comparison):
      result.comparisons.append(comparison)
      if cells.indices.contains(currentCell) { result.cells[currentCell].comparisons.append(comparison) }
    case .claim(let cell, let claim):
      result.cells[cell].events.append(.claim(claim))
    case .expectedError(let cell, let message):
      result.cells[cell].status = .failedAsExpected
      result.cells[cell].error = message
    case .missingExpectedError(let cell):
      fail(cell, "the cell is marked expect-error but finished without throwing", at: nil)
    case .cellFailed(let cell, let message, let position):
      fail(cell, "uncaught error: \(message)", at: position)
    case .stateSaved(let cell, let bytes, let seconds):
      result.cells[cell].state?.saved = true
      result.cells[cell].state?.bytes = bytes
      result.cells[cell].state?.seconds = seconds
    case .stateNotSaved(let cell, let reason):
      result.cells[cell].state?.reason = reason
    }
  }

  private mutating func fail(_ cell: Int, _ message: String, at position: SourcePosition?) {
    result.cells[cell].status = .failed
    result.cells[cell].error = message
    result.cells[cell].errorPosition = position
  }

  /// How the program ended, as the executor saw it.
  struct Ending {
    var timedOut: RunResult.Status?
    var exitCode: Int32?
    var signal: Int32?
    var crash: CrashReport?
    /// Where the crash report places the program in the notebook.
    var crashPosition: SourcePosition?
    var seconds: Double
  }

  /// The result, with the run's status: a time-out, a cell's failure record,
  /// else a program that did not end cleanly (a trap, an exit) blamed on
  /// the cell it was in.
  mutating func finish(_ ending: Ending) -> RunResult {
    result.seconds = ending.seconds
    let cell = currentCell
    let inCell = cell < notebook.cells.count
    if ending.crash != nil, inCell {
      result.cells[cell].events = result.cells[cell].events.compactMap(Self.removingBacktracerNotice)
    }
    if let timedOut = ending.timedOut {
      result.status = timedOut
      if case .timedOut(let cell?, let seconds) = timedOut {
        fail(
          cell, "stopped after \(Int(seconds)) s: the time limit ran out while this cell was running",
          at: ending.crashPosition)
      }
    } else if let failed = result.cells.firstIndex(where: { $0.status == .failed }) {
      result.status = .cellFailed(cell: failed)
    } else if ending.exitCode != 0 || running != nil {
      result.status = .cellFailed(cell: cell)
      if inCell {
        fail(
          cell,
          Self.crashMessage(
            result.cells[cell].text, crash: ending.crash?.description, signal: ending.signal,
            code: ending.exitCode ?? 0),
          at: ending.crashPosition)
      }
    }
    return result
  }

  /// The backtracer's "*** Signal 4: Backtracing from 0x... done ***" on
  /// stderr says only that it wrote the crash report nbrun reads.
  static func removingBacktracerNotice(_ event: CellEvent) -> CellEvent? {
    guard case .text(let text) = event else { return event }
    let kept = text.replacing(
      /\n*\*\*\* Signal \d+: Backtracing from 0x[0-9a-f]+\.\.\. done \*\*\*\n*/, with: "\n")
    return kept.isEmpty || kept == "\n" ? nil : .text(kept)
  }

  /// The Swift runtime's own words about the crash, when it printed any,
  /// without the runtime's own file and line (`Swift/Array.swift:692: `):
  /// the report gives the notebook's. A check compiled into the program
  /// (overflow, a failed cast) prints nothing; the crash report's
  /// description names it then.
  static func crashMessage(_ output: String, crash: String?, signal: Int32?, code: Int32) -> String {
    if let crash, crash.hasPrefix("Swift runtime failure: ") {
      return "Fatal error: " + crash.dropFirst("Swift runtime failure: ".count)
    }
    let lines = output.split(separator: "\n").map(String.init)
    let kinds = ["Fatal error", "Precondition failed", "Assertion failed"]
    if let fatal = lines.last(where: { line in kinds.contains { line.contains($0) } }) {
      let kind = kinds.compactMap { fatal.range(of: $0) }.map(\.lowerBound).min() ?? fatal.startIndex
      return String(fatal[kind...]).replacingOccurrences(
        of: "Fatal error: Error raised at top level: ", with: "uncaught error: ")
    }
    if let signal { return "the program crashed (signal \(signal), \(String(cString: strsignal(signal))))" }
    return "the program exited with status \(code)"
  }
}
