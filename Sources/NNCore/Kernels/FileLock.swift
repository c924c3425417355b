import Foundation
import Glibc

/// An exclusive `flock` on a lock file for the length of `body`, so that
/// processes sharing a file take turns updating it. Where the lock file
/// cannot be opened (a read-only folder), `body` runs unlocked: the worst
/// that can happen is two processes timing the same kernel.
enum FileLock {
  static func holding<T>(_ lockFile: URL, _ body: () -> T) -> T {
    try? FileManager.default.createDirectory(
      at: lockFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return body() }
    defer { close(descriptor) }  // closing releases the lock
    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    return body()
  }
}
