import CProcessControl
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A started `Command`: its process and the read ends of its pipes.
///
/// One posix_spawn for every program, with exactly the descriptors the
/// command names (standard input from /dev/null or a pipe, standard output
/// and error, the extra descriptor): nothing else of this process leaks
/// into the child, and the child starts with default signal handling and
/// nothing blocked, whatever this process has set for itself.
public final class ChildProcess: @unchecked Sendable {
  public let pid: pid_t
  /// Read ends, non-blocking and closed on exec: standard output (with
  /// standard error unless `separateErrors`), standard error, the extra
  /// descriptor. Closed when this is released.
  public let output: Int32
  public let errors: Int32?
  public let extra: Int32?
  /// What `waitpid` said, once the process has ended.
  public private(set) var waitStatus: Int32?

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
  }

  /// Starts `command`. `registering`, when given, is called with the new
  /// process's id while SIGINT and SIGTERM are held back, so a signal
  /// cannot fall between starting a program and its being known to
  /// whoever stops programs on a signal.
  public init(_ command: Command, registering: ((pid_t) -> Void)? = nil) throws {
    let program = command.arguments[0]
    // Every end is closed on exec, so none reaches a program started while
    // this one is being set up; the child gets its ends dup2'd onto its
    // numbers below (dup2 clears the flag on the copy).
    var pipes: [Pipe] = []
    func makePipe() throws -> Pipe {
      var ends: [Int32] = [0, 0]
      guard nbrun_pipe_closed_on_exec(&ends) == 0 else {
        let reason = String(cString: strerror(errno))
        for pipe in pipes { pipe.closeBoth() }
        throw Failure("cannot create a pipe for \(program): \(reason)")
      }
      pipes.append(Pipe(read: ends[0], write: ends[1]))
      return pipes[pipes.count - 1]
    }
    let outputPipe = try makePipe()
    let errorPipe = command.separateErrors ? try makePipe() : nil
    let extraPipe = command.extraDescriptor != nil ? try makePipe() : nil
    let inputPipe = command.input != nil ? try makePipe() : nil

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let inputPipe {
      posix_spawn_file_actions_adddup2(&actions, inputPipe.read, 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, outputPipe.write, 1)
    posix_spawn_file_actions_adddup2(&actions, errorPipe?.write ?? outputPipe.write, 2)
    if let extraPipe, let descriptor = command.extraDescriptor {
      posix_spawn_file_actions_adddup2(&actions, extraPipe.write, descriptor)
    }
    // Every other descriptor is closed: this process's others (a library's,
    // or one opened without close-on-exec) stay here.
    let highest = max(2, command.extraDescriptor ?? 2)
    for descriptor in stride(from: 3, to: highest, by: 1) {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }
    nbrun_spawn_add_close_from(&actions, highest + 1)
    if let directory = command.directory {
      nbrun_spawn_add_chdir(&actions, directory)
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigfillset(&defaults)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if command.ownProcessGroup {
      posix_spawnattr_setpgroup(&attributes, 0)
      flags |= POSIX_SPAWN_SETPGROUP
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))

    let environment = command.environment ?? ProcessInfo.processInfo.environment
    let argv = command.arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for string in argv + envp { free(string) } }
    // Looked up on the child's PATH (posix_spawnp would use this process's).
    let executable = Self.resolve(program, path: environment["PATH"])
    var child: pid_t = 0
    let status = Self.holdingSignals(registering != nil) {
      let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
      if status == 0 {
        Self.started.withLock { _ = $0.insert(child) }
        registering?(child)
      }
      return status
    }
    // The child's ends are the child's now.
    for pipe in pipes { Glibc.close(pipe === inputPipe ? pipe.read : pipe.write) }
    guard status == 0 else {
      for pipe in pipes { Glibc.close(pipe === inputPipe ? pipe.write : pipe.read) }
      throw Failure("cannot start \(program): \(String(cString: strerror(status)))")
    }
    pid = child
    output = outputPipe.read
    errors = errorPipe?.read
    extra = extraPipe?.read
    for descriptor in [output, errors, extra].compactMap({ $0 }) {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }
    if let inputPipe, let input = command.input { Self.feed(input, to: inputPipe.write) }
  }

  /// A pipe's two descriptors.
  private final class Pipe {
    let read: Int32
    let write: Int32
    init(read: Int32, write: Int32) { (self.read, self.write) = (read, write) }
    func closeBoth() {
      Glibc.close(read)
      Glibc.close(write)
    }
  }

  deinit {
    for descriptor in [output, errors, extra].compactMap({ $0 }) { Glibc.close(descriptor) }
  }

  /// Whether the process has ended (without waiting); sets `waitStatus`.
  public func hasExited() -> Bool {
    if waitStatus != nil { return true }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return false }
    ended(status)
    return true
  }

  /// Waits for the process to end.
  @discardableResult
  public func waitForExit() -> Int32 {
    if let waitStatus { return waitStatus }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    ended(status)
    return status
  }

  private func ended(_ status: Int32) {
    waitStatus = status
    Self.started.withLock { _ = $0.remove(pid) }
  }

  /// The processes started here and not yet waited for: whoever reaps
  /// orphaned children of this process must leave these alone, or their
  /// exit status would be lost.
  public static var unwaited: Set<pid_t> { started.withLock { $0 } }
  private static let started = Mutex<Set<pid_t>>([])

  /// The signal that ended the process, if one did.
  public var terminatingSignal: Int32? {
    guard let status = waitStatus, status & 0x7F != 0, status & 0x7F != 0x7F else { return nil }
    return status & 0x7F
  }

  /// The exit code, when the process exited normally.
  public var exitCode: Int32? {
    guard let status = waitStatus, status & 0x7F == 0 else { return nil }
    return (status >> 8) & 0xFF
  }

  /// The exit code, or 128 + the signal that ended it, as a shell says.
  public var shellStatus: Int32 { exitCode ?? 128 + (terminatingSignal ?? 0) }

  /// The running executable's absolute path: for starting this program
  /// again as a child, or finding what was built beside it.
  public static var thisExecutable: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }

  /// `program` as posix_spawn needs it: a path, found on `path` if it
  /// names no folder (unchanged if not found, so the error names it).
  static func resolve(_ program: String, path: String?) -> String {
    guard !program.contains("/") else { return program }
    for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(folder)/\(program)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return program
  }

  private static func holdingSignals<T>(_ hold: Bool, _ body: () -> T) -> T {
    guard hold else { return body() }
    var held = sigset_t()
    var previous = sigset_t()
    sigemptyset(&held)
    sigaddset(&held, SIGINT)
    sigaddset(&held, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &held, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return body()
  }

  /// Writes `input` and closes the pipe, on a thread of its own. A program
  /// that exits without reading it all ends the writing: SIGPIPE is held
  /// back on this thread (where the kernel sends it), so the write fails
  /// with EPIPE instead of ending this process.
  private static func feed(_ input: Data, to descriptor: Int32) {
    Thread.detachNewThread {
      var pipeSignal = sigset_t()
      sigemptyset(&pipeSignal)
      sigaddset(&pipeSignal, SIGPIPE)
      pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
      input.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
          let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
          if written < 0 && errno == EINTR { continue }
          guard written > 0 else { break }
          offset += written
        }
      }
      Glibc.close(descriptor)
    }
  }
}
