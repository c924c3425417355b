import Foundation
import NotebookProtocol

/// Where data files live: `$NBRUN_DATA_DIR`, else `data/` in the current
/// directory (`DataLocations`, which the runner's cache keys read too).
public enum DataDirectory {
  public static var path: String { DataLocations.dataDirectory() }

  static func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}
