import Foundation

/// Compiles one generated Swift program against the support library.
struct SwiftCompiler {
  var library: SupportLibrary
  /// Notebook cells are scripts: Swift 5 mode keeps top-level variables free
  /// of Swift 6's actor-isolation rules. `-Onone` because the heavy work is
  /// in the already optimised library and compile time dominates otherwise.
  var flags = ["-swift-version", "5", "-Onone"]

  struct Failure: Error {
    var diagnostics: String
  }

  /// Builds `source` into the executable `output`; throws the compiler's
  /// diagnostics on failure. Diagnostics point wherever `#sourceLocation`
  /// says, i.e. into the notebook.
  func compile(_ source: URL, to output: URL) throws {
    let result = try Subprocess.run(
      ["swiftc"] + flags + library.compilerFlags + [source.path, "-o", output.path],
      in: source.deletingLastPathComponent())
    guard result.status == 0 else { throw Failure(diagnostics: result.output) }
  }

  /// Type-checks `source` without producing code (`nbrun --check`).
  func typecheck(_ source: URL) throws {
    let result = try Subprocess.run(
      ["swiftc", "-typecheck"] + flags + library.compilerFlags + [source.path],
      in: source.deletingLastPathComponent())
    guard result.status == 0 else { throw Failure(diagnostics: result.output) }
  }
}
