import Foundation

/// `--sweep name=v1,v2,v3`: a parameter's values, each run as its own
/// point with its own report; `notebook.md:name=…` for one notebook only,
/// as with `-p`. Several sweeps make every combination.
public struct Sweep: Sendable, Equatable {
  public var notebook: String?
  public var name: String
  public var values: [String]

  /// Parses `[notebook:]name=v1,v2,…`; nil without a name or a value.
  public init?(parsing argument: String) {
    guard let single = ParameterOverride(parsing: argument) else { return nil }
    let values = single.value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !values.contains(where: \.isEmpty) else { return nil }
    notebook = single.notebook
    name = single.name
    self.values = values
  }

  func applies(to path: String) -> Bool {
    notebook.map { ParameterOverride.target($0, names: path) } ?? true
  }
}

/// One run of a notebook: the notebook, the sweep point it runs at (none
/// without `--sweep`), and its report folder, `<report>@name=value,…` for a
/// point.
public struct RunUnit: Sendable, Equatable {
  public var path: String
  /// The point's values, in the order the sweeps were given.
  public var point: [ParameterOverride]
  public var reportName: String

  public init(path: String, point: [ParameterOverride], reportName: String) {
    self.path = path
    self.point = point
    self.reportName = reportName
  }

  /// How the command line's `--only` names it: the path, then `@` and the
  /// point for a sweep.
  public var id: String { point.isEmpty ? path : "\(path)@\(pointLabel)" }

  /// `seed=1,epochs=2`.
  public var pointLabel: String { point.map { "\($0.name)=\($0.value)" }.joined(separator: ",") }

  /// Every notebook at every point of the sweeps that apply to it, in the
  /// order given; `reportNames` are the notebooks' own report folders. A
  /// sweep for all notebooks skips those that do not declare its parameter
  /// (`declares`); one aimed at a notebook applies to it regardless, and the
  /// run says so if it does not fit.
  public static func expand(
    _ paths: [String], sweeps: [Sweep], reportNames: [String: String],
    declares: (_ path: String, _ parameter: String) -> Bool = { _, _ in true }
  ) -> [RunUnit] {
    paths.flatMap { path -> [RunUnit] in
      let report = reportNames[path] ?? path
      var points: [[ParameterOverride]] = [[]]
      for sweep in sweeps
      where sweep.applies(to: path) && (sweep.notebook != nil || declares(path, sweep.name)) {
        points = points.flatMap { point in
          sweep.values.map { point + [ParameterOverride(notebook: path, name: sweep.name, value: $0)] }
        }
      }
      return points.map { point in
        var unit = RunUnit(path: path, point: point, reportName: report)
        // A value may hold a slash; a folder name may not.
        if !point.isEmpty {
          unit.reportName = "\(report)@\(unit.pointLabel)".replacingOccurrences(of: "/", with: "_")
        }
        return unit
      }
    }
  }
}
