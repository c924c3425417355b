import Foundation

/// `nbrun --watch`: runs one notebook, serves its report, and runs it again
/// each time the file is saved with new contents, through the same
/// `NotebookRunner.run(path:)` as any run (so cached and incremental runs
/// apply). A save during a run is run when that run ends; the run going on
/// is not stopped, so its report still appears.
public final class WatchSession: @unchecked Sendable {
  public let path: String
  private let runner: NotebookRunner
  private let status: LiveStatus
  /// The runner holds its reporter weakly: this keeps the fan-out alive.
  private let reporters: ReporterFanOut
  private let broadcaster = EventBroadcaster()
  private let server: PreviewServer
  private let runs = DispatchQueue(label: "nbrun.watch.runs")
  private let lock = NSLock()
  private var running = false
  private var changedDuringRun = false

  /// How often the file is looked at, and how often an idle event stream
  /// is written to (so one whose page has gone is noticed and closed).
  public var pollInterval: TimeInterval = 0.25
  public var keepAliveInterval: TimeInterval = 15

  public init(
    path: String, library: SupportLibrary, options: RunOptions, terminal: any ProgressReporter, port: UInt16
  ) throws {
    self.path = path
    status = LiveStatus(notebook: path, broadcaster: broadcaster)
    reporters = ReporterFanOut([terminal, status])
    runner = NotebookRunner(library: library, options: options, reporter: reporters)
    let reportName =
      options.reportNames[path] ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    server = try PreviewServer(
      outputDirectory: options.outputDirectory, reportName: reportName, status: status,
      broadcaster: broadcaster, port: port)
  }

  /// Starts the server; returns the port it listens on.
  public func serve() throws -> UInt16 {
    try Self.waiting { [server] in try await server.start() }
  }

  /// The report's address once `serve` has returned `port`.
  public func address(port: UInt16) -> String {
    "http://127.0.0.1:\(port)/\(PreviewServer.pathSegment(server.reportName))/"
  }

  /// Runs the notebook, then watches it: returns only when the process ends.
  public func watch() -> Never {
    var watcher = NotebookFileWatcher(path: path)
    requestRun()
    var lastWrite = Date()
    while true {
      Thread.sleep(forTimeInterval: pollInterval)
      if watcher.poll() { requestRun() }
      if Date().timeIntervalSince(lastWrite) >= keepAliveInterval {
        broadcaster.send(ServerSentEvent.keepAlive)
        lastWrite = Date()
      }
    }
  }

  /// nbrun is stopping: the run that the signal ends is not a finished run,
  /// so the pages are not told to load a report again (the server would be
  /// gone before they asked, and they would show the browser's error page
  /// instead of saying that nbrun stopped).
  public func stopping() { status.silence() }

  /// Ends the pages' streams and stops the server, within about two seconds
  /// (what runs below nbrun, the signal handler has stopped already).
  public func stop() {
    _ = try? Self.waiting(timeout: 2) { [server] in await server.stop() }
  }

  /// A run now, or, during one, another when it ends.
  private func requestRun() {
    let start = lock.withLock {
      if running { changedDuringRun = true }
      defer { running = true }
      return !running
    }
    guard start else {
      status.update { $0.changedDuringRun = true }
      return
    }
    runs.async { [self] in
      while true {
        _ = runner.run(path: path)
        status.runEnded()
        let again = lock.withLock {
          defer { changedDuringRun = false }
          running = changedDuringRun
          return changedDuringRun
        }
        if !again { return }
      }
    }
  }

  /// Runs async `work` from synchronous code (nbrun's command and its signal
  /// handler) and waits for it, at most `timeout` seconds.
  private static func waiting<T: Sendable>(
    timeout: TimeInterval = 10, _ work: @escaping @Sendable () async throws -> T
  ) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Locked<Result<T, any Error>?>(nil)
    Task {
      do { result.set(.success(try await work())) } catch { result.set(.failure(error)) }
      done.signal()
    }
    guard done.wait(timeout: .now() + timeout) == .success, let outcome = result.value else {
      throw RunnerError.setup("the preview server did not answer within \(Int(timeout)) s")
    }
    return try outcome.get()
  }
}

/// A value that threads set and read under a lock.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value { lock.withLock { stored } }
  func set(_ value: Value) { lock.withLock { stored = value } }
}
