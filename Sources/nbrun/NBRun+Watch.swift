import ArgumentParser
import Foundation
import NotebookKit

/// `--watch`: one notebook, served and run again on each save.
extension NBRun {
  /// What `--watch` cannot be combined with: options that choose among
  /// several runs or write files about a whole run, which one open-ended
  /// run of one notebook has no use for.
  func validateWatch() throws {
    guard watch else {
      if port != nil { throw ValidationError("--port is the port of --watch; add --watch.") }
      return
    }
    guard notebooks.count == 1 else {
      throw ValidationError("--watch takes exactly one notebook (given \(notebooks.count)).")
    }
    let conflicting: [(Bool, String)] = [
      (check, "--check"), (slurm, "--slurm"), (jobs > 1, "-j"), (shard != nil, "--shard"),
      (!sweep.isEmpty, "--sweep"), (junit != nil, "--junit"), (summary != nil, "--summary"),
      (failFast, "--fail-fast"), (!only.isEmpty, "--only"),
    ]
    if let (_, name) = conflicting.first(where: \.0) {
      throw ValidationError("--watch runs one notebook again and again; it takes no \(name).")
    }
    if let port, !(1...65535).contains(port) {
      throw ValidationError("--port must be between 1 and 65535 (leave it out for a free port).")
    }
  }

  /// Serves the report, runs the notebook, and runs it again on each save,
  /// until SIGINT or SIGTERM (which stop the server and the running program;
  /// nbrun exits with 130 or 143).
  func watchHere(_ path: String, library: SupportLibrary, options: RunOptions) throws -> Never {
    let terminal = TerminalReporter(logOutput: logOutput)
    let session: WatchSession
    let bound: UInt16
    do {
      session = try WatchSession(
        path: path, library: library, options: options, terminal: terminal, port: UInt16(port ?? 0))
      bound = try session.serve()
    } catch {
      printError("nbrun: cannot serve on 127.0.0.1:\(port.map(String.init) ?? "a free port"): \(error)")
      throw ExitCode(1)
    }
    RunningGroups.shared.installSignalHandlers(
      onSignal: { session.stopping() }, beforeExit: { session.stop() })
    terminal.line("Serving \(session.address(port: bound)), watching \(path); Ctrl-C stops")
    session.watch()
  }
}
