/// A finished run as stored beside its report (`run.json`): the result and
/// what it was run with, so a cache hit can render the report again, and
/// the index page can list it.
public struct RunRecord: Codable, Sendable, Equatable {
  public var notebook: String
  public var title: String
  public var parameters: [String: String]
  public var parameterOrder: [String]
  public var profile: String?
  public var environment: RunEnvironment
  public var result: RunResult
  /// Everything that, changed, means the notebook must run again.
  public var cacheKey: String
  /// What the state after every cell depends on, by name, each hashed
  /// (`CellKeys.inputs`): which of them changed, `--explain` says.
  public var stateInputs: [String: String]? = nil
  /// Typeset formulas of the prose, by `MathSpan.key`, kept so that a
  /// cache hit need not start Node.js again.
  public var formulas: [String: String]? = nil
  /// For a failed run: when the last report whose cells all ran was made;
  /// that report is kept in the folder's `last-good/` (`ReportFolder`).
  public var lastGoodRun: RunEnvironment? = nil
}
