import XCTest

@testable import NotebookKit

final class SwiftHighlighterTests: XCTestCase {
  /// The runs of `source` the highlighter gives `kind`.
  private func runs(_ kind: String, in source: String) -> [String] {
    SwiftHighlighter.tokens(source).filter { $0.kind == kind }.map(\.text)
  }

  func testTheTextIsKeptExactly() {
    let source = "let s = \"\"\"\n  a \"quoted\" line\n  \"\"\"\n/* a /* nested */ comment */ let π = 0xFF\n"
    XCTAssertEqual(SwiftHighlighter.tokens(source).map(\.text).joined(), source)
  }

  func testStringsTheHandWrittenLexerGotWrong() {
    // A multi-line string's delimiters and text; its indentation is layout.
    XCTAssertEqual(
      runs("string", in: "let a = \"\"\"\n  x \"y\" z\n  \"\"\"\nlet b = 1"),
      ["\"\"\"", "x \"y\" z", "\"\"\""])
    XCTAssertEqual(runs("string", in: ##"let r = #"a "b" c"#"##), [##"#"a "b" c"#"##])
    // Interpolation: the code inside is code, its quotes a string of its own.
    let interpolated = #"print("n = \(names["a"]!) done")"#
    XCTAssertEqual(runs("string", in: interpolated), ["\"n = ", "\"a\"", " done\""])
  }

  func testNumbersCommentsAndKeywords() {
    XCTAssertEqual(runs("number", in: "let a = 0xFF, b = 1e-3, c = 1_000"), ["0xFF", "1e-3", "1_000"])
    XCTAssertEqual(runs("comment", in: "/* outer /* inner */ still */ x"), ["/* outer /* inner */ still */"])
    XCTAssertEqual(runs("keyword", in: "for i in stride(from: 0, to: 9, by: 3) {}"), ["for", "in"])
  }

  func testMarkupIsEscaped() {
    XCTAssertEqual(SwiftHighlighter.html("a < b"), "a &lt; b")
  }
}
