import ArgumentParser
import Foundation
import NotebookKit

/// `nbrun index`: the reports of several output folders (CI shards,
/// Slurm tasks) in one folder with one index.
struct MergeIndex: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nbrun index",
    abstract: "Merge the reports of several output folders into one, and write its index.",
    discussion: """
      Each report (a folder holding nbrun's run.json) of each FOLDER is copied into the output folder, \
      replacing only reports nbrun made; where two folders hold a report of the same name, the newer \
      run wins. With no FOLDER, the output folder's own index is rewritten.

      Example: nbrun index -o output shard-1/output shard-2/output
      """)

  @Argument(help: "Output folders whose reports to merge.")
  var folders: [String] = []

  @Option(name: .shortAndLong, help: "The folder that gets the reports and the index.")
  var output = "output"

  func run() throws {
    let destination = URL(fileURLWithPath: output, isDirectory: true)
    do {
      let outcome = try ReportMerge.merge(
        folders.map { URL(fileURLWithPath: $0, isDirectory: true) }, into: destination)
      for warning in outcome.warnings { printError(warning) }
      print(
        "nbrun: \(output)/index.html lists \(outcome.merged.count) merged report\(outcome.merged.count == 1 ? "" : "s")"
      )
    } catch {
      printError("nbrun: \(error)")
      throw ExitCode(1)
    }
  }
}
