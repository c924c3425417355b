import Foundation

/// Where data files live: `$NBRUN_DATA_DIR`, else `data/` in the current
/// directory (nbrun runs notebooks from the project root).
public enum DataDirectory {
  public static var path: String {
    ProcessInfo.processInfo.environment["NBRUN_DATA_DIR"] ?? "data"
  }

  static func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}
