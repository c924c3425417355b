import Foundation

@testable import NotebookKit

extension RunRecord {
  /// What must be the same whoever ran it, and however much of it was
  /// reused: the notebook, title, parameters and result (statuses, outputs,
  /// errors, comparisons), without times, the run's environment, cache and
  /// state keys and the inputs they hash (`-j` sets `NBRUN_CORES`), and the
  /// addresses a trap's stack trace holds.
  var timeless: RunRecord {
    var timeless = self
    timeless.environment = RunEnvironment(date: "", gitCommit: "", toolchain: "", machine: "")
    timeless.cacheKey = ""
    timeless.stateInputs = nil
    timeless.result.seconds = 0
    timeless.result.compileSeconds = 0
    let addresses = try! Regex("0x[0-9a-f]+")
    for cell in timeless.result.cells.indices {
      if timeless.result.cells[cell].seconds != nil { timeless.result.cells[cell].seconds = 0 }
      timeless.result.cells[cell].state = nil
      timeless.result.cells[cell].events = timeless.result.cells[cell].events.map { event in
        guard case .text(let text) = event else { return event }
        return .text(text.replacing(addresses, with: "0x…"))
      }
    }
    return timeless
  }
}
