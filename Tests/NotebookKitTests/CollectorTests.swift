import NotebookProtocol
import XCTest

@testable import NotebookKit

/// The collect stage's bookkeeping: which cell each piece belongs to, and
/// the run's status from the records and how the program ended.
final class CollectorTests: XCTestCase {
  private let notebook = try! NotebookParser.parse(
    "# n\n\n```swift\nprint(1)\n```\n\n```swift\nprint(2)\n```\n", path: "n.md")

  private func collect(_ pieces: [ChannelMerger.Piece], _ ending: Collector.Ending) -> RunResult {
    var collector = Collector(notebook: notebook, reporter: nil)
    for piece in pieces { collector.take(piece) }
    return collector.finish(ending)
  }

  private func ended(exitCode: Int32? = 0, signal: Int32? = nil, at position: SourcePosition? = nil)
    -> Collector.Ending
  {
    .init(timedOut: nil, exitCode: exitCode, signal: signal, crash: nil, crashPosition: position, seconds: 1)
  }

  func testTextGoesToTheRunningCellAndACleanRunSucceeds() {
    let result = collect(
      [
        .record(.cellStarted(cell: 0)), .text("a"), .text("b"), .record(.cellFinished(cell: 0, seconds: 0.5)),
        .record(.cellStarted(cell: 1)), .text("c"), .record(.cellFinished(cell: 1, seconds: 0.2)),
      ], ended())
    XCTAssertEqual(result.status, .succeeded)
    XCTAssertEqual(result.cells.map(\.text), ["ab", "c"])
    XCTAssertEqual(result.cells.map(\.status), [.succeeded, .succeeded])
  }

  func testAFailureRecordNamesItsCellAndPosition() {
    let position = SourcePosition(line: 8, column: 5)
    let result = collect(
      [
        .record(.cellStarted(cell: 0)), .record(.cellFinished(cell: 0, seconds: 0)),
        .record(.cellStarted(cell: 1)), .record(.cellFailed(cell: 1, message: "oops", at: position)),
      ], ended(exitCode: 1))
    XCTAssertEqual(result.status, .cellFailed(cell: 1))
    XCTAssertEqual(result.cells[1].error, "uncaught error: oops")
    XCTAssertEqual(result.cells[1].errorPosition, position)
  }

  func testACrashInACellIsBlamedOnItWithTheRuntimeMessage() {
    let result = collect(
      [
        .record(.cellStarted(cell: 0)),
        .text("before\nSwift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range\n"),
        .text("\n*** Signal 4: Backtracing from 0x7f7a8cf6df7f... done ***\n\n"),
      ], ended(exitCode: nil, signal: SIGILL, at: .init(line: 4, column: 7)))
    XCTAssertEqual(result.status, .cellFailed(cell: 0))
    XCTAssertEqual(result.cells[0].error, "Fatal error: Index out of range")
    XCTAssertEqual(result.cells[0].errorPosition, SourcePosition(line: 4, column: 7))
    XCTAssertEqual(result.cells[1].status, .notRun)
  }

  func testAProgramThatExitsBetweenCellsFailsTheLastOneStarted() {
    let result = collect(
      [.record(.cellStarted(cell: 0)), .record(.cellFinished(cell: 0, seconds: 0))], ended(exitCode: 3))
    XCTAssertEqual(result.status, .cellFailed(cell: 0))
    XCTAssertEqual(result.cells[0].error, "the program exited with status 3")
  }

  func testATimeOutIsTheStatusWhateverElseHappened() {
    var ending = ended(exitCode: nil, signal: SIGKILL, at: .init(line: 8, column: 1))
    ending.timedOut = .timedOut(cell: 1, seconds: 3)
    let result = collect([.record(.cellStarted(cell: 0)), .record(.cellStarted(cell: 1))], ending)
    XCTAssertEqual(result.status, .timedOut(cell: 1, seconds: 3))
    XCTAssertEqual(result.cells[1].status, .failed)
    XCTAssertEqual(result.cells[1].errorPosition?.line, 8)
  }

  func testARecordForACellThatDoesNotExistIsIgnored() {
    let result = collect(
      [
        .record(.cellStarted(cell: 99)),
        .record(.cellFailed(cell: 99, message: "x", at: .init(line: 1, column: 1))),
      ], ended())
    XCTAssertEqual(result.status, .succeeded)
  }
}
