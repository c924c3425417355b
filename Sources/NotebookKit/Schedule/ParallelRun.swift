import Foundation
import Launcher

/// `nbrun -j N`: notebooks run N at a time, each in an nbrun process of
/// its own (its own process group, subreaper and build lock, exactly as a
/// run by hand), told through `NBRUN_CORES` how many cores it may use so
/// that N notebooks do not each start a thread per core. Each child writes
/// its `RunSummary`, which this merges.
public struct ParallelRun: Sendable {
  /// The variable the NN core takes its thread count from.
  public static let coresVariable = "NBRUN_CORES"

  /// The nbrun binary to start.
  public var executable: String
  /// The command line's flags, passed on to each child; the child is told
  /// which notebook of all those given is its own (`--only`), so report
  /// names and `-p` rules come out as in one sequential run.
  public var flags: [String]
  /// Every notebook given.
  public var notebooks: [String]
  public var jobs: Int
  /// Stop starting notebooks after the first failure.
  public var failFast = false

  public init(executable: String, flags: [String], notebooks: [String], jobs: Int) {
    self.executable = executable
    self.flags = flags
    self.notebooks = notebooks
    self.jobs = jobs
  }

  /// Cores each notebook may use: the machine's (or `NBRUN_CORES`) shared out.
  public var coresPerNotebook: Int {
    let cores =
      ProcessInfo.processInfo.environment[Self.coresVariable].flatMap(Int.init)
      ?? ProcessInfo.processInfo.activeProcessorCount
    return max(1, cores / max(jobs, 1))
  }

  /// What one child did.
  public struct Child: Sendable {
    public var notebook: String
    public var exitStatus: Int32
    public var summary: RunSummary?
  }

  /// Runs `selected` (longest first, by `durations`) and returns each
  /// child's outcome in the order of `selected`. `relay` gets each line a
  /// child prints (on `standardError` or not), with its notebook.
  public func run(
    _ selected: [String], durations: [String: Double],
    relay: @escaping @Sendable (_ notebook: String, _ line: String, _ standardError: Bool) -> Void,
    started: @escaping @Sendable (_ notebook: String) -> Void = { _ in },
    finished: @escaping @Sendable (_ notebook: String) -> Void = { _ in }
  ) throws -> [Child] {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-jobs-\(UUID())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    // Longest first, so the last to start is short; ties keep their order.
    let queue = selected.indices.sorted { a, b in
      let (da, db) = (durations[selected[a]] ?? 0, durations[selected[b]] ?? 0)
      return da != db ? da > db : a < b
    }
    let state = SharedState(queue: queue)
    var environment = ProcessInfo.processInfo.environment
    environment[Self.coresVariable] = "\(coresPerNotebook)"
    // This nbrun annotates for the whole run; the children's would come twice.
    environment["GITHUB_ACTIONS"] = nil
    let childEnvironment = environment
    DispatchQueue.concurrentPerform(iterations: min(jobs, selected.count)) { _ in
      while let position = state.next() {
        let notebook = selected[position]
        let summaryFile = scratch.appendingPathComponent("\(position).json")
        started(notebook)
        let status = runChild(
          notebook, summaryFile: summaryFile, environment: childEnvironment,
          relay: { relay(notebook, $0, $1) })
        finished(notebook)
        let summary = try? RunSummary.read(from: summaryFile)
        state.finish(position, Child(notebook: notebook, exitStatus: status, summary: summary))
        if status != 0 && failFast { state.stop() }
      }
    }
    return state.children(count: selected.count)
  }

  private func runChild(
    _ notebook: String, summaryFile: URL, environment: [String: String],
    relay: @escaping @Sendable (String, Bool) -> Void
  ) -> Int32 {
    var command = Command(
      [executable] + flags + ["--summary", summaryFile.path, "--only", notebook, "--"] + notebooks,
      environment: environment)
    command.separateErrors = true
    // Stopped with the notebook programs when nbrun gets SIGINT or SIGTERM
    // (a group of its own: this nbrun decides, not the terminal).
    command.ownProcessGroup = true
    let child: ChildProcess
    do {
      child = try ChildProcess(command, registering: RunningGroups.shared.insert)
    } catch {
      relay("nbrun: \(error)", true)
      return 1
    }
    child.readLines(relay)
    child.waitForExit()
    RunningGroups.shared.remove(child.pid)
    return child.shellStatus
  }

  /// The queue of notebooks not yet started and the children finished,
  /// shared by the workers.
  private final class SharedState: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Int]
    private var done: [Int: Child] = [:]
    private var stopped = false

    init(queue: [Int]) { self.queue = queue }

    func next() -> Int? {
      lock.withLock { stopped || queue.isEmpty ? nil : queue.removeFirst() }
    }
    func finish(_ position: Int, _ child: Child) { lock.withLock { done[position] = child } }
    func stop() { lock.withLock { stopped = true } }
    func children(count: Int) -> [Child] { lock.withLock { (0..<count).compactMap { done[$0] } } }
  }
}
