import Foundation
import NotebookProtocol

/// The notebook's parameter values for this run, as nbrun passes them: a
/// JSON object of strings in `$NBRUN_PARAMETERS`, decoded here with the
/// types the front matter declares. Values travel as data, never as source,
/// so no value can break or change the program.
public enum NotebookParameters {
  private static let values: [String: String] = {
    guard let json = ProcessInfo.processInfo.environment[ChannelRecord.parametersVariable],
      let values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    else { return [:] }
    return values
  }()

  /// The value of `name`, which nbrun has checked to parse as `T`.
  public static func value<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T {
    guard let text = values[name] else {
      fatalError("parameter '\(name)' was not passed (run the notebook with nbrun)")
    }
    guard let value = T(text) else { fatalError("parameter '\(name)' = '\(text)' is not a \(T.self)") }
    return value
  }
}
