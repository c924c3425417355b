import Foundation
import XCTest

@testable import NotebookKit

/// Reports through the built `nbrun`: text escaped by construction, tables
/// sent as data, figures numbered and referable, prose images, footnotes
/// and raw HTML, and `--rerender`.
final class ReportRenderingTests: EndToEndTestCase {
  override func setUpWithError() throws {
    try super.setUpWithError()
    try copyFixtures(["prose-extras.md", "prose-picture.png"])
  }

  private var extrasReport: String {
    get throws { try report("prose-extras") }
  }

  func testProseFiguresAndTables() throws {
    let run = try nbrun(["prose-extras.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try extrasReport
    // A table sent as data, its text escaped, its control byte made visible.
    XCTAssertTrue(html.contains("<td>&lt;b&gt;bold?&lt;/b&gt;</td>"), html)
    XCTAssertTrue(html.contains("<td>a \\u{1B}[31m &quot;quote&quot; &amp; &#39;apostrophe&#39;</td>"), html)
    XCTAssertFalse(html.contains("\u{1B}"), "no raw ESC")
    // Figures and tables numbered, referable, with an id from the label.
    XCTAssertTrue(html.contains("<figure id=\"fig-ones\">"), html)
    XCTAssertTrue(html.contains("<span class=\"figure-number\">Figure 1.</span> Ones"), html)
    XCTAssertTrue(html.contains("As <a class=\"xref\" href=\"#fig-ones\">Figure 1</a> shows"), html)
    XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#tbl-numbers\">Table 1</a> lists"), html)
    XCTAssertTrue(html.contains("<span class=\"figure-number\">Table 1.</span> Numbers"), html)
    // A table without a caption has no number: no bare "Table 2.".
    XCTAssertTrue(
      html.contains(
        "<figure class=\"table\" id=\"table\"><table class=\"data\"><thead><tr><th>without a caption</th></tr></thead><tbody><tr><td>so without a number</td></tr></tbody></table></figure>"
      ), html)
    XCTAssertFalse(html.contains("Table 2"), html)
    XCTAssertTrue(html.contains("A missing one: @fig-nowhere."), html)
    XCTAssertTrue(
      run.output.contains(
        "prose-extras.md:5: warning: @fig-nowhere names no figure or table with a caption"), run.output)
    // The prose's image copied beside the report; footnotes; raw HTML kept.
    XCTAssertTrue(html.contains("<img src=\"prose-picture.png\" alt=\"a red square\""), html)
    XCTAssertTrue(
      FileManager.default.contentsEqual(
        atPath: folder.appendingPathComponent("output/prose-extras/prose-picture.png").path,
        andPath: folder.appendingPathComponent("prose-picture.png").path))
    XCTAssertTrue(html.contains("<section class=\"footnotes\" data-footnotes>"), html)
    XCTAssertTrue(html.contains("Because footnotes should render as notes."), html)
    XCTAssertFalse(html.contains("[^why]"), html)
    XCTAssertTrue(html.contains("<div class=\"author-box\">raw <em>HTML</em> of the author</div>"), html)
  }

  func testSelfContainedEmbedsProseImages() throws {
    let run = try nbrun(["--self-contained", "prose-extras.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try extrasReport
    XCTAssertTrue(html.contains("<img src=\"data:image/png;base64,"), html)
    XCTAssertFalse(html.contains("src=\"prose-picture.png\""), html)
    XCTAssertFalse(html.contains("src=\"figures/"), html)
  }

  func testRerenderRendersFromTheRecordWithoutRunning() throws {
    XCTAssertEqual(try nbrun(["prose-extras.md"]).status, 0)
    let recordFile = folder.appendingPathComponent("output/prose-extras/run.json")
    // A record of the old shape: the table as HTML the notebook made.
    var record = try JSONSerialization.jsonObject(with: Data(contentsOf: recordFile)) as! [String: Any]
    var result = record["result"] as! [String: Any]
    var cells = result["cells"] as! [[String: Any]]
    cells[1]["events"] = [
      [
        "rich": [
          "_0": [
            "kind": "html",
            "content":
              "<table class=\"data\"><thead><tr><th>old</th></tr></thead><tbody><tr><td>&lt;i&gt;kept as text&lt;/i&gt;</td></tr></tbody></table>",
          ]
        ]
      ]
    ]
    result["cells"] = cells
    record["result"] = result
    try JSONSerialization.data(withJSONObject: record).write(to: recordFile)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("prose-picture.png"))

    let run = try nbrun(["--rerender"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try extrasReport
    XCTAssertTrue(html.contains("<th>old</th>"), html)
    XCTAssertTrue(html.contains("<td>&lt;i&gt;kept as text&lt;/i&gt;</td>"), html)
    XCTAssertTrue(html.contains("from that run&#39;s record, without running, by nbrun"), html)
    XCTAssertTrue(
      run.output.contains("prose-extras.md:4: warning: image prose-picture.png not found"), run.output)
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/index.html").path))
  }
}
