import Foundation
import NotebookProtocol

/// Splits a notebook program's merged output into plain text and channel
/// records, as bytes arrive; a record cut between two reads waits for the
/// rest of its line.
struct RecordStream {
  enum Piece: Equatable {
    case text(String)
    case record(ChannelRecord)
  }

  private var pending: [UInt8] = []
  private static let separator: UInt8 = 0x1E

  mutating func feed(_ bytes: some Sequence<UInt8>) -> [Piece] {
    pending.append(contentsOf: bytes)
    var pieces: [Piece] = []
    var start = 0
    while start < pending.count {
      guard let mark = pending[start...].firstIndex(of: Self.separator) else {
        // Keep an incomplete UTF-8 sequence at the end for the next read.
        let end = Self.completeUTF8Prefix(pending, from: start)
        if end > start { pieces.append(.text(String(decoding: pending[start..<end], as: UTF8.self))) }
        start = end
        break
      }
      if mark > start { pieces.append(.text(String(decoding: pending[start..<mark], as: UTF8.self))) }
      guard let newline = pending[mark...].firstIndex(of: UInt8(ascii: "\n")) else {
        start = mark
        break
      }
      let line = String(decoding: pending[mark..<newline], as: UTF8.self)
      if line.hasPrefix(ChannelRecord.prefix),
        let record = ChannelRecord(json: line.dropFirst(ChannelRecord.prefix.count))
      {
        pieces.append(.record(record))
      } else {
        pieces.append(.text(line + "\n"))
      }
      start = newline + 1
    }
    pending.removeFirst(start)
    return pieces
  }

  /// Whatever is left when the stream ends.
  mutating func finish() -> [Piece] {
    defer { pending = [] }
    return pending.isEmpty ? [] : [.text(String(decoding: pending, as: UTF8.self))]
  }

  /// The end of the longest prefix of `bytes[from...]` that does not cut a
  /// UTF-8 sequence.
  static func completeUTF8Prefix(_ bytes: [UInt8], from start: Int) -> Int {
    var end = bytes.count
    var back = 0
    while end > start, back < 4, bytes[end - 1] & 0xC0 == 0x80 {
      end -= 1
      back += 1
    }
    if end > start, bytes[end - 1] >= 0xC0 {
      let needed = bytes[end - 1] >= 0xF0 ? 4 : bytes[end - 1] >= 0xE0 ? 3 : 2
      return needed == back + 1 ? bytes.count : end - 1
    }
    return bytes.count
  }
}
