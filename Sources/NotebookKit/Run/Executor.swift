import Foundation
import NotebookProtocol

/// The run stage: starts a compiled notebook program in its own process,
/// feeds what it sends to the `Collector`, and stops it when a cell or the
/// whole notebook runs out of time (asking the backtracer first where it was).
struct Executor {
  var notebook: Notebook
  var program: URL
  var parameters: Parameters
  var figuresDirectory: URL
  /// Seconds for the whole notebook, or nil for no limit.
  var notebookTimeout: Double?
  /// Where the program saves its state after each cell, and each cell's
  /// key (`CellKeys`): the states the collector starts from.
  var stateStore: StateStore?
  var states: [CellState] = []
  weak var reporter: (any ProgressReporter)?

  func run() throws -> RunResult {
    var environment = ProcessInfo.processInfo.environment
    environment["NBRUN_FIGURES"] = figuresDirectory.path
    environment[ChannelRecord.parametersVariable] = parameters.json
    environment[ChannelRecord.descriptorVariable] = "\(NotebookProcess.recordDescriptor)"
    let nonce = ChannelMerger.makeNonce()
    environment[ChannelRecord.syncVariable] = nonce
    if let stateStore {
      environment.merge(stateStore.environment(keys: states.map(\.key))) { $1 }
    }
    // Where a trap or a timeout left the program, read back by `CrashReport`.
    let buildFolder = program.deletingLastPathComponent()
    // The notebook as its frames name it: as written in `#sourceLocation`,
    // or made absolute against the folder it was compiled in.
    let sourceFileName = ProgramGenerator.sourceFileName(notebook.path)
    let notebookFileNames = [sourceFileName, buildFolder.appendingPathComponent(sourceFileName).path]
    let crashFile = buildFolder.appendingPathComponent("crash.json")
    try? FileManager.default.removeItem(at: crashFile)
    environment["SWIFT_BACKTRACE"] = CrashReport.environmentValue(writingTo: crashFile)
    let process = try NotebookProcess(executable: program.path, environment: environment)

    let started = Date()
    var collector = Collector(notebook: notebook, states: states, reporter: reporter)
    var channels = ChannelMerger(nonce: nonce)
    var timedOut: RunResult.Status?
    /// Where gdb found a timed-out cell the backtracer could not place.
    var stuckPosition: SourcePosition?
    func handle(_ piece: ChannelMerger.Piece) { collector.take(piece) }

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
        timedOut = .timedOut(cell: collector.running, seconds: limit)
      } else if let cell = collector.running, let limit = notebook.cells[cell].options.timeout,
        now.timeIntervalSince(collector.cellStarted) > limit
      {
        timedOut = .timedOut(cell: cell, seconds: limit)
      }
      if timedOut != nil {
        // SIGQUIT first: the backtracer writes down the line the cell was on.
        // Where it cannot tell (the cell is inside the C library, or at code
        // without a line), gdb looks, while the program is still there.
        process.quit(waiting: 10) {
          drainOutput()
          return CrashReport.read(crashFile) != nil
        }
        if CrashReport.read(crashFile)?.position(inAnyOf: notebookFileNames) == nil, !process.hasExited() {
          stuckPosition = StackSample.position(
            pid: process.pid, program: program, fileNames: notebookFileNames)
        }
        process.stop()
        drainOutput()
        break
      }
    }
    // A process a cell started and left running ends with the notebook.
    process.killRemaining()
    channels.finish().forEach(handle)
    let crash = CrashReport.read(crashFile)
    return collector.finish(
      .init(
        timedOut: timedOut, exitCode: process.exitCode, signal: process.terminatingSignal, crash: crash,
        crashPosition: crash?.position(inAnyOf: notebookFileNames) ?? stuckPosition,
        seconds: Date().timeIntervalSince(started)))
  }
}
