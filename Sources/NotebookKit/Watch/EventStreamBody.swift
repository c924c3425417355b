import FlyingFox
import FlyingSocks
import Foundation

/// An event stream as the bytes of a FlyingFox response body: the server
/// sends each message as a chunk when it arrives (chunked transfer
/// encoding, since the length is not known), and ends the response when the
/// stream ends.
struct EventStreamBody: AsyncBufferedSequence {
  typealias Element = UInt8
  let messages: AsyncStream<Data>

  func makeAsyncIterator() -> Iterator { Iterator(messages: messages.makeAsyncIterator()) }

  struct Iterator: AsyncBufferedIteratorProtocol {
    var messages: AsyncStream<Data>.Iterator
    var pending = Data()

    mutating func next() async -> UInt8? {
      guard await fill() else { return nil }
      return pending.popFirst()
    }

    /// Up to `count` bytes of the current message; waits for the next
    /// message when none is pending.
    mutating func nextBuffer(suggested count: Int) async -> Data? {
      guard await fill() else { return nil }
      let chunk = pending.prefix(count)
      pending.removeFirst(chunk.count)
      return Data(chunk)
    }

    private mutating func fill() async -> Bool {
      while pending.isEmpty {
        guard let message = await messages.next() else { return false }
        pending = message
      }
      return true
    }
  }
}
