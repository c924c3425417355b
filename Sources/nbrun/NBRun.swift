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
      unchanged is not run again (--force runs it anyway).

      Exit status: 0 when every notebook ran clean, 1 when any failed, 64 for a usage error.

      Example: nbrun --profile quick -p epochs=2 notebooks/*.md
      """,
    version: NotebookRunner.version)

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

  @Flag(
    help:
      "Render every report in <output> again from its recorded run (run.json and figures) and the notebook's current prose, running nothing."
  )
  var rerender = false

  func validate() throws {
    if rebuildIndex || rerender {
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
    if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds.") }
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

    let terminal = TerminalReporter()
    RunningGroups.shared.installSignalHandlers()
    let runner = NotebookRunner(library: library, options: options, reporter: terminal)
    var failed: [String] = []
    var usageErrors = 0
    for path in notebooks {
      let ok: Bool
      if check {
        let (clean, diagnostics) = runner.check(path: path)
        if !clean { printError(diagnostics) }
        terminal.line((clean ? "✓ " : "✗ ") + path + (clean ? ": compiles" : ": does not compile"))
        ok = clean
      } else {
        let outcome = runner.run(path: path)
        if outcome == .usageError { usageErrors += 1 }
        ok = outcome == .succeeded
      }
      if !ok {
        failed.append(path)
        if failFast { break }
      }
    }
    let total = notebooks.count
    let contradicted = terminal.notebooksWithFailedClaims
    terminal.line(
      (failed.isEmpty
        ? "nbrun: \(total) of \(total) notebook\(total == 1 ? "" : "s") ran clean"
        : "nbrun: \(failed.count) of \(total) failed: \(failed.joined(separator: ", "))")
        + (contradicted.isEmpty
          ? "" : "; warning: claims that do not hold in \(contradicted.joined(separator: ", "))"))
    if usageErrors > 0 { throw ExitCode(64) }
    if !failed.isEmpty { throw ExitCode(1) }
  }
}

func printError(_ message: String) {
  FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
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
    let terminal = TerminalReporter()
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
