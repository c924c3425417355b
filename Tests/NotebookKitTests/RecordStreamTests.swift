import NotebookProtocol
import XCTest

@testable import NotebookKit

final class RecordStreamTests: XCTestCase {
  func testRecordsAndTextSurviveArbitraryChunking() {
    let record = ChannelRecord.cellStarted(cell: 2)
    let bytes = Array(("héllo " + record.line + "wörld\n").utf8)
    for cut in 1..<bytes.count {
      var stream = RecordStream()
      let pieces = stream.feed(bytes[..<cut]) + stream.feed(bytes[cut...]) + stream.finish()
      let text = pieces.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
      XCTAssertEqual(text, "héllo wörld\n", "cut at \(cut)")
      XCTAssertEqual(pieces.filter { $0 == .record(record) }.count, 1, "cut at \(cut)")
    }
  }
}
