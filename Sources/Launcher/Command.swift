import Foundation

/// What to start: a program, its arguments, where and with what around it.
/// Every program nbrun and nbbench start is described by one of these and
/// started by `ChildProcess`: the compiler, git, gdb, KaTeX's node, sbatch,
/// a notebook program, a `-j` child nbrun, the benchmark's peers.
public struct Command: Sendable {
  /// The program and its arguments; a program named without a `/` is
  /// looked up on `PATH`, as a shell would.
  public var arguments: [String]
  /// The working directory; nil: this process's.
  public var directory: String?
  /// The whole environment; nil: this process's.
  public var environment: [String: String]?
  /// Written to the program's standard input by a thread of its own while
  /// its output is read (so neither side can stall the other); nil: the
  /// program reads /dev/null.
  public var input: Data?
  /// Whether standard error has a pipe of its own; otherwise it is merged
  /// into standard output, in the order the program wrote them.
  public var separateErrors = false
  /// An extra pipe on this descriptor of the program's (a notebook program
  /// writes its records to 3), which nothing else reaches.
  public var extraDescriptor: Int32?
  /// A process group of its own, so that one signal to the group reaches
  /// everything the program starts, and a terminal's Ctrl-C reaches only
  /// whoever started it (which then decides what to stop).
  public var ownProcessGroup = false

  public init(
    _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
    input: Data? = nil
  ) {
    precondition(!arguments.isEmpty, "a command names a program")
    self.arguments = arguments
    self.directory = directory
    self.environment = environment
    self.input = input
  }

  /// The command line as a person would type it, for messages.
  public var description: String { arguments.joined(separator: " ") }
}
