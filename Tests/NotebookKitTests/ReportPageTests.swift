import Foundation
import NotebookProtocol
import XCTest

@testable import NotebookKit

/// A report page rendered from a made-up run, without running anything:
/// one "Reported vs reproduced" heading, whose link reaches the table;
/// numbers only for captioned tables; each data set once.
final class ReportPageTests: XCTestCase {
  private func page(
    _ markdown: String, events: [CellEvent] = [], comparisons: [Comparison] = [], datasets: [String] = []
  )
    throws -> String
  {
    let notebook = try NotebookParser.parse("---\ntitle: Page\n---\n" + markdown, path: "page.md")
    var cells = notebook.cells.map { _ in CellResult() }
    for index in cells.indices { cells[index].status = .succeeded }
    cells[0].events = events
    var result = RunResult(status: .succeeded, cells: cells)
    result.comparisons = comparisons
    result.datasets = datasets
    let record = RunRecord(
      notebook: "page.md", title: "Page", parameters: [:], parameterOrder: [], profile: nil,
      environment: RunEnvironment(
        date: "2026-12-02T08:00:00Z", gitCommit: "abc1234", toolchain: "", machine: ""),
      result: result, cacheKey: "")
    return ReportRenderer(
      notebook: notebook, record: record, cached: false,
      figuresDirectory: URL(fileURLWithPath: "/nonexistent"),
      selfContained: false, renderedBy: "nbrun"
    ).render().html
  }

  private let loss = Comparison(
    name: "test loss", reported: 0.03, reproduced: 0.031, relativeTolerance: 0.1, note: nil)

  private func count(_ text: String, in html: String) -> Int { html.components(separatedBy: text).count - 1 }

  func testTheNotebooksComparisonHeadingHoldsTheTable() throws {
    let html = try page(
      "## Training\n\n```swift\nprint(1)\n```\n\n## Reported vs reproduced\n\nWhy these tolerances.\n\n"
        + "```swift\nprint(2)\n```\n\n## Afterwards\n\nMore prose.\n", comparisons: [loss])
    XCTAssertEqual(count(">Reported vs reproduced</h2>", in: html), 1, html)
    XCTAssertFalse(html.contains("figures-compared"), "no second heading in the header")
    XCTAssertTrue(html.contains("<a href=\"#reported-vs-reproduced\">Reported vs reproduced</a>"), "contents")
    let heading = try XCTUnwrap(html.range(of: "<h2 id=\"reported-vs-reproduced\">")).upperBound
    let table = try XCTUnwrap(html.range(of: "<td>test loss</td>")).lowerBound
    let next = try XCTUnwrap(html.range(of: "<h2 id=\"afterwards\">")).lowerBound
    let tolerances = try XCTUnwrap(html.range(of: "Why these tolerances.")).lowerBound
    XCTAssertTrue(heading < tolerances && tolerances < table && table < next, "at the end of its section")
    XCTAssertTrue(html.contains("this run. <a href=\"#reported-vs-reproduced\">"), "the header links to it")
  }

  func testWithoutSuchAHeadingTheTableIsInTheHeaderAndInTheContents() throws {
    let html = try page("## Training\n\n```swift\nprint(1)\n```\n", comparisons: [loss])
    XCTAssertEqual(count(">Reported vs reproduced</h2>", in: html), 1, html)
    XCTAssertTrue(html.contains("<section class=\"comparison\" id=\"figures-compared\">"), html)
    XCTAssertTrue(
      html.contains("<li class=\"level2\"><a href=\"#figures-compared\">Reported vs reproduced</a>"), html)
    XCTAssertLessThan(
      try XCTUnwrap(html.range(of: "<td>test loss</td>")).lowerBound,
      try XCTUnwrap(html.range(of: "<nav class=\"toc\">")).lowerBound)
  }

  func testNoComparisonsNoTable() throws {
    let html = try page("## Reported vs reproduced\n\n```swift\nprint(1)\n```\n")
    XCTAssertFalse(html.contains("<th>Verdict (tolerance)</th>"), html)
  }

  func testOnlyACaptionedTableIsNumbered() throws {
    let table = TableData(header: ["layer"], rows: [["Dense"]])
    let html = try page(
      "As @tbl-layers shows.\n\n```swift\n//| label: tbl-layers\nprint(1)\n```\n",
      events: [
        .rich(RichOutput(table: table)), .rich(RichOutput(table: table, caption: "Layers")),
        .rich(RichOutput(kind: .png, content: "grid.png")),
      ])
    XCTAssertFalse(html.contains("Table 2"), html)
    XCTAssertTrue(html.contains("<span class=\"figure-number\">Table 1.</span> Layers"), html)
    XCTAssertTrue(
      html.contains("<td>Dense</td></tr></tbody></table></figure>"), "the first without a caption")
    XCTAssertTrue(
      html.contains("<img src=\"figures/grid.png\" alt=\"grid.png\"></figure>"), "nor a bare Figure 1")
    XCTAssertTrue(html.contains("As <a class=\"xref\" href=\"#tbl-layers\">Table 1</a> shows"), html)
  }

  func testEachDataSetOnce() throws {
    let full = "MNIST (data/mnist): 60,000 training and 10,000 test images"
    let split =
      "MNIST (data/mnist), first 5,000 training images held out for validation as TensorFlow does: "
      + "55,000 training and 10,000 test images"
    XCTAssertEqual(
      DataSummary.line([full, split]),
      full + " — also used as: first 5,000 training images held out for validation as TensorFlow does, "
        + "55,000 training and 10,000 test images")
    let fashion = "Fashion-MNIST (/usr/share/datasets/fashion-mnist): 60,000 training and 10,000 test images"
    XCTAssertEqual(DataSummary.line([full, fashion, full]), full + "; " + fashion)
    XCTAssertEqual(DataSummary.line([]), "none loaded")
    let html = try page("```swift\nprint(1)\n```\n", datasets: [full, split])
    XCTAssertEqual(count("MNIST (data/mnist)", in: html), 1, html)
  }

  func testNumericColumnsAlignRight() {
    let cells = TableCells(
      header: ["step", "loss", "parameters", "output shape"],
      rows: [
        ["0", "0.103", "12,832", "[1, 14, 14, 16]"], ["test loss", "1e-05", "", "[1, 7, 7, 32]"],
        ["", "-57%", "400", ""],
      ])
    XCTAssertEqual(cells.header.map(\.numeric), [false, true, true, false])
    XCTAssertEqual(cells.rows[1].cells.map(\.numeric), [false, true, true, false])
    for text in ["e", "-", "1,2345", "1.2.3", "v2"] { XCTAssertFalse(TableCells.isNumber(text), text) }
  }
}
