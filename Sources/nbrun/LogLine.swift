import Foundation
import Logging

/// A line for whoever reads nbrun's output: as it is on a terminal; in a
/// log (CI, a cluster task) through swift-log, so each line carries the
/// time it was written.
enum LogLine {
  static let interactive = isatty(STDOUT_FILENO) != 0
  static let logger = Logger(label: "nbrun") { StreamLogHandler.standardOutput(label: $0) }

  static func write(_ text: String) {
    if interactive {
      print(text)
      fflush(nil)  // nil: every stream; Swift 6 forbids naming C's stdout
    } else {
      logger.info("\(text)")
    }
  }
}
