import Foundation
import NotebookProtocol

/// `<output>/<report>.sweep.html`: a notebook's sweep points side by side,
/// one column per point, one row per figure the post reports (its value,
/// then ours at each point), then each point's status, claims and time.
/// Rebuilt from the reports' own records, as the index is.
public enum SweepIndex {
  /// Writes a page for every notebook with sweep reports in the folder;
  /// returns the pages written.
  @discardableResult
  public static func write(outputDirectory: URL) throws -> [URL] {
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
    var groups: [String: [(label: String, folder: String, record: RunRecord)]] = [:]
    for folder in folders.sorted() where !folder.hasPrefix(".") {
      guard let at = folder.firstIndex(of: "@"),
        let record = ReportFolder(final: outputDirectory.appendingPathComponent(folder)).existingRecord
      else { continue }
      groups[String(folder[..<at]), default: []].append(
        (String(folder[folder.index(after: at)...]), folder, record))
    }
    var pages: [URL] = []
    for (base, points) in groups.sorted(by: { $0.key < $1.key }) {
      let url = outputDirectory.appendingPathComponent("\(base).sweep.html")
      try Data(html(base: base, points: points).utf8).write(to: url, options: .atomic)
      pages.append(url)
    }
    return pages
  }

  static func html(base: String, points: [(label: String, folder: String, record: RunRecord)]) -> String {
    var names: [String] = []
    for point in points {
      for comparison in point.record.result.comparisons where !names.contains(comparison.name) {
        names.append(comparison.name)
      }
    }
    let header =
      "<tr><th>Figure</th><th>Post</th>"
      + points.map {
        "<th><a href=\"\(escapeHTML(pathSegment($0.folder)))/index.html\">\(escapeHTML($0.label))</a></th>"
      }
      .joined() + "</tr>"
    let figureRows = names.map { name -> String in
      let comparisons = points.map { $0.record.result.comparisons.first { $0.name == name } }
      let post = comparisons.compactMap { $0?.reported }.first
      return "<tr><td>\(escapeHTML(name))</td><td class=\"num\">\(post.map(number) ?? "")</td>"
        + comparisons.map { comparison -> String in
          guard let comparison else { return "<td></td>" }
          let spread = comparison.spread.map { " (\(number($0.lowerBound))–\(number($0.upperBound)))" } ?? ""
          return "<td class=\"num\">\(number(comparison.reproduced))\(spread) "
            + "<small>\(escapeHTML(comparison.verdict.rawValue))</small></td>"
        }.joined() + "</tr>"
    }
    let statusRow =
      "<tr><td>Status</td><td></td>"
      + points.map { point -> String in
        let (cssClass, text) = ReportRenderer.status(point.record.result)
        return "<td><span class=\"badge \(cssClass)\">\(escapeHTML(text))</span></td>"
      }.joined() + "</tr>"
    let summaryRow =
      "<tr><td>Post vs ours</td><td></td>"
      + points.map { "<td>\(escapeHTML($0.record.result.verdictSummary))</td>" }.joined() + "</tr>"
    let timeRow =
      "<tr><td>Time</td><td></td>"
      + points.map {
        "<td class=\"num\">\(String(format: "%.1f s", $0.record.result.seconds + $0.record.result.compileSeconds))</td>"
      }.joined() + "</tr>"
    let title = points.first.map { $0.record.title } ?? base
    let body = """
      <header><h1>\(escapeHTML(title)): a sweep</h1><p>\(escapeHTML(points.first?.record.notebook ?? base)) \
      at \(points.count) point\(points.count == 1 ? "" : "s"), each with its own report. \
      <a href="index.html">All reports</a></p></header>
      <table class="data"><thead>\(header)</thead><tbody>\
      \(figureRows.joined())\(statusRow)\(summaryRow)\(timeRow)</tbody></table>
      """
    return page(title: "\(title): a sweep", body: body)
  }

  private static func number(_ value: Double) -> String { String(format: "%.4g", value) }
}
