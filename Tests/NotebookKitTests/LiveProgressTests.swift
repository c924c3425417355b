import Foundation
import Launcher
import XCTest

@testable import NotebookKit

/// What nbrun shows while a notebook runs: on a terminal (a pseudo-terminal
/// from util-linux's `script`), a status line that moves on its own with the
/// time left; in a log, timestamped lines and, with `--log-output`, what
/// cells print as they print it.
final class LiveProgressTests: XCTestCase {
  private var scratch: NBRunScratch!

  override func setUpWithError() throws {
    scratch = try NBRunScratch()
    try scratch.copy(["progress.md"])
  }

  override func tearDown() { scratch.remove() }

  func testALogHasTimestampsAndCellOutputAsItComes() throws {
    let run = try scratch.nbrun(["--log-output", "progress.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let lines = run.output.split(separator: "\n").map(String.init)
    let stamp = try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ "#)
    for line in lines { XCTAssertNotNil(line.firstMatch(of: stamp), "no timestamp: \(line)") }
    let order = [
      "loop of 2", "│ reached step 8", "│ reached step 16", "│ reached step 24", "loop done", "│ done",
    ]
    let positions = order.map { text in lines.firstIndex { $0.contains(text) } }
    XCTAssertEqual(positions, positions.compactMap { $0 }.sorted().map { Optional($0) }, run.output)
  }

  /// Runs nbrun on a pseudo-terminal and returns everything it drew.
  private func onATerminal(_ arguments: [String]) throws -> String {
    let binary = try SupportLibrary.locate().buildDirectory.appendingPathComponent("nbrun").path
    let command = ([binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let result = try ChildProcess.run(
      Command(["script", "-q", "-e", "-c", command, "/dev/null"], in: scratch.folder.path))
    XCTAssertEqual(result.status, 0, result.outputText)
    return result.outputText
  }

  func testOnATerminalTheStatusLineBeatsAndEstimatesTheTimeLeft() throws {
    let first = try onATerminal(["progress.md"])
    // The second cell sends nothing for 1.5 s; the line is redrawn anyway.
    let redraws = first.components(separatedBy: "\r\u{1B}[2K  pause (2 of 2) · ").count - 1
    XCTAssertGreaterThanOrEqual(redraws, 4, first)
    XCTAssertTrue(first.contains("pause (2 of 2) · 1 s in cell"), first)
    // No earlier run: the loop's own fraction gives its time left.
    XCTAssertTrue(first.contains(" left in cell"), first)
    XCTAssertTrue(first.contains("loop (1 of 2) · step "), first)

    // With the first run's durations, the whole notebook's time left.
    let second = try onATerminal(["--force", "progress.md"])
    let estimate = try Regex(#"compiling… · \d+ s · ~\d+ s left"#)
    XCTAssertNotNil(second.firstMatch(of: estimate), second)
    let pause = try Regex(#"pause \(2 of 2\) · \d s in cell · \d s total · ~\d+ s left"#)
    XCTAssertNotNil(second.firstMatch(of: pause), second)
  }

  func testTheEstimateUsesTheFractionDoneElseThePreviousDurations() {
    let estimate = TimeLeftEstimate(previousCells: [10, 4, nil], previousCompile: 2)
    XCTAssertEqual(estimate.cellLeft(cell: 0, elapsed: 3, fraction: nil), 7)
    XCTAssertEqual(estimate.cellLeft(cell: 0, elapsed: 3, fraction: 0.25), 9)
    XCTAssertEqual(estimate.cellLeft(cell: 0, elapsed: 12, fraction: nil), 0, "overdue: none left, not less")
    XCTAssertEqual(
      estimate.cellLeft(cell: 0, elapsed: 1, fraction: 0.001), 9, "too little done to extrapolate")
    XCTAssertNil(estimate.notebookLeft(cell: 0, elapsed: 3, fraction: nil), "cell 3 never ran")
    XCTAssertEqual(estimate.notebookLeft(cell: 2, elapsed: 3, fraction: 0.5), 3)
    let complete = TimeLeftEstimate(previousCells: [10, 4], previousCompile: 2)
    XCTAssertEqual(complete.notebookLeft(cell: 0, elapsed: 3, fraction: nil), 11)
    XCTAssertEqual(complete.notebookLeftWhileCompiling(elapsed: 0.5), 15.5)
  }
}
