import XCTest

@testable import NotebookKit

final class MathSpansTests: XCTestCase {
  private func protect(_ text: String, codeLines: Set<Int> = []) -> (text: String, spans: [MathSpan]) {
    MathSpans.protect(text, codeLines: codeLines)
  }

  func testInlineAndDisplaySpansBecomePlaceholders() {
    let (text, spans) = protect("Loss $a_1 * b_2$ and\n$$\n\\sum_i x_i\n$$\nend")
    XCTAssertEqual(
      spans,
      [
        MathSpan(tex: "a_1 * b_2", display: false, line: 1),
        MathSpan(tex: "\\sum_i x_i", display: true, line: 2),
      ])
    XCTAssertEqual(text, "Loss \(MathSpan.placeholder(0)) and\n\(MathSpan.placeholder(1))\n\n\nend")
    XCTAssertEqual(
      text.split(separator: "\n", omittingEmptySubsequences: false).count, 5, "lines keep numbers")
  }

  func testDollarsThatAreNotMath() {
    for text in [
      "costs $5 or $6", "a $ b $ c", "escaped \\$x\\$", "code `$x$` here", "``a $x$ ` b``",
      "unclosed $x", "$$never closed", "$6 or `$x$`",
    ] {
      XCTAssertEqual(protect(text).spans, [], text)
      XCTAssertEqual(protect(text).text, text, text)
    }
  }

  func testCodeBlockLinesAreLeftAlone() {
    let (text, spans) = protect("$a$\n```\nlet s = \"$x$\"\n```\n$b$", codeLines: [2, 3, 4])
    XCTAssertEqual(spans.map(\.tex), ["a", "b"])
    XCTAssertEqual(spans.map(\.line), [1, 5])
    XCTAssertTrue(text.contains("let s = \"$x$\""))
  }

  func testParserKeepsCellLinesAndNamesHeadingsWithTheirTeX() throws {
    let notebook = try NotebookParser.parse(
      "# Loss $\\hat x$\n$$\na\n\nb\n$$\n```swift\nprint(1)\n```\n", path: "nb.md")
    XCTAssertEqual(notebook.cells.first?.fenceLine, 7)
    XCTAssertEqual(notebook.math.map(\.key), ["$\\hat x$", "$$a\n\nb$$"])
    guard case .heading(_, let text, _) = notebook.blocks.first else { return XCTFail("no heading") }
    XCTAssertEqual(text, "Loss $\\hat x$")
  }
}
