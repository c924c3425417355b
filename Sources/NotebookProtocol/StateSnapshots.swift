/// Where a notebook program keeps its state between cells, so that a later
/// run can start after the last cell whose code (and everything before it)
/// is unchanged, instead of from the first (`nbrun`'s incremental runs).
///
/// The runner names one key per cell (a hash of everything the state after
/// that cell depends on); the program saves the state after cell `i` into
/// `<directory>/<keys[i]>/`, with a `StateManifest` beside it, and a program
/// that starts after cell `r` reads `<directory>/<keys[r]>/`.
public enum StateSnapshots {
  /// The environment variable naming the folder of snapshots.
  public static let directoryVariable = "NBRUN_STATE_DIR"
  /// The environment variable holding the cells' keys, comma-separated,
  /// one per cell in order.
  public static let keysVariable = "NBRUN_STATE_KEYS"
  /// The name of the manifest file inside a snapshot's folder.
  public static let manifestName = "manifest.json"
  /// The folder, beside the snapshots, that holds the large arrays
  /// (tensors) they share, one file each, named in the manifests.
  public static let blobsFolder = "blobs"
}

/// What a snapshot holds, written last (so a snapshot with a manifest is
/// whole): the variables by name, the blobs it reads and its size.
public struct StateManifest: Codable, Equatable, Sendable {
  /// The cell after which the state was taken, from 0.
  public var cell: Int
  /// The top-level variables saved, in declaration order.
  public var variables: [String]
  /// The files of `StateSnapshots.blobsFolder` this snapshot reads.
  public var blobs: [String]
  /// Bytes written for this snapshot, blobs it shares with others included.
  public var bytes: Int

  public init(cell: Int, variables: [String], blobs: [String], bytes: Int) {
    self.cell = cell
    self.variables = variables
    self.blobs = blobs
    self.bytes = bytes
  }
}
