import Foundation
import NotebookProtocol

/// What Swift's backtracer wrote when the notebook program crashed (a trap:
/// index out of range, overflow, `fatalError`, a failed precondition) or was
/// sent SIGQUIT (a timeout): in JSON, to a file of the run's own.
///
/// The program is compiled with `-g`, and each cell sits behind a
/// `#sourceLocation`, so a frame of the program's code carries the `.md`
/// line and column it was on. The innermost such frame is the statement of
/// the cell that was running; frames in the core or the runtime above it say
/// what went wrong, not where in the notebook.
struct CrashReport: Decodable {
  struct Thread: Decodable {
    var crashed: Bool?
    var frames: [Frame]
  }

  struct Frame: Decodable {
    var sourceLocation: Location?
  }

  struct Location: Decodable {
    var file: String
    var line: Int
    var column: Int
  }

  var description: String?
  var threads: [Thread]

  /// The backtracer's settings: JSON to `file`, no prompt, nothing but
  /// what `position(in:)` needs.
  static func environmentValue(writingTo file: URL) -> String {
    [
      "enable=yes", "interactive=no", "format=json", "output-to=\(file.path)", "threads=all",
      "registers=none", "images=none", "color=no",
    ].joined(separator: ",")
  }

  static func read(_ file: URL) -> CrashReport? {
    guard let data = try? Data(contentsOf: file) else { return nil }
    return try? JSONDecoder().decode(CrashReport.self, from: data)
  }

  /// Where in the notebook (named as any of `names`: see `Executor`) the
  /// program was: the crashed thread's innermost frame in the notebook,
  /// else any thread's (SIGQUIT may land on a worker thread).
  func position(inAnyOf names: [String]) -> SourcePosition? {
    let ordered = threads.filter { $0.crashed == true } + threads.filter { $0.crashed != true }
    for thread in ordered {
      if let location = thread.frames.lazy.compactMap(\.sourceLocation).first(where: {
        names.contains($0.file) && $0.line > 0
      }) {
        return SourcePosition(line: location.line, column: location.column)
      }
    }
    return nil
  }
}
