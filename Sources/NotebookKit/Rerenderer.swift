import Foundation

/// Renders reports again from their recorded runs (`run.json` and
/// `figures/`) and their notebooks' current prose, running nothing
/// (`nbrun --rerender`): the way committed reports get a new page without
/// hours of training. The header says so, and which nbrun rendered it.
public struct Rerenderer {
  public var outputDirectory: URL
  public var selfContained = false
  weak var reporter: (any ProgressReporter)?

  public init(outputDirectory: URL, reporter: (any ProgressReporter)?) {
    self.outputDirectory = outputDirectory
    self.reporter = reporter
  }

  /// The report folders of `outputDirectory` (those holding a run record), by name.
  public var reports: [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
    return names.sorted().filter { !$0.hasPrefix(".") }.map { outputDirectory.appendingPathComponent($0) }
      .filter {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent(ReportFolder.recordFile).path)
      }
  }

  /// Renders the report in `folderURL` again. The notebook (at the path the
  /// record names) must still have the run's cells.
  public func rerender(report folderURL: URL) throws {
    let folder = ReportFolder(final: folderURL)
    guard var record = folder.existingRecord else {
      throw RunnerError.setup(
        "\(folderURL.path)/\(ReportFolder.recordFile) cannot be read: not a run record of this nbrun")
    }
    let notebook = try NotebookParser.parse(file: record.notebook)
    guard notebook.cells.count == record.result.cells.count else {
      throw RunnerError.setup(
        "\(record.notebook) has \(notebook.cells.count) cells, its recorded run in \(folderURL.path) "
          + "\(record.result.cells.count): run it again instead")
    }
    let staging = try folder.makeStaging()
    defer { folder.discard(staging) }
    try NotebookRunner.copyFigures(from: folder.final, to: staging)
    record.title = notebook.title
    record.formulas = NotebookRunner.typesetFormulas(
      notebook, reusing: record.formulas ?? [:], reporter: reporter)
    var renderer = ReportRenderer(
      notebook: notebook, record: record, cached: false,
      figuresDirectory: staging.appendingPathComponent("figures"), selfContained: selfContained,
      renderedBy: NotebookRunner.renderedBy(commit: RunEnvironment.commit(ignoring: outputDirectory)))
    renderer.rerendered = true
    let (html, warnings) = renderer.render()
    for warning in warnings + (try ProseImages(notebook: notebook).copy(into: staging)) {
      reporter?.warning(warning)
    }
    try folder.publish(staging: staging, record: record, html: html)
  }
}
