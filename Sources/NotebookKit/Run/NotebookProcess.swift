import CProcessControl
import Foundation
import Launcher

/// A compiled notebook program, started in a process group of its own with
/// two pipes: its merged stdout and stderr (the cells' text) and, on
/// descriptor 3, the record channel, which nothing a cell prints can reach.
///
/// nbrun owns the program and everything it starts: `stop()` ends them all,
/// and `RunningGroups` does so when nbrun itself is interrupted or
/// terminated. A process group is not enough for that (Foundation's
/// `Process`, which a cell may use, starts each child in a session of its
/// own), so nbrun also walks the program's process tree, and is a child
/// subreaper: a process the program leaves behind becomes nbrun's child
/// instead of init's, and is found and stopped when the notebook ends.
final class NotebookProcess {
  /// The descriptor the program writes records to.
  static let recordDescriptor: Int32 = 3

  private let child: ChildProcess
  var pid: pid_t { child.pid }
  /// Read ends, non-blocking: the cells' text, and the records.
  var output: Int32 { child.output }
  var records: Int32 { child.extra! }

  init(executable: String, environment: [String: String]) throws {
    var command = Command([executable], environment: environment)
    command.extraDescriptor = Self.recordDescriptor
    // One signal to the group reaches every process the program starts.
    command.ownProcessGroup = true
    do {
      child = try ChildProcess(command, registering: RunningGroups.shared.insert)
    } catch {
      throw RunnerError.setup("\(error)")
    }
  }

  /// Whether the program has exited (without waiting).
  func hasExited() -> Bool { child.hasExited() }
  /// The signal that ended the program, if one did.
  var terminatingSignal: Int32? { child.terminatingSignal }
  /// The exit code, when the program exited normally.
  var exitCode: Int32? { child.exitCode }

  /// Sends SIGQUIT to the program alone, so that Swift's backtracer writes
  /// down where it is (see `CrashReport`; the program goes on afterwards),
  /// and waits up to `seconds` until `written()` says the report is there,
  /// calling it every 20 ms (it also keeps the program's pipes drained).
  func quit(waiting seconds: Double, until written: () -> Bool) {
    guard !hasExited() else { return }
    kill(pid, SIGQUIT)
    let deadline = Date().addingTimeInterval(seconds)
    while !hasExited(), !written(), Date() < deadline { usleep(20_000) }
  }

  /// Ends the program and everything it started: SIGTERM, then SIGKILL
  /// after `grace` seconds for whatever is still there.
  func stop(grace: Double = 2) {
    ProcessTree.signal(program: pid, SIGTERM)
    let deadline = Date().addingTimeInterval(grace)
    while !hasExited(), Date() < deadline { usleep(20_000) }
    killRemaining()
  }

  /// Kills what is left (a cell's lingering child, say) once the program
  /// itself has ended or been stopped, and reaps it all.
  func killRemaining() {
    ProcessTree.signal(program: pid, SIGKILL)
    child.waitForExit()
    ProcessTree.reapOrphans()
    RunningGroups.shared.remove(pid)
  }
}

/// The processes a notebook program started, found through /proc.
enum ProcessTree {
  /// Every process below `root`: SIGTERM, two seconds to end, then SIGKILL.
  static func stopDescendants(of root: pid_t) {
    let below = { descendants(of: [root], in: parentsByProcess()).filter { $0 != root } }
    for process in below() { kill(process, SIGTERM) }
    let deadline = Date().addingTimeInterval(2)
    while !below().isEmpty, Date() < deadline { usleep(20_000) }
    for process in below() { kill(process, SIGKILL) }
  }

  /// Makes orphans of nbrun's descendants nbrun's children (see
  /// `NotebookProcess`); called once, before the first program starts.
  static func becomeSubreaper() {
    _ = nbrun_become_child_subreaper()
  }

  /// Sends `signalNumber` to the program's group, to all its descendants,
  /// and to the orphans it left (now nbrun's children, other than the
  /// notebook programs still running).
  static func signal(program: pid_t, _ signalNumber: Int32) {
    kill(-program, signalNumber)
    let parents = parentsByProcess()
    let running = RunningGroups.shared.all
    let orphans = parents.filter { $0.value == getpid() && !running.contains($0.key) }.map(\.key)
    for process in descendants(of: [program] + orphans, in: parents) { kill(process, signalNumber) }
  }

