import Foundation
import NotebookProtocol

/// `output/index.html`: every report in the output folder with its status,
/// duration and date, rebuilt from the reports' own records so it never
/// disagrees with them.
public enum IndexRenderer {
  /// Under a failed report's badge: its error and where, and the last good report.
  static func failure(_ record: RunRecord, _ folder: String) -> String {
    var html = ""
    if let failed = record.result.cells.first(where: { $0.status == .failed }), let error = failed.error {
      let place = failed.errorPosition.map { "\(record.notebook):\($0): " } ?? ""
      html += "<br><small>\(escapeHTML(place + error))</small>"
    }
    if let lastGood = record.lastGoodRun {
      html +=
        "<br><small><a href=\"\(escapeHTML(pathSegment(folder)))/\(ReportFolder.lastGoodFolder)/index.html\">"
        + "Last good report</a> (\(escapeHTML(lastGood.date)))</small>"
    }
    return html
  }

  public static func write(outputDirectory: URL) throws {
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
    let records: [(String, RunRecord)] = folders.sorted().filter { !$0.hasPrefix(".") }.compactMap { folder in
      ReportFolder(final: outputDirectory.appendingPathComponent(folder)).existingRecord.map { (folder, $0) }
    }
    let marked = Set(folders.compactMap(NotRunMark.report(fromFileName:)))
    var rows = records.map { folder, record in
      let (statusClass, statusText) = ReportRenderer.status(record.result)
      let notRun = marked.contains(folder) ? NotRunMark.read(in: outputDirectory, report: folder) : nil
      let status =
        notRun.map {
          "<span class=\"badge failed\">not run</span><br><small>\(escapeHTML($0.error))</small>"
            + "<br><small>The report linked is the last one that ran (\(escapeHTML(statusText))).</small>"
        } ?? "<span class=\"badge \(statusClass)\">\(escapeHTML(statusText))</span>" + failure(record, folder)
      return
        "<tr><td><a href=\"\(escapeHTML(pathSegment(folder)))/index.html\">\(escapeHTML(record.title))</a><br>"
        + "<small>\(escapeHTML(record.notebook))</small></td>"
        + "<td>\(status)</td>"
        + "<td>\(escapeHTML(record.result.verdictSummary))</td>"
        + "<td>\(escapeHTML(record.result.datasets.joined(separator: "; ").nonEmpty ?? "none loaded"))</td>"
        + "<td class=\"num\">\(String(format: "%.1f s", record.result.seconds + record.result.compileSeconds))</td>"
        + "<td>\(escapeHTML(record.profile ?? "none (the post's settings)"))</td>"
        + "<td>\(escapeHTML(record.environment.date))</td></tr>"
    }
    // Notebooks that never produced a report.
    for folder in marked.sorted() where !records.contains(where: { $0.0 == folder }) {
      guard let mark = NotRunMark.read(in: outputDirectory, report: folder) else { continue }
      rows.append(
        "<tr><td>\(escapeHTML(mark.notebook))</td><td><span class=\"badge failed\">not run</span><br>"
          + "<small>\(escapeHTML(mark.error))</small></td><td></td><td></td><td></td><td></td>"
          + "<td>\(escapeHTML(mark.date))</td></tr>")
    }
    let body = """
      <header><h1>nbrun reports</h1><p>Each report reruns a blog post's autoencoder experiments and sets the \
      post's figures beside ours.</p></header>
      <table class="data"><thead><tr><th>Notebook</th><th>Status</th><th>Post vs ours</th><th>Data</th><th>Time</th><th>Profile</th><th>Run</th></tr>\
      </thead><tbody>\(rows.joined())</tbody></table>
      """
    try Data(page(title: "nbrun reports", body: body).utf8)
      .write(to: outputDirectory.appendingPathComponent("index.html"), options: .atomic)
  }
}

/// A folder name as one URL path segment: `week #3 ?` -> `week%20%233%20%3F`.
func pathSegment(_ name: String) -> String {
  var allowed = CharacterSet.urlPathAllowed
  allowed.remove(charactersIn: "/?#;")
  return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
}
