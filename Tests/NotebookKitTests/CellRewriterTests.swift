import XCTest

@testable import NotebookKit

final class CellRewriterTests: XCTestCase {
  private func rewritten(_ source: String, firstLine: Int = 10) -> String {
    CellRewriter.rewrite(source, firstLine: firstLine, session: "S")
  }

  func testATopLevelTryIsWrappedWithItsNotebookLineAndColumn() {
    XCTAssertEqual(
      rewritten("let a = 1\nlet x = try f(a)\nprint(x)"),
      "let a = 1\nlet x = S.attempt(line: 11, column: 9) { try f(a) }\nprint(x)")
    XCTAssertEqual(rewritten("_ = try g()", firstLine: 4), "_ = S.attempt(line: 4, column: 5) { try g() }")
  }

  func testLinesKeepTheirNumbers() {
    let source = "let x = try\n  f(\n    1)\nprint(x)"
    let result = rewritten(source)
    XCTAssertEqual(result, "let x = S.attempt(line: 10, column: 9) { try\n  f(\n    1) }\nprint(x)")
    XCTAssertEqual(result.split(separator: "\n").count, source.split(separator: "\n").count)
  }

  func testTryInLoopsAndConditionsIsWrapped() {
    XCTAssertEqual(
      rewritten("for i in 0..<3 {\n  if try check(i) { print(i) }\n}"),
      "for i in 0..<3 {\n  if S.attempt(line: 11, column: 6) { try check(i) } { print(i) }\n}")
  }

  func testAThrowBecomesAFailure() {
    XCTAssertEqual(
      rewritten("guard ok else { throw Oops(why: \"x\") }"),
      "guard ok else { S.fail(line: 10, column: 17, Oops(why: \"x\")) }")
  }

  func testWhatIsNotTopLevelOrIsHandledIsLeftAlone() {
    for source in [
      "let x = try? f()", "let x = try! f()",
      "let ys = xs.map { try f($0) }",
      "func g() throws -> Int { try f() }",
      "struct S { func g() throws { throw E() } }",
      "do { try f() } catch { print(error) }",
      "let x = try await f()",
      "let x = try f(",  // does not parse: the compiler reports it
    ] {
      XCTAssertEqual(rewritten(source), source, source)
    }
  }

  func testOnlyTheOutermostTryIsWrapped() {
    XCTAssertEqual(
      rewritten("let x = try f(try g())"), "let x = S.attempt(line: 10, column: 9) { try f(try g()) }")
    // A do without catch is a scope, not a handler.
    XCTAssertEqual(rewritten("do { try f() }"), "do { S.attempt(line: 10, column: 6) { try f() } }")
  }
}