  /// Waits for the children nbrun has inherited and that have ended.
  static func reapOrphans() {
    var status: Int32 = 0
    // Not the programs that are still running, nor any other process a
    // `ChildProcess` waits for (its status would be lost).
    let running = RunningGroups.shared.all.union(ChildProcess.unwaited)
    for (process, parent) in parentsByProcess() where parent == getpid() && !running.contains(process) {
      _ = waitpid(process, &status, WNOHANG)
    }
  }

  /// Every process below `roots` (the roots included).
  static func descendants(of roots: [pid_t], in parents: [pid_t: pid_t]) -> [pid_t] {
    var children: [pid_t: [pid_t]] = [:]
    for (process, parent) in parents { children[parent, default: []].append(process) }
    var found: [pid_t] = []
    var queue = roots
    while let next = queue.popLast() {
      found.append(next)
      queue += children[next] ?? []
    }
    return found
  }

  /// Each process's parent, from /proc/PID/stat.
  static func parentsByProcess() -> [pid_t: pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    var parents: [pid_t: pid_t] = [:]
    for entry in entries {
      guard let process = pid_t(entry),
        let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
      else { continue }
      // "PID (command) STATE PPID ...": the command may hold spaces and ')'.
      let fields = stat[stat.index(after: close)...].split(separator: " ")
      if fields.count > 1, let parent = pid_t(fields[1]) { parents[process] = parent }
    }
    return parents
  }
}

/// The process groups of the notebook programs now running, so that
/// SIGINT or SIGTERM to nbrun stops them before nbrun exits (with 130 or
/// 143, as a shell reports a signal).
public final class RunningGroups: @unchecked Sendable {
  public static let shared = RunningGroups()

  private var groups: Set<pid_t> = []
  private let lock = NSLock()
  private var sources: [DispatchSourceSignal] = []
  private var stopping = false

  func insert(_ group: pid_t) { lock.withLock { _ = groups.insert(group) } }
  var all: Set<pid_t> { lock.withLock { groups } }
  func remove(_ group: pid_t) { lock.withLock { _ = groups.remove(group) } }

  /// From now on SIGINT and SIGTERM run `onSignal` (which tells whoever
  /// hears the runs that what ends now ends because nbrun stops), stop every
  /// running group, then every other process below nbrun (the compiler,
  /// which a signal sent to nbrun alone does not reach; a `-j` child nbrun,
  /// asked first to stop its own), remove the unfinished reports' staging
  /// folders, then run `beforeExit` (what else nbrun started: `--watch`'s
  /// server), then nbrun.
  /// Called on nbrun's way out: once a signal has come, the exit is the
  /// handler's (130 or 143), never the run's own. Stopping the compiler
  /// ends the build it waited on, and the run would otherwise report "does
  /// not compile" and exit with 1 before the handler got there.
  public func exitingUnlessStopped() {
    guard lock.withLock({ stopping }) else { return }
    while true { pause() }
  }

  public func installSignalHandlers(
    onSignal: @escaping @Sendable () -> Void = {}, beforeExit: @escaping @Sendable () -> Void = {}
  ) {
    ProcessTree.becomeSubreaper()
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)  // delivered to the dispatch source instead
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [unowned self] in
        lock.withLock { stopping = true }
        onSignal()
        let running = all
        for program in running { ProcessTree.signal(program: program, SIGTERM) }
        let deadline = Date().addingTimeInterval(2)
        for program in running {
          var status: Int32 = 0
          while waitpid(program, &status, WNOHANG) == 0, Date() < deadline { usleep(20_000) }
          ProcessTree.signal(program: program, SIGKILL)
        }
        ProcessTree.stopDescendants(of: getpid())
        StagingFolders.shared.removeAll()  // nothing writes into them any more
        beforeExit()
        FileHandle.standardError.write(Data("\nnbrun: stopped by signal \(signalNumber)\n".utf8))
        exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }
}
