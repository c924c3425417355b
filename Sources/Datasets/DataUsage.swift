import Synchronization

/// Tells whoever listens (the notebook runtime) which data set was loaded,
/// so a report can say what its figures were measured on.
///
/// Data sets are loaded deep inside cells (`MNIST.load()`), where no
/// callback can be passed without every cell passing it, so the listener is
/// installed once per process, as swift-log's `LoggingSystem.bootstrap` is:
/// set before any cell runs, never replaced, and behind a lock.
public enum DataUsage {
  public typealias Listener = @Sendable (_ description: String) -> Void

  private static let listener = Mutex<Listener?>(nil)

  /// Installs the one listener of this process; a second call is a
  /// programming error.
  public static func bootstrap(_ newListener: @escaping Listener) {
    listener.withLock { current in
      precondition(current == nil, "DataUsage.bootstrap was called twice")
      current = newListener
    }
  }

  static func report(_ dataset: ImageDataset) {
    listener.withLock { $0 }?(dataset.description)
  }
}
