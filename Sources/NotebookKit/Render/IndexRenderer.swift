import Foundation
import NotebookProtocol

/// `output/index.html` (`index.mustache`): every report in the output folder
/// with its status, verdicts, data, duration and date, rebuilt from the
/// reports' own records so it never disagrees with them.
public enum IndexRenderer {
  struct IndexView {
    var title = "nbrun reports"
    var stylesheet = Stylesheet.css
    var bodyClass = "index"
    var rows: [Row]
  }

  struct Row {
    struct Link {
      var href: String
      var reportTitle: String
    }

    struct NotRun {
      var error: String
      /// The status of the report still linked, when there is one.
      var lastStatus: String?
    }

    var link: Link?
    var notebook: String
    var notRun: NotRun?
    var status: ReportView.Badge?
    var verdicts: ReportView.Badge?
    var data = ""
    var duration = ""
    /// What the cells this run reused took in the runs that made them.
    var reusedDuration: String?
    var profile = ""
    var date: String
    /// A failed run's error, at its `file:line:column` when known.
    var failure: String?
    /// A failed run's link to the last good report (`ReportFolder.lastGoodFolder`).
    var lastGood: Link?
  }

  /// The first failed cell's error, where it happened.
  static func failure(_ record: RunRecord) -> String? {
    guard let failed = record.result.cells.first(where: { $0.status == .failed }), let error = failed.error
    else { return nil }
    return (failed.errorPosition.map { "\(record.notebook):\($0): " } ?? "") + error
  }

  /// "+ 2 h 04 min in 4 reused cells": a run that reused the long cells took
  /// seconds, and the reader should not take that for what the outputs cost.
  static func reusedDuration(_ result: RunResult) -> String? {
    let reused = result.reusedCells
    guard !reused.isEmpty else { return nil }
    let seconds = reused.compactMap(\.seconds).reduce(0, +)
    return
      "+ \(readableDuration(seconds: seconds)) in \(reused.count) reused cell\(reused.count == 1 ? "" : "s")"
  }

  public static func write(outputDirectory: URL) throws {
    try Data(html(outputDirectory: outputDirectory).utf8)
      .write(to: outputDirectory.appendingPathComponent("index.html"), options: .atomic)
  }

  static func html(outputDirectory: URL) -> String {
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
    let records: [(String, RunRecord)] = folders.sorted().filter { !$0.hasPrefix(".") }.compactMap { folder in
      ReportFolder(final: outputDirectory.appendingPathComponent(folder)).existingRecord.map { (folder, $0) }
    }
    let marked = Set(folders.compactMap(NotRunMark.report(fromFileName:)))
    var rows = records.map { folder, record in
      let (statusClass, statusText) = ReportRenderer.status(record.result)
      let notRun = marked.contains(folder) ? NotRunMark.read(in: outputDirectory, report: folder) : nil
      return Row(
        link: .init(href: pathSegment(folder) + "/index.html", reportTitle: record.title),
        notebook: record.notebook,
        notRun: notRun.map { .init(error: $0.error, lastStatus: statusText) },
        status: notRun == nil ? .init(cssClass: statusClass, text: statusText) : nil,
        verdicts: .init(
          cssClass: ReportRenderer.verdictClass(record.result), text: record.result.verdictSummary),
        data: DataSummary.line(record.result.datasets),
        duration: String(format: "%.1f s", record.result.seconds + record.result.compileSeconds),
        reusedDuration: reusedDuration(record.result),
        profile: record.profile ?? "none (the post's settings)",
        date: record.environment.date,
        failure: failure(record),
        lastGood: record.lastGoodRun.map {
          .init(
            href: pathSegment(folder) + "/\(ReportFolder.lastGoodFolder)/index.html", reportTitle: $0.date)
        })
    }
    // Notebooks that never produced a report.
    for folder in marked.sorted() where !records.contains(where: { $0.0 == folder }) {
      guard let mark = NotRunMark.read(in: outputDirectory, report: folder) else { continue }
      rows.append(Row(notebook: mark.notebook, notRun: .init(error: mark.error), date: mark.date))
    }
    return Templates.render(IndexView(rows: rows), template: "index")
  }
}

/// A folder or file name as one URL path segment: `week #3 ?` -> `week%20%233%20%3F`.
func pathSegment(_ name: String) -> String {
  var allowed = CharacterSet.urlPathAllowed
  allowed.remove(charactersIn: "/?#;")
  return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
}
