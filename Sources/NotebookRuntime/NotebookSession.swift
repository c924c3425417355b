internal import CStandardIO
import Datasets
import Foundation
import NNCore
import NotebookProtocol

/// The running notebook, as seen from inside its program: which cell runs,
/// where figures go, and the record stream to the runner. The generated
/// program drives it (`begin`, `end`); cells reach it through `show`,
/// `reported` and `progress`.
///
/// A notebook program runs its cells on one thread, one after another;
/// that is what makes the unchecked sendability sound.
public final class NotebookSession: @unchecked Sendable {
  public static let shared = NotebookSession()

  /// Where figures are written (`$NBRUN_FIGURES`, else `figures`).
  public let figuresDirectory: URL
  /// The cell now running, from 0.
  public private(set) var currentCell = 0
  private var cellStarted = Date()
  private var figureCount: [Int: Int] = [:]
  private var lastProgress = Date.distantPast
  private var lastFraction = Date.distantPast

  private init() {
    let environment = ProcessInfo.processInfo.environment
    figuresDirectory = URL(fileURLWithPath: environment["NBRUN_FIGURES"] ?? "figures")
  }

  /// Prepares the process: unbuffered output (so text and records keep
  /// their order), the figures folder, the default seed, and the data-set
  /// listener.
  public func start() {
    nbrun_unbuffer_stdout()
    try? FileManager.default.createDirectory(at: figuresDirectory, withIntermediateDirectories: true)
    Random.seed(UInt64(ProcessInfo.processInfo.environment["NBRUN_SEED"] ?? "") ?? 0)
    DataUsage.bootstrap { [unowned self] description in send(.dataset(description: description)) }
  }

  public func begin(cell: Int) {
    currentCell = cell
    cellStarted = Date()
    send(.cellStarted(cell: cell))
  }

  public func end(cell: Int) {
    send(.cellFinished(cell: cell, seconds: Date().timeIntervalSince(cellStarted)))
  }

  /// An `expect-error` cell threw: show the error and carry on.
  public func caught(_ error: any Error) {
    send(.expectedError(cell: currentCell, message: Self.describe(error)))
  }

  /// Runs one top-level `try` of a cell (the runner wraps each one, see
  /// `CellRewriter`): an error it throws ends the notebook here, sent to
  /// the runner with the `.md` position of the statement.
  @discardableResult
  public func attempt<T>(line: Int, column: Int, _ body: () throws -> T) -> T {
    do {
      return try body()
    } catch {
      fail(line: line, column: column, error)
    }
  }

  /// A top-level `throw` of a cell: the notebook ends here.
  public func fail(line: Int, column: Int, _ error: any Error) -> Never {
    send(.cellFailed(cell: currentCell, message: Self.describe(error), at: .init(line: line, column: column)))
    exit(1)
  }

  /// An error as a reader wants it: a `LocalizedError`'s description, else
  /// its own `description`, else its type and value (`Stop()`).
  static func describe(_ error: any Error) -> String {
    if let localized = error as? any LocalizedError, let text = localized.errorDescription { return text }
    return String(describing: error)
  }

  /// An `expect-error` cell ran to its end without throwing.
  public func missedExpectedError() {
    send(.missingExpectedError(cell: currentCell))
  }

  /// How much of the running cell is done, 0...1, for the time left on
  /// the terminal; at most five times a second.
  func progress(fraction: Double) {
    let now = Date()
    guard now.timeIntervalSince(lastFraction) > 0.2, fraction.isFinite else { return }
    lastFraction = now
    send(.progressFraction(cell: currentCell, done: min(max(fraction, 0), 1)))
  }

  /// Reports progress of a long cell, at most a few times a second.
  public func progress(_ text: String) {
    let now = Date()
    guard now.timeIntervalSince(lastProgress) > 0.2 else { return }
    lastProgress = now
    send(.progress(cell: currentCell, text: text))
  }

  /// A fresh figure file name for the running cell, e.g. `cell03-2.png`.
  func nextFigure(extension fileExtension: String) -> (name: String, url: URL) {
    let number = figureCount[currentCell, default: 0] + 1
    figureCount[currentCell] = number
    let name = String(format: "cell%02d-%d.%@", currentCell + 1, number, fileExtension)
    return (name, figuresDirectory.appendingPathComponent(name))
  }

  /// Where records go: the runner's channel, else (a program run by hand)
  /// standard output.
  private let recordDescriptor: Int32 =
    ProcessInfo.processInfo.environment[ChannelRecord.descriptorVariable].flatMap { Int32($0) } ?? 1

  /// The marker that tells the runner where in the text the next record goes.
  private let syncMarker = ProcessInfo.processInfo.environment[ChannelRecord.syncVariable].map {
    ChannelRecord.syncMarker($0)
  }

  func send(_ record: ChannelRecord) {
    fflush(nil)  // every output stream; names no C global, which Swift 6 forbids
    if let syncMarker, recordDescriptor != 1 { Self.writeAll(syncMarker, to: 1) }
    Self.writeAll(record.line, to: recordDescriptor)
  }

  private static func writeAll(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }  // the runner is gone: nothing to tell
      bytes = bytes.dropFirst(written)
    }
  }
}

/// Reports progress of a long custom training loop on the terminal, e.g.
/// `progress("epoch \(epoch)/\(epochs)")`.
public func progress(_ text: String) {
  NotebookSession.shared.progress(text)
}

/// Reports where `fit` is, as `progress("epoch 2/7, step 10/469")`:
/// `model.fit(x, y, optimizer: adam, onStep: progress)`.
public func progress(_ step: TrainingStep) {
  NotebookSession.shared.progress(step.description)
  NotebookSession.shared.progress(fraction: step.fraction)
}

/// A path inside this notebook's report folder for a file a cell writes
/// (a checkpoint, a CSV), so it is published with the report.
public func reportFile(_ name: String) -> String {
  NotebookSession.shared.figuresDirectory.deletingLastPathComponent().appendingPathComponent(name).path
}
