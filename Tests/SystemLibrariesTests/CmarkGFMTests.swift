import CCmarkGFM
import XCTest

final class CmarkGFMTests: XCTestCase {
  func testTableExtensionRendersAnHTMLTable() throws {
    cmark_gfm_core_extensions_ensure_registered()
    let parser = try XCTUnwrap(cmark_parser_new(CMARK_OPT_DEFAULT))
    defer { cmark_parser_free(parser) }
    let table = try XCTUnwrap(cmark_find_syntax_extension("table"))
    XCTAssertEqual(cmark_parser_attach_syntax_extension(parser, table), 1)

    let markdown = "| epoch | loss |\n|---|---:|\n| 1 | 0.0380 |\n"
    cmark_parser_feed(parser, markdown, markdown.utf8.count)
    let document = try XCTUnwrap(cmark_parser_finish(parser))
    defer { cmark_node_free(document) }
    let rendered = try XCTUnwrap(
      cmark_render_html(document, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)))
    defer { free(rendered) }
    let html = String(cString: rendered)

    XCTAssertTrue(html.contains("<table>"), html)
    XCTAssertTrue(html.contains("<th>epoch</th>"), html)
    XCTAssertTrue(html.contains("<td align=\"right\">0.0380</td>"), html)
  }
}
