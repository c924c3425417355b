import XCTest

@testable import NotebookKit

final class ResumeRewriterTests: XCTestCase {
  private func resumed(_ source: String) -> String { ResumeRewriter.rewrite(source, state: "S") }

  func testAVariableIsRestoredWithItsInitializerOnlyForTheType() {
    XCTAssertEqual(resumed("let x = try f(y)"), "let x = S.restore(\"x\", like: { try f(y) })")
    XCTAssertEqual(
      resumed("var losses: [Float] = []"), "var losses: [Float] = S.restore(\"losses\", as: ([Float]).self)")
  }

  func testTuplePatternsRestoreEachNameByItsElement() {
    XCTAssertEqual(
      resumed("let (mnist, _) = try MNIST.load().split()"),
      "let mnist = S.restore(\"mnist\", like: { (try MNIST.load().split()).0 })")
    XCTAssertEqual(
      resumed("let (a, (b, _)): (Int, (Int, Int)) = t"),
      "let a = S.restore(\"a\", like: { ((t) as (Int, (Int, Int))).0 }), b = S.restore(\"b\", like: { ((t) as (Int, (Int, Int))).1.0 })"
    )
  }

  func testStatementsGoAndDeclarationsStayWithEveryLineInPlace() {
    let source = """
      Random.seed(0)
      func g(_ x: Float) -> String { "\\(x)" }
      for epoch in 0..<3 {
        print(epoch)
      }
      struct Run: Codable { var loss: Float }
      var total: Int { 3 }
      let run = Run(loss: 1)
      """
    let result = resumed(source)
    XCTAssertEqual(
      result,
      """

      func g(_ x: Float) -> String { "\\(x)" }



      struct Run: Codable { var loss: Float }
      var total: Int { 3 }
      let run = S.restore("run", like: { Run(loss: 1) })
      """)
    XCTAssertEqual(result.split(separator: "\n", omittingEmptySubsequences: false).count, 8)
  }

  func testAMultiLineInitializerKeepsTheLinesAfterIt() {
    let result = resumed("let model = Sequential {\n  Dense(2 => 3)\n}\nprint(model)")
    XCTAssertEqual(result, "let model = S.restore(\"model\", like: { Sequential {\n  Dense(2 => 3)\n} })\n")
  }

  func testAttributesAndModifiersStay() {
    XCTAssertEqual(
      resumed("nonisolated(unsafe) var count = 0"),
      "nonisolated(unsafe) var count = S.restore(\"count\", like: { 0 })")
  }
}
