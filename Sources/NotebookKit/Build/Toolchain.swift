import Foundation
import Launcher

/// The `swiftc` that compiles notebooks. Its identity (resolved path, size,
/// date) is cheap and keys the cache; its version string costs a process
/// launch of a quarter second, so only runs that execute ask for it.
enum Toolchain {
  /// The compiler `swiftc` resolves to on `PATH`, symlinks followed.
  static var compiler: URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("swiftc")
      if FileManager.default.isExecutableFile(atPath: candidate.path) {
        return candidate.resolvingSymlinksInPath()
      }
    }
    return nil
  }

  /// Changes whenever the compiler binary is replaced.
  static var identity: String {
    guard let compiler, let fingerprint = FileFingerprint.of(compiler.path)
    else { return "swiftc not found" }
    return "\(compiler.path):\(fingerprint)"
  }

  /// `swiftc --version`'s first line, for the report header.
  static var version: String {
    guard let result = try? ChildProcess.run(Command(["swiftc", "--version"])), result.succeeded,
      let first = result.outputText.split(separator: "\n").first
    else { return "swiftc not found" }
    return String(first)
  }
}
