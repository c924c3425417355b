import Foundation
import NotebookProtocol

/// Puts a notebook program's two channels back into the order it wrote
/// them: the cells' text (stdout and stderr) and the records (descriptor 3).
///
/// Two pipes have no common order, so before each record the runtime writes
/// a sync marker to stdout: a line holding a nonce that nbrun chose for this
/// run (`ChannelRecord.syncVariable`). The k-th marker in the text is where the k-th record
/// belongs. Text that merely looks like a record or a marker is text; a
/// record whose marker never comes (a cell closed its stdout) is let through
/// after `patience` seconds, or when the text channel has ended.
struct ChannelMerger {
  enum Piece: Equatable {
    case text(String)
    case record(ChannelRecord)
  }

  /// The marker line, e.g. "\u{1E}nbrun-sync:5f0c...\n".
  let marker: [UInt8]
  var patience: Double = 1

  private var text = TextStream()
  private var records = RecordStream()
  /// Text bytes not yet split at markers (a marker may be cut between reads).
  private var pendingText: [UInt8] = []
  /// Text and markers, in the order they were written.
  private enum Item {
    case text(String)
    case marker
  }
  private var items: [Item] = []
  /// Records received, not yet placed, with the time they arrived.
  private var waiting: [(record: ChannelRecord, arrived: Date)] = []
  /// Records let through before their marker: that many markers to skip.
  private var markersToSkip = 0
  private var textEnded = false

  init(nonce: String) {
    marker = Array(ChannelRecord.syncMarker(nonce).utf8)
  }

  /// A fresh random nonce: no accidental output can contain it.
  static func makeNonce() -> String {
    (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }.joined()
  }

  mutating func feedText(_ bytes: some Sequence<UInt8>) -> [Piece] {
    pendingText.append(contentsOf: bytes)
    var start = 0
    while let found = Self.find(marker, in: pendingText, from: start) {
      appendText(pendingText[start..<found])
      items.append(.marker)
      start = found + marker.count
    }
    // Keep back a tail that could be the start of a marker.
    var keep = min(marker.count - 1, pendingText.count - start)
    while keep > 0, !pendingText[(pendingText.count - keep)...].elementsEqual(marker[..<keep]) { keep -= 1 }
    appendText(pendingText[start..<(pendingText.count - keep)])
    pendingText.removeFirst(pendingText.count - keep)
    return pump(now: Date())
  }

  mutating func feedRecords(_ bytes: some Sequence<UInt8>) -> [Piece] {
    for piece in records.feed(bytes) {
      switch piece {
      case .record(let record): waiting.append((record, Date()))
      case .text(let stray): items.append(.text(TextStream.visible(stray)))  // a cell wrote to descriptor 3
      }
    }
    return pump(now: Date())
  }

  /// The text channel has ended: records need not wait for markers.
  mutating func endText() -> [Piece] {
    appendText(pendingText[...])
    pendingText = []
    items += text.finish().map { .text($0) }
    textEnded = true
    return pump(now: Date())
  }

  /// Lets through records that waited longer than `patience`.
  mutating func tick(now: Date = Date()) -> [Piece] { pump(now: now) }

  /// Everything still held, when the program has ended.
  mutating func finish() -> [Piece] {
    var pieces = endText()
    for piece in records.finish() {
      if case .text(let stray) = piece { pieces.append(.text(TextStream.visible(stray))) }
    }
    pieces += waiting.map { .record($0.record) }
    waiting = []
    // Text after a marker whose record never came (the program died between the two).
    for case .text(let string) in items { pieces.append(.text(string)) }
    items = []
    return pieces
  }

  private mutating func appendText(_ bytes: ArraySlice<UInt8>) {
    guard !bytes.isEmpty else { return }
    items += text.feed(bytes).map { .text($0) }
  }

  private mutating func pump(now: Date) -> [Piece] {
    var pieces: [Piece] = []
    while let item = items.first {
      switch item {
      case .text(let string):
        pieces.append(.text(string))
      case .marker:
        if markersToSkip > 0 {
          markersToSkip -= 1
        } else if waiting.isEmpty {
          return pieces + releaseOverdue(now: now)
        } else {
          pieces.append(.record(waiting.removeFirst().record))
        }
      }
      items.removeFirst()
    }
    return pieces + releaseOverdue(now: now)
  }

  private mutating func releaseOverdue(now: Date) -> [Piece] {
    var pieces: [Piece] = []
    while let first = waiting.first, textEnded || now.timeIntervalSince(first.arrived) > patience {
      pieces.append(.record(first.record))
      waiting.removeFirst()
      markersToSkip += 1
    }
    return pieces
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first, haystack.count - start >= needle.count else { return nil }
    var index = start
    while let candidate = haystack[index...].firstIndex(of: first), candidate + needle.count <= haystack.count
    {
      if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
      index = candidate + 1
    }
    return nil
  }
}
