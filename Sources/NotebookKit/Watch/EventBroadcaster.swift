import Foundation

/// The open event streams of the served pages: each gets every message
/// sent after it subscribed, and all end together when nbrun stops (the
/// server waits for its responses to end before it can stop).
final class EventBroadcaster: @unchecked Sendable {
  private let lock = NSLock()
  private var subscribers: [UUID: AsyncStream<Data>.Continuation] = [:]
  private var finished = false

  /// A stream that starts with `first` (the state now), then carries what
  /// `send` sends, until `finishAll` or the subscriber goes away.
  func subscribe(first: Data) -> AsyncStream<Data> {
    let id = UUID()
    let (stream, continuation) = AsyncStream.makeStream(of: Data.self, bufferingPolicy: .bufferingNewest(256))
    continuation.yield(first)
    continuation.onTermination = { [weak self] _ in self?.remove(id) }
    let open = lock.withLock {
      if !finished { subscribers[id] = continuation }
      return !finished
    }
    if !open { continuation.finish() }
    return stream
  }

  func send(_ message: Data) {
    for subscriber in lock.withLock({ Array(subscribers.values) }) { subscriber.yield(message) }
  }

  var count: Int { lock.withLock { subscribers.count } }

  /// Ends every stream, and any opened later.
  func finishAll() {
    let all = lock.withLock {
      finished = true
      defer { subscribers = [:] }
      return Array(subscribers.values)
    }
    for subscriber in all { subscriber.finish() }
  }

  private func remove(_ id: UUID) { _ = lock.withLock { subscribers.removeValue(forKey: id) } }
}
