import Foundation
import XCTest

@testable import NotebookKit

/// The report templates escape every value they show, control bytes
/// included, and mark up nothing they were given as text.
final class TemplatesTests: XCTestCase {
  private struct Row {
    var text: String
  }

  /// swift-mustache gives each partial HTML escaping afresh, so every
  /// template must select `ReportText` itself.
  func testEveryTemplateSelectsReportText() throws {
    for name in ["page", "report", "cell", "comparisons", "index", "xref", "math-error"] {
      let template = try XCTUnwrap(Templates.library.getTemplate(named: name), name)
      XCTAssertTrue(
        template.description.hasPrefix("{{% CONTENT_TYPE: \(ReportText.name)}}"), "\(name).mustache")
    }
  }

  func testValuesAreEscapedAndControlBytesVisible() {
    let html = Templates.render(
      CellView(
        cellClass: "ok\" onclick=\"x", cellID: "cell-1", cellTitle: "<script>a</script>", code: nil,
        hiddenCode: true, outputs: [CellView.text("nul \u{0} esc \u{1B}[0m & <b>")], failure: false,
        failureLocation: "", failureMessage: "", expectedError: nil, notRun: nil),
      template: "cell")
    XCTAssertTrue(html.contains("class=\"cell ok&quot; onclick=&quot;x\""), html)
    XCTAssertTrue(html.contains("&lt;script&gt;a&lt;/script&gt; (code hidden)"), html)
    XCTAssertTrue(html.contains("nul \\u{0} esc \\u{1B}[0m &amp; &lt;b&gt;"), html)
    XCTAssertFalse(html.contains("\u{0}") || html.contains("\u{1B}"), html)
  }

  func testOldHTMLTablesAreReadBackAsText() {
    let table = LegacyTable.parse(
      "<table class=\"data\"><thead><tr><th>a</th><th>b</th></tr></thead>"
        + "<tbody><tr><td>1 &lt; 2</td><td>&#39;x&#39;</td></tr></tbody></table>")
    XCTAssertEqual(table, .init(header: ["a", "b"], rows: [["1 < 2", "'x'"]]))
    XCTAssertNil(LegacyTable.parse("<table><tr><td><img src=x onerror=y></td></tr></table>"))
    XCTAssertNil(LegacyTable.parse("<p>not a table</p>"))
  }
}
