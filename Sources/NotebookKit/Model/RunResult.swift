import NotebookProtocol

/// What one cell produced, in order.
public enum CellEvent: Codable, Equatable, Sendable {
  case text(String)
  case rich(RichOutput)
  case progress(String)
}

/// How a cell ended.
public enum CellStatus: String, Codable, Sendable {
  case notRun = "not run"
  case succeeded = "ok"
  case failed
  /// An `expect-error` cell that threw, as it should.
  case failedAsExpected = "failed as expected"
}

public struct CellResult: Codable, Equatable, Sendable {
  public var status: CellStatus = .notRun
  public var events: [CellEvent] = []
  public var seconds: Double?
  /// Why the cell failed, or the error an `expect-error` cell threw.
  public var error: String?

  public init() {}

  /// All text the cell printed, coalesced.
  public var text: String {
    events.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
  }
}

/// The outcome of running (or failing to compile) one notebook.
public struct RunResult: Codable, Equatable, Sendable {
  public enum Status: Codable, Equatable, Sendable {
    case succeeded
    /// Compilation failed: the compiler's diagnostics.
    case compileFailed(diagnostics: String)
    /// A cell failed (threw, trapped, or missed its expected error).
    case cellFailed(cell: Int)
    /// The notebook or a cell ran out of time.
    case timedOut(cell: Int?, seconds: Double)
  }

  public var status: Status
  public var cells: [CellResult]
  public var datasets: [String] = []
  public var comparisons: [Comparison] = []
  public var seconds: Double = 0
  public var compileSeconds: Double = 0

  public var succeeded: Bool { status == .succeeded }
}
