import CProcessControl
import Foundation

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

  let pid: pid_t
  /// Read ends, non-blocking: the cells' text, and the records.
  let output: Int32
  let records: Int32
  private(set) var exitStatus: Int32?

  init(executable: String, environment: [String: String]) throws {
    var outputPipe: [Int32] = [0, 0]
    var recordPipe: [Int32] = [0, 0]
    guard pipe(&outputPipe) == 0, pipe(&recordPipe) == 0 else {
      throw RunnerError.setup("cannot create pipes for \(executable): \(String(cString: strerror(errno)))")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)
    posix_spawn_file_actions_adddup2(&actions, recordPipe[1], Self.recordDescriptor)
    for descriptor in [outputPipe[0], outputPipe[1], recordPipe[0], recordPipe[1]] where descriptor > 3 {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // A group of its own (so that one signal reaches every process it
    // starts), with default signal handling and nothing blocked.
    posix_spawnattr_setpgroup(&attributes, 0)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigfillset(&defaults)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let arguments = [executable]
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for string in argv + envp { free(string) } }
    var child: pid_t = 0
    let status = RunningGroups.shared.whileBlockingSignals {
      let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
      if status == 0 { RunningGroups.shared.insert(child) }
      return status
    }
    close(outputPipe[1])
    close(recordPipe[1])
    guard status == 0 else {
      close(outputPipe[0])
      close(recordPipe[0])
      throw RunnerError.setup("cannot start \(executable): \(String(cString: strerror(status)))")
    }
    pid = child
    output = outputPipe[0]
    records = recordPipe[0]
    for descriptor in [output, records] {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
  }

  deinit {
    close(output)
    close(records)
  }

  /// Whether the program has exited (without waiting); sets `exitStatus`.
  func hasExited() -> Bool {
    if exitStatus != nil { return true }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return false }
    exitStatus = status
    return true
  }

  /// The signal that ended the program, if one did.
  var terminatingSignal: Int32? {
    guard let status = exitStatus, status & 0x7F != 0, status & 0x7F != 0x7F else { return nil }
    return status & 0x7F
  }

  /// The exit code, when the program exited normally.
  var exitCode: Int32? {
    guard let status = exitStatus, status & 0x7F == 0 else { return nil }
    return (status >> 8) & 0xFF
  }

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
    if exitStatus == nil {
      var status: Int32 = 0
      if waitpid(pid, &status, 0) == pid { exitStatus = status }
    }
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
    let running = RunningGroups.shared.all
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

  func insert(_ group: pid_t) { lock.withLock { _ = groups.insert(group) } }
  var all: Set<pid_t> { lock.withLock { groups } }
  func remove(_ group: pid_t) { lock.withLock { _ = groups.remove(group) } }

  /// Runs `body` with SIGINT and SIGTERM held back, so a signal cannot fall
  /// between starting a program and registering its group.
  func whileBlockingSignals<T>(_ body: () -> T) -> T {
    var held = sigset_t()
    var previous = sigset_t()
    sigemptyset(&held)
    sigaddset(&held, SIGINT)
    sigaddset(&held, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &held, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return body()
  }

  /// From now on SIGINT and SIGTERM run `onSignal` (which tells whoever
  /// hears the runs that what ends now ends because nbrun stops), stop every
  /// running group, then every other process below nbrun (the compiler,
  /// which Foundation's `Process` starts in a group of its own; a `-j` child
  /// nbrun, asked first to stop its own), then run `beforeExit` (what else
  /// nbrun started: `--watch`'s server), then nbrun.
  public func installSignalHandlers(
    onSignal: @escaping @Sendable () -> Void = {}, beforeExit: @escaping @Sendable () -> Void = {}
  ) {
    ProcessTree.becomeSubreaper()
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)  // delivered to the dispatch source instead
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [unowned self] in
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
        beforeExit()
        FileHandle.standardError.write(Data("\nnbrun: stopped by signal \(signalNumber)\n".utf8))
        exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }
}
