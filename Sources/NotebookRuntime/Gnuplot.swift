import Foundation
internal import GnuplotBridge

/// One gnuplot process driven through gnuplot-iostream; whatever gnuplot
/// prints on standard error becomes the error of `finish`.
final class Gnuplot {
  private let session: OpaquePointer
  private let errorLog: URL

  init() throws {
    errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-gnuplot-\(UUID()).log")
    guard let session = nbgp_open(errorLog.path) else {
      throw FigureError(message: "cannot start gnuplot (install gnuplot-nox; scripts/setup does)")
    }
    self.session = session
  }

  func command(_ line: String) {
    nbgp_command(session, line)
  }

  /// Sends the points for one `'-'` of the last plot command.
  func send(x: [Double], y: [Double]) {
    nbgp_send_xy(session, x, y, min(x.count, y.count))
  }

  /// Waits for gnuplot and throws what it complained about, if anything.
  func finish() throws {
    nbgp_close(session)
    defer { try? FileManager.default.removeItem(at: errorLog) }
    let complaints = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    let errors = complaints.split(separator: "\n").filter { !$0.lowercased().contains("warning:") }
    guard errors.isEmpty else {
      throw FigureError(message: "gnuplot: " + complaints.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// `text` as a gnuplot string literal.
  static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      + "\""
  }
}
