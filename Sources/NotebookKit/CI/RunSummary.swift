import Foundation
import NotebookProtocol

/// What one nbrun call did, for machines (`--summary FILE`, JUnit, GitHub
/// annotations): per notebook its status, durations, verdicts, the claims
/// that do not hold, where its report is.
public struct RunSummary: Codable, Sendable, Equatable {
  public var notebooks: [NotebookSummary] = []
  /// Wall-clock seconds of the whole call.
  public var seconds: Double = 0
  /// When the call started (ISO 8601).
  public var started: String

  public init(started: Date = Date()) {
    self.started = ISO8601DateFormatter().string(from: started)
  }

  public var passed: Int { notebooks.filter { $0.status == .passed }.count }
  public var failed: Int { notebooks.count - passed }

  /// Written as one JSON file, atomically.
  public func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(self).write(to: url, options: .atomic)
  }

  public static func read(from url: URL) throws -> RunSummary {
    try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: url))
  }
}

/// One notebook of a `RunSummary`.
public struct NotebookSummary: Codable, Sendable, Equatable {
  public enum Status: String, Codable, Sendable {
    /// Every cell ran as it should.
    case passed
    /// It ran, and a cell failed, or it did not compile, or ran out of time.
    case failed
    /// It could not run at all (it does not parse, its report folder is
    /// not nbrun's).
    case notRun = "not run"
    /// The command line asked for what it does not have (an unknown `-p`
    /// or profile, a value of the wrong type).
    case usageError = "usage error"
  }

  public struct Cell: Codable, Sendable, Equatable {
    public var name: String
    /// The cell's opening fence.
    public var line: Int
    public var status: CellStatus
    public var seconds: Double?
    public var error: String?
  }

  public struct Verdicts: Codable, Sendable, Equatable {
    public var matches = 0
    public var differs = 0
    public var noValue = 0
  }

  /// A figure of the post that ours differs from.
  public struct Difference: Codable, Sendable, Equatable {
    public var name: String
    public var reported: Double?
    public var reproduced: Double

    /// "final cost: post 0.0302, ours 0.05".
    public var text: String { "\(name): post \(reported.map { "\($0)" } ?? "none"), ours \(reproduced)" }
  }

  public struct FailedClaim: Codable, Sendable, Equatable {
    public var text: String
    public var evidence: String?
    /// The opening fence of the cell that checked it.
    public var line: Int?

    /// The claim with its evidence, for a warning line.
    public var sentence: String { text + (evidence.map { " (\($0))" } ?? "") }
  }

  /// The notebook as given on the command line.
  public var notebook: String
  /// The sweep point it ran at (`seed=1`), if it ran at one.
  public var point: String?
  public var title: String?
  public var status: Status
  /// Outputs reused: nothing had changed since the last run.
  public var cached = false
  /// Why it failed, at the line to blame.
  public var failure: LocatedMessage?
  public var compileSeconds: Double?
  public var runSeconds: Double?
  public var cells: [Cell] = []
  public var verdicts = Verdicts()
  public var differences: [Difference] = []
  public var claimsChecked = 0
  public var failedClaims: [FailedClaim] = []
  /// Warnings about the notebook that did not stop it (formulas, `-p`).
  public var warnings: [String] = []
  /// The report page, when one was written.
  public var report: String?

  public init(notebook: String, status: Status) {
    self.notebook = notebook
    self.status = status
  }

  /// A notebook that ran (or whose cached outputs were reused).
  public init(notebook: Notebook, result: RunResult, cached: Bool, report: String) {
    self.init(notebook: notebook.path, status: result.succeeded ? .passed : .failed)
    title = notebook.title
    self.cached = cached
    self.report = report
    compileSeconds = result.compileSeconds
    runSeconds = result.seconds
    let cells = notebook.cells
    self.cells = zip(cells, result.cells).map { cell, outcome in
      Cell(
        name: cell.displayName,
        // A failed cell is named where it failed, when that is known.
        line: outcome.status == .failed ? cell.failureLocation(outcome.errorPosition).line : cell.fenceLine,
        status: outcome.status, seconds: outcome.seconds,
        error: outcome.error)
    }
    failure = Self.failure(of: result, in: notebook)
    for comparison in result.comparisons {
      switch comparison.verdict {
      case .matches: verdicts.matches += 1
      case .noValue: verdicts.noValue += 1
      case .differs:
        verdicts.differs += 1
        differences.append(
          Difference(name: comparison.name, reported: comparison.reported, reproduced: comparison.reproduced))
      }
    }
    for (cell, outcome) in zip(cells, result.cells) {
      for case .claim(let claim) in outcome.events {
        claimsChecked += 1
        if !claim.holds {
          failedClaims.append(FailedClaim(text: claim.text, evidence: claim.evidence, line: cell.fenceLine))
        }
      }
    }
  }

  /// The failure of a run, located: a compiler error where the compiler
  /// says, a failed cell at its failing statement (else its fence).
  static func failure(of result: RunResult, in notebook: Notebook) -> LocatedMessage? {
    switch result.status {
    case .succeeded:
      return nil
    case .compileFailed(let diagnostics):
      return LocatedMessage.firstError(in: diagnostics)
        ?? LocatedMessage(file: notebook.path, line: nil, severity: .error, text: "does not compile")
    case .cellFailed(let index), .timedOut(let index?, _):
      let cell = notebook.cells[index]
      return LocatedMessage(
        file: cell.location.file, line: cell.failureLocation(result.cells[index].errorPosition).line,
        severity: .error,
        text: "\(cell.displayName) failed: \(result.cells[index].error ?? "failed")")
    case .timedOut(nil, let seconds):
      return LocatedMessage(
        file: notebook.path, line: nil, severity: .error, text: "timed out after \(Int(seconds)) s")
    }
  }
}

extension NotebookSummary {
  /// The notebook and its sweep point: `x.md@seed=1`.
  public var runName: String { notebook + (point.map { "@\($0)" } ?? "") }

  /// "x.md@seed=1: Its title".
  var suiteName: String { runName + (title.map { ": \($0)" } ?? "") }

  /// What CI should flag without failing: figures that differ from the
  /// post's, claims that do not hold, the runner's warnings.
  public var ciWarnings: [LocatedMessage] {
    differences.map {
      LocatedMessage(
        file: notebook, line: nil, severity: .warning,
        text: "differs from the post: \($0.text)")
    }
      + failedClaims.map {
        LocatedMessage(
          file: notebook, line: $0.line, severity: .warning,
          text: "a claim does not hold: \($0.sentence)")
      }
      + warnings.map {
        LocatedMessage(parsing: Substring($0))
          ?? LocatedMessage(file: notebook, line: nil, severity: .warning, text: $0)
      }
  }
}
