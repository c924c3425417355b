import ArgumentParser
import Foundation
import NotebookKit

@main
struct NBRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nbrun",
    abstract: "Run Markdown notebooks of Swift cells and write an HTML report for each.",
    discussion: """
      Each notebook's ```swift cells are compiled into one program (against NNCore, Datasets and \
      NotebookRuntime) and run in order with shared state. Reports go to <output>/<notebook>/index.html, \
      with <output>/index.html listing them all. A notebook whose cells, parameters, data and core are \
      unchanged is not run again (--force runs it anyway). After an edit, only the edited cell and the \
      cells after it run: the state after the cells before it is restored from the last run \
      (--explain says why each cell runs or is reused).

      Exit status: 0 when every notebook ran clean, 1 when any failed, 64 for a usage error.

      Example: nbrun --profile quick -p epochs=2 notebooks/*.md

      While writing: nbrun --watch notebooks/x.md serves x.md's report on 127.0.0.1, runs the \
      notebook again each time it is saved, and the page follows (the running cell, then the new \
      outputs, or the error at its line).

      In CI: --junit FILE and --summary FILE write what ran for machines; with GITHUB_ACTIONS=true \
      errors and warnings also print as workflow annotations. -j N runs N notebooks at once, \
      --shard i/n a share of them, --slurm sends them to a Slurm cluster as a job array, and \
      'nbrun index [-o OUTPUT] FOLDER...' merges the reports of several output folders into one index.
      """,
    version: NotebookRunner.version)

  /// `nbrun index …` is its own command; anything else runs notebooks.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "index" {
      MergeIndex.main(Array(arguments.dropFirst()))
    } else {
      main(arguments)
    }
  }

  @Argument(help: "The notebooks to run (Markdown files).")
  var notebooks: [String] = []

  @Option(name: .shortAndLong, help: "The folder for the reports.")
  var output = "output"

  @Option(
    name: .customShort("p"),
    help: ArgumentHelp(
      "Override a parameter (repeatable); notebook.md:name=value for one notebook only.",
      valueName: "name=value"))
  var parameters: [ParameterOverride] = []

  @Option(help: "Apply a profile from the front matter, e.g. 'quick'.")
  var profile: String?

  @Option(help: ArgumentHelp("Stop a notebook that runs longer than this.", valueName: "seconds"))
  var timeout: Double?

  @Flag(help: "Run notebooks even when their cached outputs are still valid.")
  var force = false

  @Flag(help: "Say, for each cell, why it runs or is reused from the last run.")
  var explain = false

  @Flag(
    help: ArgumentHelp(
      "Say what a run would do, cell by cell, and run nothing.",
      discussion: "Which cells would run and which would be reused, why, and what each took in the last run.")
  )
  var dryRun = false

  @Flag(help: "Stop at the first notebook that fails.")
  var failFast = false

  @Flag(help: "Only type-check the notebooks; run nothing, write no report.")
  var check = false

  @Flag(help: "Embed figures in each report, making it one file.")
  var selfContained = false

  @Flag(
    help:
      "Rewrite <output>/index.html from the reports in that folder and run nothing (after copying in reports made elsewhere)."
  )
  var rebuildIndex = false

  @Option(
    help: ArgumentHelp("Write a JUnit XML report of the run (a test suite per notebook).", valueName: "file"))
  var junit: String?

  @Option(help: ArgumentHelp("Write a JSON summary of the run.", valueName: "file"))
  var summary: String?

  @Flag(help: "Show what cells print, as they print it.")
  var logOutput = false

  @Option(name: [.customShort("j"), .customLong("jobs")], help: "Run this many notebooks at once.")
  var jobs = 1

  @Option(
    help: ArgumentHelp(
      "Run only the i-th of n shares of the notebooks (balanced by their last durations).", valueName: "i/n"))
  var shard: Shard?

  @Flag(help: "Run the notebooks on a Slurm cluster as a job array, wait, and merge the index.")
  var slurm = false

  @Option(
    parsing: .unconditionalSingleValue,
    help: ArgumentHelp(
      "An option for sbatch (repeatable), e.g. --sbatch=--partition=debug.", valueName: "option"))
  var sbatch: [String] = []

  @Option(help: "Array tasks for --slurm (default: one per notebook).")
  var slurmTasks: Int?

  @Option(
    help: ArgumentHelp(
      "Run each notebook at each of these values (repeatable: every combination), a report each; "
        + "notebook.md:name=... for one notebook only.", valueName: "name=v1,v2,..."))
  var sweep: [Sweep] = []

  @Flag(
    help:
      "Serve the notebook's report on 127.0.0.1 and run it again on each save; the page shows the running cell and reloads when a run ends (Ctrl-C stops)."
  )
  var watch = false

  @Option(help: "The port for --watch (default: a free one).")
  var port: Int?

  /// Of the runs given, make only these (`RunUnit.id`): the children of -j
  /// and --slurm are given everything, so that report names and -p rules
  /// are those of the whole run.
  @Option(help: .hidden)
  var only: [String] = []

  @Flag(
    help:
      "Render every report in <output> again from its recorded run (run.json and figures) and the notebook's current prose, running nothing."
  )
  var rerender = false

  func validate() throws {
    if rebuildIndex || rerender {
      if watch {
        throw ValidationError(
          "--watch runs a notebook; it takes no --\(rerender ? "rerender" : "rebuild-index").")
      }
      guard notebooks.isEmpty else {
        throw ValidationError("--\(rerender ? "rerender" : "rebuild-index") takes no notebooks.")
      }
      return
    }
    guard !notebooks.isEmpty else {
      throw ValidationError("Name at least one notebook, e.g. notebooks/*.md.")
    }
    for path in notebooks where !FileManager.default.fileExists(atPath: path) {
      throw ValidationError("No notebook at '\(path)'.")
    }
    try validateWatch()
    if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds.") }
    if jobs < 1 { throw ValidationError("-j must be at least 1.") }
    if let slurmTasks, slurmTasks < 1 { throw ValidationError("--slurm-tasks must be at least 1.") }
    if slurm && check { throw ValidationError("--check runs here; it takes no --slurm.") }
    if dryRun && (check || slurm || watch) {
      throw ValidationError(
        "--dry-run runs nothing; it takes no --\(check ? "check" : slurm ? "slurm" : "watch").")
    }
    let ids = Set(runUnits(reportNames: [:]).map(\.id))
    for id in only where !ids.contains(id) {
      throw ValidationError("--only \(id) is not among the notebooks given.")
    }
  }

  func run() throws {
    if rerender {
      try rerenderReports()
      return
    }
    if rebuildIndex {
      do {
        try IndexRenderer.write(outputDirectory: URL(fileURLWithPath: output, isDirectory: true))
      } catch {
        printError("nbrun: cannot write \(output)/index.html: \(error.localizedDescription)")
        throw ExitCode(1)
      }
      print("nbrun: \(output)/index.html rewritten")
      return
    }
    let library: SupportLibrary
    do {
      library = try SupportLibrary.locate()
    } catch {
      printError("nbrun: \(error)")
      throw ExitCode(1)
    }
    var options = RunOptions(outputDirectory: URL(fileURLWithPath: output, isDirectory: true))
    options.overrides = parameters
    options.unknownParameterIsWarning = notebooks.count > 1
    options.reportNames = ReportNames.names(for: notebooks)
    options.profile = profile
    options.notebookTimeout = timeout
    options.force = force
    options.explain = explain
    options.selfContained = selfContained
    do {
      try FileManager.default.createDirectory(at: options.outputDirectory, withIntermediateDirectories: true)
    } catch {
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isFolder)
      printError(
        "nbrun: cannot use '\(output)' as the output folder: "
          + (exists && !isFolder.boolValue
            ? "it is a file" : (error as NSError).localizedFailureReason ?? error.localizedDescription))
      throw ExitCode(1)
    }

    var selected = runUnits(reportNames: options.reportNames)
    if !only.isEmpty { selected = selected.filter { only.contains($0.id) } }
    if let shard {
      let share = Set(
        shard.select(
          selected.map(\.id), durations: PreviousDurations.read(selected, output: options.outputDirectory)))
      selected = selected.filter { share.contains($0.id) }
    }
    if watch { try watchHere(notebooks[0], library: library, options: options) }
    RunningGroups.shared.installSignalHandlers()
    defer { RunningGroups.shared.exitingUnlessStopped() }
    if check { return try checkHere(selected.map(\.path), library: library, options: options) }
    if dryRun { return try planHere(selected.map(\.path), library: library, options: options) }
    let started = Date()
    var summary: RunSummary
    if slurm {
      summary = try runOnSlurm(selected, options: options)
    } else if jobs > 1 && selected.count > 1 {
      summary = try runInParallel(selected, options: options)
    } else {
      summary = runHere(selected, library: library, options: options)
    }
    summary.seconds = Date().timeIntervalSince(started)
    if !sweep.isEmpty {
      do {
        try SweepIndex.write(outputDirectory: options.outputDirectory)
      } catch {
        printError("nbrun: cannot write the sweep pages in \(output): \(error.localizedDescription)")
        throw ExitCode(1)
      }
    }
    try writeCIOutputs(summary)
    let failed = summary.notebooks.filter { $0.status != .passed }.map(\.runName)
    LogLine.write(
      Self.closingLine(
        total: selected.count, failed: failed,
        contradicted: summary.notebooks.filter { !$0.failedClaims.isEmpty }.map(\.runName)))
    if summary.notebooks.contains(where: { $0.status == .usageError }) { throw ExitCode(64) }
    if !failed.isEmpty { throw ExitCode(1) }
  }

  /// The notebooks given, each at every point of its sweeps.
  private func runUnits(reportNames: [String: String]) -> [RunUnit] {
    guard !sweep.isEmpty else {
      return notebooks.map { RunUnit(path: $0, point: [], reportName: reportNames[$0] ?? $0) }
    }
    var declared: [String: Set<String>?] = [:]
    return RunUnit.expand(notebooks, sweeps: sweep, reportNames: reportNames) { path, parameter in
      if declared[path] == nil {
        // A notebook that does not parse says so when it runs.
        declared[path] = (try? NotebookParser.parse(file: path)).map {
          Set($0.frontMatter.parameters.map(\.name))
        }
      }
      return declared[path]!.map { $0.contains(parameter) } ?? true
    }
  }

  /// "nbrun: 3 of 3 notebooks ran clean", or which failed.
  static func closingLine(total: Int, failed: [String], contradicted: [String]) -> String {
    (failed.isEmpty
      ? "nbrun: \(total) of \(total) notebook\(total == 1 ? "" : "s") ran clean"
      : "nbrun: \(failed.count) of \(total) failed: \(failed.joined(separator: ", "))")
      + (contradicted.isEmpty
        ? "" : "; warning: claims that do not hold in \(contradicted.joined(separator: ", "))")
  }

  /// Runs `selected` one after another in this process.
  private func runHere(_ selected: [RunUnit], library: SupportLibrary, options: RunOptions) -> RunSummary {
    let terminal = TerminalReporter(logOutput: logOutput)
    let collector = RunSummaryCollector()
    let reporters = ReporterFanOut([terminal, collector])
    let runner = NotebookRunner(library: library, options: options, reporter: reporters)
    for unit in selected {
      // A sweep point is the notebook with -p of its own and its own report.
      var pointOptions = options
      pointOptions.overrides += unit.point
      pointOptions.reportNames[unit.path] = unit.reportName
      let runner =
        unit.point.isEmpty
        ? runner : NotebookRunner(library: library, options: pointOptions, reporter: reporters)
      collector.point = unit.point.isEmpty ? nil : unit.pointLabel
      let outcome = runner.run(path: unit.path)
      if outcome == .usageError { collector.markUsageError(unit.path) }
      if outcome != .succeeded && failFast { break }
    }
    return collector.summary
  }

  /// `--check`: type-checks `selected`, runs nothing.
  private func checkHere(_ selected: [String], library: SupportLibrary, options: RunOptions) throws {
    let terminal = TerminalReporter(logOutput: false)
    let runner = NotebookRunner(library: library, options: options, reporter: terminal)
    var failed: [String] = []
    for path in selected {
      let (clean, diagnostics) = runner.check(path: path)
      if !clean { printError(diagnostics) }
      terminal.line((clean ? "✓ " : "✗ ") + path + (clean ? ": compiles" : ": does not compile"))
      if !clean {
        failed.append(path)
        if failFast { break }
      }
    }
    terminal.line(Self.closingLine(total: selected.count, failed: failed, contradicted: []))
    if !failed.isEmpty { throw ExitCode(1) }
  }
}

