import Foundation
import Launcher

/// Compiles one generated Swift program against the support library.
struct SwiftCompiler {
  var library: SupportLibrary
  /// Notebook cells are scripts: Swift 5 mode keeps top-level variables free
  /// of Swift 6's actor-isolation rules. `-Onone` because the heavy work is
  /// in the already optimised library and compile time dominates otherwise.
  /// `-g` so that a crash report locates a trap at its `.md` line. No
  /// run-time exclusivity checks: cells' variables are globals, so every
  /// access in a cell's loop would call the runtime, in code without a line
  /// of its own (a timeout's stack sample would land there). LLVM's
  /// diagnostic style shows the notebook's line under each message, where
  /// Swift's own shows the generated program around it.
  var flags = [
    "-swift-version", "5", "-Onone", "-g", "-enforce-exclusivity=unchecked", "-diagnostic-style", "llvm",
  ]

  struct Failure: Error {
    var diagnostics: String

    /// The diagnostics naming the notebook at `path` as it is, not as
    /// escaped in `#sourceLocation` (`l'été "cité".md`, not `l'été \"cité\".md`).
    /// The driver's own "emit-module command failed" line only repeats that
    /// compiling failed.
    func diagnostics(naming path: String) -> String {
      diagnostics.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("error: emit-module command failed") }
        .joined(separator: "\n")
        .replacingOccurrences(of: ProgramGenerator.sourceFileName(path) + ":", with: path + ":")
    }
  }

  /// Builds `source` into the executable `output`; throws the compiler's
  /// diagnostics on failure. Diagnostics point wherever `#sourceLocation`
  /// says, i.e. into the notebook.
  func compile(_ source: URL, to output: URL) throws {
    try run(["swiftc"] + flags + library.compilerFlags + [source.path, "-o", output.path], source)
  }

  /// Type-checks `source` without producing code (`nbrun --check`).
  func typecheck(_ source: URL) throws {
    try run(["swiftc", "-typecheck"] + flags + library.compilerFlags + [source.path], source)
  }

  /// Runs swiftc in the source's folder; its diagnostics, on failure, are
  /// the error.
  private func run(_ arguments: [String], _ source: URL) throws {
    let result = try ChildProcess.run(Command(arguments, in: source.deletingLastPathComponent().path))
    guard result.succeeded else { throw Failure(diagnostics: result.outputText) }
  }
}
