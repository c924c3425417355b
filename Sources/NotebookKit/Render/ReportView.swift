import Foundation
import NotebookProtocol

/// What `report.mustache` shows: plain values, named as the template names
/// them. `stylesheet` and each block's `markup` are the only markup (the
/// package's CSS; cmark-gfm's HTML of the author's prose with KaTeX's MathML).
struct ReportView {
  struct Warning {
    var heading: String
    var text: String
  }

  struct Badge {
    var cssClass: String
    var text: String
  }

  struct RecordRow {
    var label: String
    var value: String?
    var badge: Badge?
    /// Where `value` links to, if anywhere.
    var href: String?

    init(_ label: String, _ value: String) {
      self.label = label
      self.value = value
    }

    init(_ label: String, _ value: String, href: String) {
      self.label = label
      self.value = value
      self.href = href
    }

    init(_ label: String, badge: Badge) {
      self.label = label
      self.badge = badge
    }
  }

  struct ComparisonRow {
    var name: String
    var reported: String
    var reproduced: String
    var spread: String?
    var difference: String
    var verdictClass: String
    var verdict: String
    var tolerance: String?
    var note: String

    init(_ comparison: Comparison) {
      func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return abs(value) >= 1000 || value == value.rounded()
          ? String(format: "%.0f", value) : String(format: "%.4g", value)
      }
      name = comparison.name
      reported = number(comparison.reported)
      reproduced = number(comparison.reproduced)
      spread = comparison.spread.map {
        "mean of \(comparison.runs.count) seeds, \(number($0.lowerBound))–\(number($0.upperBound))"
      }
      difference = comparison.relativeDifference.map { String(format: "%+.0f%%", $0 * 100) } ?? "—"
      verdictClass = ReportRenderer.cssClass(comparison.verdict)
      verdict = comparison.verdict.rawValue
      tolerance =
        comparison.reported == nil ? nil : "±\(Int((comparison.relativeTolerance * 100).rounded()))%"
      note = comparison.note ?? ""
    }
  }

  struct ContentsEntry {
    var level: Int
    var anchor: String
    var entry: String
  }

  /// One block of the notebook; exactly one field is set.
  struct Block {
    struct Prose {
      var markup: String
    }

    struct Heading {
      var level: Int
      var anchor: String
      var markup: String
    }

    var prose: Prose? = nil
    var heading: Heading? = nil
    var cell: CellView? = nil
    /// The reported-vs-reproduced table, under the notebook's heading of that name.
    var comparisonTable: Bool? = nil
  }

  var title: String
  var stylesheet: String
  var summary: String
  /// Where the reported-vs-reproduced table is, for the summary's link.
  var comparisonsAnchor: String?
  var warnings: [Warning]
  var recordRows: [RecordRow]
  /// The table in the header, under a heading of its own (the notebook has none of that name).
  var comparisonsInHeader: Bool
  var comparisonsTitle = ComparisonSection.title
  var comparisonsHeaderAnchor = ComparisonSection.headerAnchor
  var comparisons: [ComparisonRow]
  var compilerDiagnostics: String?
  var hasContents: Bool
  var contents: [ContentsEntry]
  var blocks: [Block]
}
