import Foundation

/// Where a notebook's program is generated and compiled:
/// `.build/nbrun/<stem>-<hash of its absolute path>/`, so that `a/x.md` and
/// `b/x.md` never share one. Runs of the same notebook take turns on it
/// (an exclusive `flock` on `<folder>.lock`, held from the cache check to
/// the published report): two nbrun processes on one notebook wait for each
/// other instead of overwriting each other's program.
struct BuildFolder {
  let url: URL

  init(for notebook: Notebook) {
    let absolute = URL(fileURLWithPath: notebook.path).standardizedFileURL.path
    let name = "\(notebook.stem)-\(String(Self.fnv1a(absolute), radix: 16))"
    url = URL(fileURLWithPath: ".build/nbrun", isDirectory: true).appendingPathComponent(
      name, isDirectory: true)
  }

  /// Runs `body` holding the folder's lock.
  func withLock<T>(_ body: () throws -> T) throws -> T {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let lockPath = url.path + ".lock"
    let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw RunnerError.setup("cannot open \(lockPath): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }  // closing releases the lock
    while flock(descriptor, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw RunnerError.setup("cannot lock \(lockPath): \(String(cString: strerror(errno)))")
      }
    }
    return try body()
  }

  /// FNV-1a, 64 bits: a short, stable name for a path (not a security
  /// measure; a collision would only make two notebooks take turns).
  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return hash
  }
}
