import Foundation
import Launcher

/// `nbrun --slurm`: the notebooks go to a Slurm cluster as one job array,
/// a task per share of them (`Shard.plan`, fixed here at submission so
/// that tasks starting at different times agree on it), each task an nbrun
/// writing its reports into the shared output folder and its `RunSummary`
/// beside them; `sbatch --wait` returns when all have ended, and the
/// summaries and the index are merged.
public struct SlurmArray: Sendable {
  public var executable: String
  /// The command line's flags, passed on to each task.
  public var flags: [String]
  /// Every notebook given, and the share of each task.
  public var notebooks: [String]
  public var shares: [[String]]
  /// Absolute: tasks may start in another folder on another node.
  public var output: URL
  /// Given to `sbatch` as they are (`--partition=…`, `--cpus-per-task=2`).
  public var sbatchOptions: [String]

  public init(
    executable: String, flags: [String], notebooks: [String], shares: [[String]], output: URL,
    sbatchOptions: [String]
  ) {
    self.executable = executable
    self.flags = flags
    self.notebooks = notebooks
    self.shares = shares.filter { !$0.isEmpty }
    self.output = output
    self.sbatchOptions = sbatchOptions
  }

  /// The job's folder in the output folder: its script, task logs and
  /// summaries (`.slurm/<date>-<pid>/`).
  public func jobFolder() -> URL {
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    return output.appendingPathComponent(".slurm/\(stamp)-\(ProcessInfo.processInfo.processIdentifier)")
  }

  /// The batch script: task `i` runs share `i`.
  public func script(jobFolder: URL, directory: String = FileManager.default.currentDirectoryPath) -> String {
    let cases = shares.enumerated().map { task, share in
      "  \(task + 1)) only=(\(share.map { "--only \(quoted($0))" }.joined(separator: " "))) ;;"
    }
    let command =
      ([executable] + flags).map(quoted).joined(separator: " ")
      + " --summary \(quoted(jobFolder.path))/summary-\"$SLURM_ARRAY_TASK_ID\".json \"${only[@]}\" -- "
      + notebooks.map(quoted).joined(separator: " ")
    return """
      #!/bin/bash
      # Written by nbrun --slurm: task i of the array runs share i of the notebooks.
      #SBATCH --job-name=nbrun
      #SBATCH --array=1-\(shares.count)
      #SBATCH --output=\(jobFolder.path)/task-%a.log
      set -euo pipefail
      cd \(quoted(directory))
      # The NN core uses as many threads as the task was given cores.
      export \(ParallelRun.coresVariable)="${SLURM_CPUS_PER_TASK:-$(nproc)}"
      case "$SLURM_ARRAY_TASK_ID" in
      \(cases.joined(separator: "\n"))
        *) echo "nbrun: no share for task $SLURM_ARRAY_TASK_ID" >&2; exit 64 ;;
      esac
      exec \(command)

      """
  }

  /// What the job did.
  public struct Outcome: Sendable {
    public var jobID: String
    public var jobFolder: URL
    /// sbatch's exit status: the highest of the tasks'.
    public var status: Int32
    /// The tasks' summaries, in task order (a task that died writes none).
    public var summaries: [RunSummary]
    public var missing: [Int]
  }

  /// Writes the script, submits it and waits for the array to end.
  public func submitAndWait(log: (String) -> Void) throws -> Outcome {
    let folder = jobFolder()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let scriptFile = folder.appendingPathComponent("job.sbatch")
    try Data(script(jobFolder: folder).utf8).write(to: scriptFile, options: .atomic)
    log("nbrun: submitting \(shares.count) task\(shares.count == 1 ? "" : "s") to Slurm (\(scriptFile.path))")
    let result = try ChildProcess.run(Command(["sbatch", "--wait"] + sbatchOptions + [scriptFile.path]))
    let jobID =
      result.outputText.split(separator: "\n").first { $0.hasPrefix("Submitted batch job") }
      .map { String($0.split(separator: " ").last ?? "") } ?? ""
    if jobID.isEmpty {
      throw RunnerError.setup(
        "sbatch did not submit the job: \(result.outputText.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    var summaries: [RunSummary] = []
    var missing: [Int] = []
    for task in 1...shares.count {
      if let summary = try? RunSummary.read(from: folder.appendingPathComponent("summary-\(task).json")) {
        summaries.append(summary)
      } else {
        missing.append(task)
      }
    }
    try IndexRenderer.write(outputDirectory: output)
    try SweepIndex.write(outputDirectory: output)
    return Outcome(
      jobID: jobID, jobFolder: folder, status: result.status, summaries: summaries, missing: missing)
  }

  /// A word for bash, in single quotes.
  func quoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
