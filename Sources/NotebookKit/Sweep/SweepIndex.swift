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

  struct SweepView {
    struct Point {
      var href: String
      var label: String
      var status: ReportView.Badge
      var verdicts: String
      var duration: String
    }

    struct FigureRow {
      /// Ours at one point, with its spread, and the verdict; empty where the point has none.
      struct Value {
        var ours: String?
        var verdict = ""
      }

      var name: String
      var post: String
      var values: [Value]
    }

    var title: String
    var stylesheet = Stylesheet.css
    var bodyClass = "index"
    var notebook: String
    var pointCount: String
    var points: [Point]
    var figures: [FigureRow]
  }

  static func html(base: String, points: [(label: String, folder: String, record: RunRecord)]) -> String {
    var names: [String] = []
    for point in points {
      for comparison in point.record.result.comparisons where !names.contains(comparison.name) {
        names.append(comparison.name)
      }
    }
    let figures = names.map { name -> SweepView.FigureRow in
      let comparisons = points.map { $0.record.result.comparisons.first { $0.name == name } }
      let post = comparisons.compactMap { $0?.reported }.first
      return SweepView.FigureRow(
        name: name, post: post.map(number) ?? "",
        values: comparisons.map { comparison in
          guard let comparison else { return SweepView.FigureRow.Value() }
          let spread = comparison.spread.map { " (\(number($0.lowerBound))–\(number($0.upperBound)))" } ?? ""
          return .init(ours: number(comparison.reproduced) + spread, verdict: comparison.verdict.rawValue)
        })
    }
    let title = points.first.map { $0.record.title } ?? base
    let view = SweepView(
      title: "\(title): a sweep", notebook: points.first?.record.notebook ?? base,
      pointCount: "\(points.count) point\(points.count == 1 ? "" : "s")",
      points: points.map { point in
        let (cssClass, text) = ReportRenderer.status(point.record.result)
        return SweepView.Point(
          href: pathSegment(point.folder) + "/index.html", label: point.label,
          status: .init(cssClass: cssClass, text: text), verdicts: point.record.result.verdictSummary,
          duration: String(format: "%.1f s", point.record.result.seconds + point.record.result.compileSeconds)
        )
      },
      figures: figures)
    return Templates.render(view, template: "sweep")
  }

  private static func number(_ value: Double) -> String { String(format: "%.4g", value) }
}
