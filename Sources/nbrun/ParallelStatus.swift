import Foundation
import NotebookKit

/// What `-j` shows: every line the children print, led by their report's
/// name, and on a terminal a status line redrawn four times a second with
/// each running notebook's time so far and, from its last run, time left.
final class ParallelStatus: @unchecked Sendable {
  private let durations: [String: Double]
  private let lock = NSLock()
  private var running: [(notebook: String, started: Date)] = []
  private var timer: DispatchSourceTimer?
  private var statusShown = false

  init(durations: [String: Double]) { self.durations = durations }

  func start() {
    guard LogLine.interactive else { return }
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now() + 0.25, repeating: 0.25)
    timer.setEventHandler { [weak self] in self?.lock.withLock { self?.draw() } }
    timer.resume()
    self.timer = timer
  }

  func stop() {
    timer?.cancel()
    lock.withLock { clear() }
  }

  func started(_ notebook: String) { lock.withLock { running.append((notebook, Date())) } }

  func finished(_ notebook: String) { lock.withLock { running.removeAll { $0.notebook == notebook } } }

  /// A child's line: its stdout led by `[name]` (its log lines carry their
  /// own timestamps), its stderr as it is, so `file:line:` stays first.
  func relay(_ name: String, _ line: String, standardError: Bool) {
    lock.withLock {
      clear()
      if standardError {
        printError(line)
      } else {
        print("[\(name)] \(line)")
        fflush(nil)  // nil: every stream; Swift 6 forbids naming C's stdout
      }
      draw()
    }
  }

  private func clear() {
    guard statusShown else { return }
    print("\r\u{1B}[2K", terminator: "")
    statusShown = false
  }

  private func draw() {
    guard LogLine.interactive, !running.isEmpty else { return }
    let now = Date()
    let parts = running.map { notebook, started in
      let elapsed = now.timeIntervalSince(started)
      let left = durations[notebook].map { " ~\(readableDuration(seconds: max($0 - elapsed, 0))) left" } ?? ""
      return "\(notebook) \(readableDuration(seconds: elapsed))\(left)"
    }
    print("\r\u{1B}[2K  running: " + parts.joined(separator: " · "), terminator: "")
    fflush(nil)
    statusShown = true
  }
}
