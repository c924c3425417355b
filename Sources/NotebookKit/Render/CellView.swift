import Foundation
import NotebookProtocol

/// What `cell.mustache` shows of one cell: its title, code and outputs in
/// the order the cell made them, and how it ended. Plain text throughout;
/// only `highlighted` is markup (the highlighter's).
struct CellView {
  struct Code {
    var highlighted: String
  }

  /// One output; exactly one of its fields is set.
  struct Output {
    var whole: String? = nil
    var folded: FoldedText? = nil
    var figure: Figure? = nil
    var table: Table? = nil
    var claim: ClaimView? = nil
  }

  /// A long output: its head behind a summary, its last lines in sight.
  struct FoldedText {
    var fold: String
    var head: String
    var tail: String
  }

  struct Figure {
    var figureID: String
    var figureName: String?
    var source: String
    var alt: String
    var figureCaption: String?
  }

  struct Table {
    var tableID: String
    var tableName: String?
    var cells: TableCells
    var tableCaption: String?
  }

  struct ClaimView {
    var claimClass: String
    var mark: String
    var fails: Bool
    var sentence: String
    var evidence: String?

    init(_ claim: Claim) {
      claimClass = claim.holds ? "ok" : "failed"
      mark = claim.holds ? "✓" : "✗"
      fails = !claim.holds
      sentence = claim.text
      evidence = claim.evidence
    }
  }

  /// Lines of the notebook shown under a failure.
  struct Excerpt {
    struct Line {
      var number: String
      var text: String
      var failing: Bool
    }

    var lines: [Line]
  }

  var cellClass: String
  var cellID: String
  var cellTitle: String
  var code: Code?
  var hiddenCode: Bool
  var outputs: [Output]
  var failure: Bool
  var failureLocation: String
  var failureMessage: String
  /// The failing statement among its neighbours, numbered as in the file.
  var failingLines: Excerpt?
  var expectedError: String?
  var notRun: String?

  /// Lines of a long output kept in sight below its folded head.
  static let outputTailLines = 12
  /// Outputs up to this many lines are shown whole.
  static let outputFoldLines = 40

  /// A cell's printed text: whole, or when long, its head folded with a
  /// sign saying how much, and its last lines always shown.
  static func text(_ text: String) -> Output {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    guard lines.count > outputFoldLines else { return Output(whole: text) }
    return Output(
      folded: FoldedText(
        fold: "\(lines.count - outputTailLines) earlier lines of \(lines.count) (show them)",
        head: lines.dropLast(outputTailLines).joined(separator: "\n"),
        tail: lines.suffix(outputTailLines).joined(separator: "\n")))
  }
}
