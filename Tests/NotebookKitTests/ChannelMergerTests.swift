import Foundation
import NotebookProtocol
import XCTest

@testable import NotebookKit

/// Text and records arrive on two pipes; the merger restores the order the
/// program wrote them in.
final class ChannelMergerTests: XCTestCase {
  private let nonce = "0123abcd"
  private var marker: String { ChannelRecord.syncMarker(nonce) }
  private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
  private func record(_ r: ChannelRecord) -> [UInt8] { bytes(r.line) }

  func testRecordsArrivingFirstWaitForTheirPlaceInTheText() {
    var merger = ChannelMerger(nonce: nonce)
    // The program wrote: "a", record 0, "b", record 1, "c".
    XCTAssertEqual(
      merger.feedRecords(record(.cellStarted(cell: 0)) + record(.cellFinished(cell: 0, seconds: 1))), [])
    XCTAssertEqual(
      merger.feedText(bytes("a" + marker + "b" + marker + "c")),
      [
        .text("a"), .record(.cellStarted(cell: 0)), .text("b"), .record(.cellFinished(cell: 0, seconds: 1)),
        .text("c"),
      ])
  }

  func testTextArrivingFirstWaitsAtTheMarkerForItsRecord() {
    var merger = ChannelMerger(nonce: nonce)
    XCTAssertEqual(merger.feedText(bytes("before" + marker + "after")), [.text("before")])
    XCTAssertEqual(
      merger.feedRecords(record(.cellStarted(cell: 2))), [.record(.cellStarted(cell: 2)), .text("after")])
  }

  func testAMarkerCutBetweenReadsIsStillFound() {
    var merger = ChannelMerger(nonce: nonce)
    _ = merger.feedRecords(record(.cellStarted(cell: 1)))
    let whole = bytes("x" + marker + "y")
    var pieces: [ChannelMerger.Piece] = []
    for byte in whole { pieces += merger.feedText([byte]) }
    XCTAssertEqual(pieces.first, .text("x"))
    XCTAssertEqual(pieces.dropFirst().first, .record(.cellStarted(cell: 1)))
    XCTAssertEqual(pieces.dropFirst(2).map { if case .text(let t) = $0 { t } else { "?" } }.joined(), "y")
  }

  func testLookalikesAreText() {
    var merger = ChannelMerger(nonce: nonce)
    let forged = ChannelRecord.syncMarker("deadbeef") + ChannelRecord.cellStarted(cell: 99).line
    let pieces = merger.feedText(bytes(forged)) + merger.finish()
    XCTAssertFalse(pieces.contains { if case .record = $0 { true } else { false } })
    XCTAssertTrue(pieces.allSatisfy { if case .text(let t) = $0 { t.contains("\\u{1E}") } else { false } })
  }

  func testARecordWithoutMarkerIsLetThroughAfterItsPatienceAndItsMarkerIsSkipped() {
    var merger = ChannelMerger(nonce: nonce)
    XCTAssertEqual(merger.feedRecords(record(.cellStarted(cell: 0))), [])
    XCTAssertEqual(merger.tick(now: Date().addingTimeInterval(5)), [.record(.cellStarted(cell: 0))])
    // Its marker comes late: it must not take the next record's place.
    _ = merger.feedRecords(record(.cellFinished(cell: 0, seconds: 2)))
    XCTAssertEqual(
      merger.feedText(bytes("t" + marker + "u" + marker)),
      [.text("t"), .text("u"), .record(.cellFinished(cell: 0, seconds: 2))])
  }

  func testWhenTheTextEndsRecordsNoLongerWait() {
    var merger = ChannelMerger(nonce: nonce)
    _ = merger.feedRecords(record(.progress(cell: 0, text: "1/2")))
    XCTAssertEqual(merger.endText(), [.record(.progress(cell: 0, text: "1/2"))])
  }
}
