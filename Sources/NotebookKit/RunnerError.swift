/// Why nbrun could not do what it was asked. Every case is a sentence a
/// user can act on; notebook errors carry their `file:line`.
public enum RunnerError: Error, CustomStringConvertible, Equatable {
  /// The environment is not ready (library not built, swiftc missing).
  case setup(String)
  /// A notebook is malformed at a location.
  case notebook(SourceLocation, String)
  /// A command-line value is wrong.
  case usage(String)

  public var description: String {
    switch self {
    case .setup(let message): message
    case .notebook(let location, let message): "\(location): error: \(message)"
    case .usage(let message): message
    }
  }
}
