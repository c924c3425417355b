import ArgumentParser
import Foundation
import Launcher
import NotebookKit

/// Where the notebooks run when not here one by one: N at a time (`-j`),
/// or on a Slurm cluster; and what a run leaves for CI.
extension NBRun {
  /// The flags each child nbrun (of `-j` or a Slurm task) is given: those
  /// that change what a notebook does, not what the whole run writes.
  var flagsPassedOn: [String] {
    var flags = ["--output", URL(fileURLWithPath: output).standardizedFileURL.path]
    for parameter in parameters { flags += ["-p", parameter.argument] }
    if let profile { flags += ["--profile", profile] }
    if let timeout { flags += ["--timeout", "\(timeout)"] }
    if force { flags.append("--force") }
    if selfContained { flags.append("--self-contained") }
    if logOutput { flags.append("--log-output") }
    for sweep in sweep { flags += ["--sweep", sweep.argument] }
    return flags
  }

  func runInParallel(_ selected: [RunUnit], options: RunOptions) throws -> RunSummary {
    var parallel = ParallelRun(
      executable: ChildProcess.thisExecutable, flags: flagsPassedOn, notebooks: notebooks, jobs: jobs)
    parallel.failFast = failFast
    let durations = PreviousDurations.read(selected, output: options.outputDirectory)
    let status = ParallelStatus(durations: durations)
    let reportNames = Dictionary(selected.map { ($0.id, $0.reportName) }, uniquingKeysWith: { $1 })
    LogLine.write(
      "nbrun: \(selected.count) notebooks, \(jobs) at a time, \(parallel.coresPerNotebook) "
        + "core\(parallel.coresPerNotebook == 1 ? "" : "s") each")
    status.start()
    let children = try parallel.run(
      selected.map(\.id), durations: durations,
      relay: { id, line, standardError in
        status.relay(reportNames[id] ?? id, line, standardError: standardError)
      },
      started: { status.started($0) }, finished: { status.finished($0) })
    status.stop()
    try IndexRenderer.write(outputDirectory: options.outputDirectory)
    var summary = RunSummary()
    for child in children {
      if let childSummary = child.summary {
        summary.notebooks += childSummary.notebooks
      } else {
        // The child died before it could write its summary.
        let unit = selected.first { $0.id == child.notebook }
        var lost = NotebookSummary(notebook: unit?.path ?? child.notebook, status: .notRun)
        lost.point = unit.flatMap { $0.point.isEmpty ? nil : $0.pointLabel }
        lost.failure = LocatedMessage(
          file: lost.notebook, line: nil, severity: .error,
          text: "nbrun stopped with status \(child.exitStatus) before it summarised the run")
        summary.notebooks.append(lost)
      }
    }
    return summary
  }

  func runOnSlurm(_ selected: [RunUnit], options: RunOptions) throws -> RunSummary {
    let durations = PreviousDurations.read(selected, output: options.outputDirectory)
    let array = SlurmArray(
      executable: ChildProcess.thisExecutable, flags: flagsPassedOn, notebooks: notebooks,
      shares: Shard.plan(
        selected.map(\.id), count: min(slurmTasks ?? selected.count, max(selected.count, 1)),
        durations: durations),
      output: options.outputDirectory.standardizedFileURL, sbatchOptions: sbatch)
    let outcome: SlurmArray.Outcome
    do {
      outcome = try array.submitAndWait(log: LogLine.write)
    } catch {
      printError("nbrun: \(error)")
      throw ExitCode(1)
    }
    LogLine.write(
      "nbrun: Slurm job \(outcome.jobID) ended (sbatch status \(outcome.status)); task logs in \(outcome.jobFolder.path)"
    )
    var summary = RunSummary()
    for task in outcome.summaries { summary.notebooks += task.notebooks }
    for task in outcome.missing {
      for id in array.shares[task - 1] {
        let unit = selected.first { $0.id == id }
        var lost = NotebookSummary(notebook: unit?.path ?? id, status: .notRun)
        lost.point = unit.flatMap { $0.point.isEmpty ? nil : $0.pointLabel }
        lost.failure = LocatedMessage(
          file: lost.notebook, line: nil, severity: .error,
          text: "Slurm task \(task) wrote no summary (see \(outcome.jobFolder.path)/task-\(task).log)")
        summary.notebooks.append(lost)
      }
    }
    for notebook in summary.notebooks {
      let mark = notebook.status == .passed ? "✓" : "✗"
      LogLine.write(
        "\(mark) \(notebook.runName): \(notebook.status.rawValue)"
          + (notebook.report.map { " → \($0)" } ?? ""))
      if let failure = notebook.failure { printError(failure.description) }
    }
    return summary
  }

  /// `--junit`, `--summary`, and GitHub annotations.
  func writeCIOutputs(_ summary: RunSummary) throws {
    if GitHubAnnotations.enabled {
      for line in GitHubAnnotations.lines(summary) { print(line) }
    }
    for (path, write) in [
      (junit, { try JUnitReport.write(summary, to: $0) }),
      (self.summary, { try summary.write(to: $0) }),
    ] as [(String?, (URL) throws -> Void)] {
      guard let path else { continue }
      do {
        try write(URL(fileURLWithPath: path))
      } catch {
        printError("nbrun: cannot write \(path): \(error.localizedDescription)")
        throw ExitCode(1)
      }
    }
  }
}

extension Sweep {
  /// As given on the command line: `[notebook:]name=v1,v2`.
  var argument: String { (notebook.map { $0 + ":" } ?? "") + name + "=" + values.joined(separator: ",") }
}

extension ParameterOverride {
  /// As given on the command line: `[notebook:]name=value`.
  var argument: String { (notebook.map { $0 + ":" } ?? "") + name + "=" + value }
}
