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
    let ids = headingIDs(reserved: figures.ids)
    let hasComparisons = !record.result.comparisons.isEmpty
    let placement = ComparisonSection(blocks: notebook.blocks)
    let comparisonsAnchor: String? =
      !hasComparisons
      ? nil
      : placement.headingIndex.map { ids[headingOrdinal(ofBlock: $0)] } ?? ComparisonSection.headerAnchor
    let contents = contents(ids: ids, comparisonsInHeader: hasComparisons && placement.tableIndex == nil)
    let view = ReportView(
      title: notebook.title, stylesheet: Stylesheet.css, summary: summaryLine(record.result),
      comparisonsAnchor: comparisonsAnchor, warnings: headerWarnings(), recordRows: recordRows(),
      comparisonsInHeader: hasComparisons && placement.tableIndex == nil,
      comparisons: record.result.comparisons.map(ReportView.ComparisonRow.init),
      compilerDiagnostics: {
        if case .compileFailed(let diagnostics) = record.result.status { diagnostics } else { nil }
      }(),
      hasContents: !contents.isEmpty, contents: contents,
      blocks: blocks(
        figures: figures, ids: ids, comparisonsBefore: hasComparisons ? placement.tableIndex : nil
      ) {
        label in
        warnings.append(
          "\(notebook.path):\(firstLine(containing: ["@" + label], in: notebook.path)): warning: @\(label) names no figure or table with a caption (only those are numbered)"
        )
      })
    return (Templates.render(view, template: "report"), warnings)
  }

  /// The blocks, with the comparison table before block `comparisonsBefore` (if any).
  private func blocks(
    figures: FigureNumbers, ids: [String], comparisonsBefore: Int?, unknownReference: (String) -> Void
  ) -> [ReportView.Block] {
    var ids = ids.makeIterator()
    var blocks: [ReportView.Block] = notebook.blocks.map { block in
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
    if let comparisonsBefore { blocks.insert(ReportView.Block(comparisonTable: true), at: comparisonsBefore) }
    return blocks
  }

  /// Which heading (0 for the first) block `index` is.
  private func headingOrdinal(ofBlock index: Int) -> Int {
    notebook.blocks[..<index].filter { if case .heading = $0 { true } else { false } }.count
  }

  /// What cmark-gfm wrote inside `<hN>...</hN>`.
  private static func inner(_ html: String, level: Int) -> String {
    var html = Substring(html.trimmingCharacters(in: .whitespacesAndNewlines))
    if html.hasPrefix("<h\(level)>") { html = html.dropFirst(4) }
    if html.hasSuffix("</h\(level)>") { html = html.dropLast(5) }
    return String(html)
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
    return NotebookKit.headingIDs(
      texts, reserved: reserved.union([ComparisonSection.headerAnchor, "contents"]))
  }

  /// Headings of levels 2 and 3, after the comparison table when it is in the header.
  private func contents(ids: [String], comparisonsInHeader: Bool) -> [ReportView.ContentsEntry] {
    let headings = notebook.blocks.compactMap { block -> (Int, String)? in
      if case .heading(let level, let text, _) = block { (level, text) } else { nil }
    }
    let comparisons =
      comparisonsInHeader
      ? [
        ReportView.ContentsEntry(
          level: 2, anchor: ComparisonSection.headerAnchor, entry: ComparisonSection.title)
      ]
      : []
    return comparisons
      + zip(headings, ids).compactMap { heading, id in
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
        let entry = figures.next() ?? .init(id: "figure", name: nil)
        outputs.append(rich(output, caption: FigureNumbers.caption(of: output, in: cell), entry: entry))
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
          tableID: entry.id, tableName: entry.name, cells: TableCells(header: table.header, rows: table.rows),
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
