import Foundation
import XCTest

/// Every runtime failure names the `.md` line of the failing statement, on
/// the terminal and in the report, which shows that line among its own.
final class LocatedFailureTests: EndToEndTestCase {
  /// Runs a one-notebook call that must fail, and returns what it printed.
  private func failing(_ name: String, _ notebook: String) throws -> String {
    try write(notebook, to: name)
    let run = try nbrun([name])
    XCTAssertEqual(run.status, 1, run.output)
    return run.output
  }

  func testATrapNamesItsLineAndTheReportShowsIt() throws {
    let run = try nbrun(["runtime-trap.md"], fixtures: ["runtime-trap.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(
      run.output.contains("runtime-trap.md:10:13: error: cell 2 failed: Fatal error: Index out of range"),
      run.output)
    XCTAssertFalse(run.output.contains("Backtracing"), "the backtracer's notice is not the cell's output")
    let html = try report("runtime-trap")
    XCTAssertTrue(html.contains("failed</strong> at runtime-trap.md:10:13"), html)
    XCTAssertTrue(html.contains("<span class=\"failing\">  10  print(values[7])</span>"), html)
    XCTAssertFalse(html.contains("Backtracing"))
  }

  func testOverflowFatalErrorAndPreconditionNameTheirLines() throws {
    let overflow = try failing(
      "overflow.md",
      "# o\n\n```swift\nvar big = Int.max - 1\nprint(big)\nbig += CommandLine.arguments.count + 1\n```\n")
    XCTAssertTrue(overflow.contains("overflow.md:6:"), overflow)
    XCTAssertTrue(overflow.contains("cell 1 failed: Fatal error: arithmetic overflow"), overflow)

    let fatal = try failing(
      "fatal.md", "# f\n\n```swift\nlet n = 3\n\nfatalError(\"gave up at \\(n)\")\n```\n")
    XCTAssertTrue(fatal.contains("fatal.md:6:1: error: cell 1 failed: Fatal error: gave up at 3"), fatal)

    // A precondition inside the core: the cell's statement, not the core's file.
    let core = try failing(
      "core.md", "# c\n\n```swift\nlet t = Tensor(zeros: [2, 3])\n\nprint(t.reshaped([7]))\n```\n")
    XCTAssertTrue(core.contains("core.md:6:"), core)
  }

  func testAThrownErrorNamesItsTryAndLaterCellsSeeEarlierDeclarations() throws {
    let run = try nbrun(["thrown-error.md"], fixtures: ["thrown-error.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(
      run.output.contains("thrown-error.md:5:5: error: cell 1 failed: uncaught error: Dense"), run.output)
    XCTAssertTrue(try report("thrown-error").contains("<span class=\"failing\">   5  _ = try model("))

    // Errors from a function the cell calls, and a `throw` of the cell's own.
    let notebook = """
      # t

      ```swift
      struct Oops: Error, CustomStringConvertible { var description: String { "oops" } }
      func load(_ n: Int) throws -> Int { if n > 1 { throw Oops() }; return n }
      let one = try load(1)
      ```

      ```swift
      print("one is", one)
      let two = try
        load(2)
      ```

      """
    let thrown = try failing("thrown.md", notebook)
    XCTAssertTrue(thrown.contains("thrown.md:11:11: error: cell 2 failed: uncaught error: oops"), thrown)
    XCTAssertTrue(try report("thrown").contains("one is 1"), "cell 1's declarations reach cell 2")

    let statement = try failing(
      "throw.md",
      "# s\n\n```swift\nstruct Stop: Error {}\nif CommandLine.arguments.count > 0 {\n  throw Stop()\n}\n```\n"
    )
    XCTAssertTrue(statement.contains("throw.md:6:3: error: cell 1 failed: uncaught error: Stop()"), statement)
  }

  func testATimeoutNamesTheLineTheCellWasOn() throws {
    let notebook = """
      # spin

      ```swift
      //| timeout: 1
      var turns = 0
      while turns >= 0 {
        turns &+= 1
      }
      ```

      """
    let output = try failing("spin.md", notebook)
    // The loop (its condition, body or closing brace), wherever SIGQUIT found it.
    XCTAssertNotNil(output.firstMatch(of: #/spin\.md:[678]:\d+: error: /#), output)
    XCTAssertTrue(output.contains("cell 1 failed: stopped after 1 s"), output)
  }

  func testAPathWithQuotesIsNamedAsItIs() throws {
    let name = "l'été \"cité\".md"
    let trap = try failing(name, "# q\n\n```swift\nlet xs = [1]\nprint(xs[xs.count])\n```\n")
    XCTAssertTrue(trap.contains("\(name):5:"), trap)
    try write("# q\n\n```swift\nlet x: Int = \"no\"\n```\n", to: name)
    let compile = try nbrun([name])
    XCTAssertEqual(compile.status, 1)
    XCTAssertTrue(compile.output.contains("\(name):4:"), compile.output)
    XCTAssertFalse(compile.output.contains("\\\""), compile.output)
  }
}
