import Foundation
import NotebookProtocol

/// Runs a compiled notebook program in its own process, attributing every
/// piece of output to the cell that was running, and stopping it when a
/// cell or the whole notebook runs out of time.
struct Executor {
  var notebook: Notebook
  var program: URL
  var parameters: Parameters
  var figuresDirectory: URL
  /// Seconds for the whole notebook, or nil for no limit.
  var notebookTimeout: Double?
  weak var reporter: (any ProgressReporter)?

  func run() throws -> RunResult {
    let cells = notebook.cells
    var result = RunResult(status: .succeeded, cells: Array(repeating: CellResult(), count: cells.count))
    var environment = ProcessInfo.processInfo.environment
    environment["NBRUN_FIGURES"] = figuresDirectory.path
    environment[ChannelRecord.parametersVariable] = parameters.json
    environment[ChannelRecord.descriptorVariable] = "\(NotebookProcess.recordDescriptor)"
    let nonce = ChannelMerger.makeNonce()
    environment[ChannelRecord.syncVariable] = nonce
    // Where a trap or a timeout left the program, read back by `CrashReport`.
    let buildFolder = program.deletingLastPathComponent()
    let sourceFileName = ProgramGenerator.sourceFileName(notebook.path)
    let crashFile = buildFolder.appendingPathComponent("crash.json")
    try? FileManager.default.removeItem(at: crashFile)
    environment["SWIFT_BACKTRACE"] = CrashReport.environmentValue(writingTo: crashFile)
    let process = try NotebookProcess(executable: program.path, environment: environment)

    let started = Date()
    var cellStarted = started
    var running: Int?
    var lastStarted = 0
    var channels = ChannelMerger(nonce: nonce)
    var timedOut: RunResult.Status?

    func handle(_ piece: ChannelMerger.Piece) {
      switch piece {
      case .text(let text):
        let cell = running ?? lastStarted
        guard cell < cells.count else { return }
        reporter?.cellOutput(cells[cell], of: notebook, text)
        if case .text(let previous)? = result.cells[cell].events.last {
          result.cells[cell].events[result.cells[cell].events.count - 1] = .text(previous + text)
        } else {
          result.cells[cell].events.append(.text(text))
        }
      case .record(let record):
        apply(record)
      }
    }
    func apply(_ record: ChannelRecord) {
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
      case .comparison(let comparison):
        result.comparisons.append(comparison)
      case .claim(let cell, let claim):
        result.cells[cell].events.append(.claim(claim))
      case .expectedError(let cell, let message):
        result.cells[cell].status = .failedAsExpected
        result.cells[cell].error = message
      case .missingExpectedError(let cell):
        result.cells[cell].status = .failed
        result.cells[cell].error = "the cell is marked expect-error but finished without throwing"
      case .cellFailed(let cell, let message, let position):
        result.cells[cell].status = .failed
        result.cells[cell].error = "uncaught error: \(message)"
        result.cells[cell].errorPosition = position
      }
    }

    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var outputOpen = true
    var recordsOpen = true
    /// Reads what a descriptor holds now; false at its end.
    func drain(_ descriptor: Int32, into consume: (ArraySlice<UInt8>) -> Void) -> Bool {
      while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
          consume(buffer[..<count])
          continue
        }
        return count < 0 && (errno == EAGAIN || errno == EINTR)
      }
    }
    func drainOutput() {
      guard outputOpen else { return }
      outputOpen = drain(process.output) { channels.feedText($0).forEach(handle) }
      if !outputOpen { channels.endText().forEach(handle) }
    }
    func drainRecords() {
      if recordsOpen { recordsOpen = drain(process.records) { channels.feedRecords($0).forEach(handle) } }
    }
    while true {
      var pollers = [
        pollfd(fd: outputOpen ? process.output : -1, events: Int16(POLLIN), revents: 0),
        pollfd(fd: recordsOpen ? process.records : -1, events: Int16(POLLIN), revents: 0),
      ]
      _ = poll(&pollers, 2, 100)
      drainOutput()
      drainRecords()
      channels.tick().forEach(handle)
      if process.hasExited() {
        drainOutput()
        drainRecords()
        break
      }
      let now = Date()
      if let limit = notebookTimeout, now.timeIntervalSince(started) > limit {
        timedOut = .timedOut(cell: running, seconds: limit)
      } else if let cell = running, let limit = cells[cell].options.timeout,
        now.timeIntervalSince(cellStarted) > limit
      {
        timedOut = .timedOut(cell: cell, seconds: limit)
      }
      if timedOut != nil {
        // SIGQUIT first: the backtracer writes down the line the cell was on.
        // A sample can land where the code has no line (an access check the
        // compiler added): up to three are taken.
        for _ in 1...3 {
          try? FileManager.default.removeItem(at: crashFile)
          process.quit(waiting: 10) {
            drainOutput()
            return CrashReport.read(crashFile) != nil
          }
          if CrashReport.read(crashFile)?.position(in: sourceFileName, compiledIn: buildFolder) != nil {
            break
          }
        }
        process.stop()
        drainOutput()
        break
      }
    }
    // A process a cell started and left running ends with the notebook.
    process.killRemaining()
    channels.finish().forEach(handle)
    result.seconds = Date().timeIntervalSince(started)

    let crash = CrashReport.read(crashFile)
    if crash != nil, case let cell = running ?? lastStarted, cell < cells.count {
      result.cells[cell].events = result.cells[cell].events.compactMap(Self.removingBacktracerNotice)
    }
    let crashPosition = crash?.position(in: sourceFileName, compiledIn: buildFolder)
    if let timedOut {
      result.status = timedOut
      if case .timedOut(let cell?, let seconds) = timedOut {
        result.cells[cell].status = .failed
        result.cells[cell].error =
          "stopped after \(Int(seconds)) s: the time limit ran out while this cell was running"
        result.cells[cell].errorPosition = crashPosition
      }
    } else if let cell = result.cells.firstIndex(where: { $0.status == .failed }) {
      result.status = .cellFailed(cell: cell)
    } else if process.exitCode != 0 || running != nil {
      let cell = running ?? lastStarted
      result.status = .cellFailed(cell: cell)
      if cell < cells.count {
        result.cells[cell].status = .failed
        result.cells[cell].error = Self.crashMessage(
          result.cells[cell].text, crash: crash?.description, signal: process.terminatingSignal,
          code: process.exitCode ?? 0)
        result.cells[cell].errorPosition = crashPosition
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
  /// the report gives the notebook's.
  /// A check compiled into the program (overflow, a failed cast) prints
  /// nothing; the crash report's description names it then.
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
