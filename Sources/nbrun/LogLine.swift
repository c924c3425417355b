import Foundation
import Logging

/// A line for whoever reads nbrun's output: as it is on a terminal; in a
/// log (CI, a cluster task) through swift-log, so each line carries the
/// time it was written.
enum LogLine {
  static let interactive = isatty(STDOUT_FILENO) != 0
  static let logger = Logger(label: "nbrun") { _ in TimestampedLines() }

  static func write(_ text: String) {
    if interactive {
      print(text)
      fflush(nil)  // nil: every stream; Swift 6 forbids naming C's stdout
    } else {
      logger.info("\(text)")
    }
  }
}

/// swift-log's handler for nbrun's log: `2026-12-02T02:19:04Z ✓ x.md: ...`,
/// the time and the line, without the level, label and source that
/// `StreamLogHandler` adds (one program writes them all, at one level).
struct TimestampedLines: LogHandler {
  var logLevel: Logger.Level = .info
  var metadata: Logger.Metadata = [:]

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let line = ISO8601DateFormatter().string(from: Date()) + " \(event.message)\n"
    FileHandle.standardOutput.write(Data(line.utf8))
  }
}
