import Foundation

/// The staging folders this process has made and neither published nor
/// removed yet, so that nbrun stopped by a signal removes them on its way
/// out rather than leaving them for the next run's `removeLeftovers`.
final class StagingFolders: @unchecked Sendable {
  static let shared = StagingFolders()

  private var folders: Set<URL> = []
  private let lock = NSLock()

  func insert(_ folder: URL) { lock.withLock { _ = folders.insert(folder) } }
  func remove(_ folder: URL) { lock.withLock { _ = folders.remove(folder) } }

  /// Removes every folder still open; from a signal handler, once the
  /// programs that wrote into them are stopped.
  func removeAll() {
    let open = lock.withLock { folders }
    for folder in open { try? FileManager.default.removeItem(at: folder) }
  }
}
