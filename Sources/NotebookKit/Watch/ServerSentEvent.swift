import Foundation

/// One message of a `text/event-stream` (the HTML standard's server-sent
/// events): what the page's `EventSource` reads.
struct ServerSentEvent: Sendable, Equatable {
  var name: String
  var data: String

  /// `event: NAME`, one `data:` line per line of `data`, and the blank
  /// line that ends the message.
  var encoded: Data {
    let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }
    return Data(("event: \(name)\n" + lines.joined() + "\n").utf8)
  }

  /// A comment line: keeps the connection in use, so that one whose page has
  /// gone fails to write and is closed.
  static let keepAlive = Data(": keep-alive\n\n".utf8)

  static func status(_ state: LiveState) -> ServerSentEvent {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = (try? encoder.encode(state)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return ServerSentEvent(name: "status", data: json)
  }

  /// A run ended and its report (or the error) is on disk: pages load again.
  static func reload(finishedRuns: Int) -> ServerSentEvent {
    ServerSentEvent(name: "reload", data: String(finishedRuns))
  }
}
