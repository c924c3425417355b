import NotebookProtocol

/// What one cell produced, in order.
public enum CellEvent: Codable, Equatable, Sendable {
  case text(String)
  case rich(RichOutput)
  case progress(String)
  /// A sentence of the prose the cell checked.
  case claim(Claim)
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
  /// The statement that failed, where it is known: a thrown error's `try`,
  /// a trap's statement, the line a timed-out cell was on.
  public var errorPosition: SourcePosition?
  /// The key of the program state after this cell (`CellKeys`), and
  /// whether the program could save that state for a later run to start from.
  public var state: CellState?
  /// Data sets and comparisons that arrived while the cell ran, so that a
  /// later run that reuses the cell can give them again.
  public var datasets: [String] = []
  public var comparisons: [Comparison] = []

  public init() {}

  private enum CodingKeys: String, CodingKey {
    case status, events, seconds, error, errorPosition, state, datasets, comparisons
  }

  /// Records older than incremental runs have no `datasets` or `comparisons`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    status = try container.decode(CellStatus.self, forKey: .status)
    events = try container.decode([CellEvent].self, forKey: .events)
    seconds = try container.decodeIfPresent(Double.self, forKey: .seconds)
    error = try container.decodeIfPresent(String.self, forKey: .error)
    errorPosition = try container.decodeIfPresent(SourcePosition.self, forKey: .errorPosition)
    state = try container.decodeIfPresent(CellState.self, forKey: .state)
    datasets = try container.decodeIfPresent([String].self, forKey: .datasets) ?? []
    comparisons = try container.decodeIfPresent([Comparison].self, forKey: .comparisons) ?? []
  }

  /// All text the cell printed, coalesced.
  public var text: String {
    events.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
  }
}

/// The program state after a cell, as far as a later run cares.
public struct CellState: Codable, Equatable, Sendable {
  /// Everything the state after the cell depends on, hashed (`CellKeys`).
  public var key: String
  /// The cell's own part of the key (`CellKeys.code`): its code and options.
  public var code: String?
  /// Whether the snapshot was written; if not, `reason` says why.
  public var saved = false
  public var reason: String?
  public var bytes: Int?
  public var seconds: Double?
  /// The run this cell's outputs were made by, when it was reused from an
  /// earlier run rather than run again (that run's date).
  public var reusedFrom: String?

  public init(key: String, code: String? = nil) {
    self.key = key
    self.code = code
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

  /// The cells taken from an earlier run instead of run again (`ReusedCells`).
  public var reusedCells: [CellResult] { cells.filter { $0.state?.reusedFrom != nil } }

  /// Every claim the cells checked, in order.
  public var claims: [Claim] {
    cells.flatMap { $0.events.compactMap { if case .claim(let claim) = $0 { claim } else { nil } } }
  }

  /// The claims that did not hold: each is a warning on the report.
  public var failedClaims: [Claim] { claims.filter { !$0.holds } }

  /// "3 match, 1 differs, 2 no value; 1 claim does not hold", for the
  /// header and the index.
  public var verdictSummary: String {
    let verdicts = comparisons.map(\.verdict)
    let counts = [
      (Comparison.Verdict.matches, "match"), (.differs, "differ"), (.noValue, "no value in the post"),
    ]
    .compactMap { verdict, word -> String? in
      let n = verdicts.filter { $0 == verdict }.count
      return n == 0 ? nil : "\(n) \(word)"
    }
    var text = counts.isEmpty ? "no figures compared" : counts.joined(separator: ", ")
    let claims = self.claims
    if !claims.isEmpty {
      let failed = failedClaims.count
      text +=
        failed == 0
        ? "; \(claims.count) claim\(claims.count == 1 ? "" : "s") checked, all hold"
        : "; \(failed) of \(claims.count) claims do not hold"
    }
    return text
  }

}