extension NBRun {
  /// `--dry-run`: what a run of `selected` would do, cell by cell.
  private func planHere(_ selected: [String], library: SupportLibrary, options: RunOptions) throws {
    let terminal = TerminalReporter(logOutput: false)
    let runner = NotebookRunner(library: library, options: options, reporter: terminal)
    var failed = false
    for path in selected {
      do {
        terminal.line(PlanText.lines(of: try runner.plan(path: path)).joined(separator: "\n"))
      } catch {
        printError("\(error)")
        terminal.line("✗ \(path): cannot be planned")
        failed = true
      }
    }
    if failed { throw ExitCode(1) }
  }
}

func printError(_ message: String) {
  FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

extension Sweep: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
}

extension Shard: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
}

extension ParameterOverride: ExpressibleByArgument {
  public init?(argument: String) {
    guard let parsed = ParameterOverride(parsing: argument) else { return nil }
    self = parsed
  }
}

extension NBRun {
  /// `--rerender`: each report folder of `output` rendered again from its record.
  func rerenderReports() throws {
    let outputDirectory = URL(fileURLWithPath: output, isDirectory: true)
    let terminal = TerminalReporter(logOutput: false)
    var rerenderer = Rerenderer(outputDirectory: outputDirectory, reporter: terminal)
    rerenderer.selfContained = selfContained
    let folders = rerenderer.reports
    var failed = 0
    for folder in folders {
      do {
        try rerenderer.rerender(report: folder)
        terminal.line("✓ \(folder.path)/index.html rendered again from its run")
      } catch {
        printError("nbrun: \(error)")
        failed += 1
      }
    }
    do {
      try IndexRenderer.write(outputDirectory: outputDirectory)
    } catch {
      printError("nbrun: cannot write \(output)/index.html: \(error.localizedDescription)")
      throw ExitCode(1)
    }
    terminal.line("nbrun: \(folders.count - failed) of \(folders.count) reports rendered again")
    if failed > 0 { throw ExitCode(1) }
  }
}
