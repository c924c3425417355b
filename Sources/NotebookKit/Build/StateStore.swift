import Foundation
import NotebookProtocol

/// The folder where a notebook's program saves its state after each cell
/// (`StateSnapshots`), inside the notebook's `BuildFolder` (so it is locked
/// with it): which snapshots exist, and clearing out those no record needs.
struct StateStore {
  let url: URL

  init(buildFolder: URL) {
    url = buildFolder.appendingPathComponent("state", isDirectory: true)
  }

  /// Whether the state with `key` was saved whole (its manifest is written last).
  func hasSnapshot(_ key: String) -> Bool {
    FileManager.default.fileExists(atPath: manifestURL(key).path)
  }

  func manifest(_ key: String) -> StateManifest? {
    (try? Data(contentsOf: manifestURL(key))).flatMap {
      try? JSONDecoder().decode(StateManifest.self, from: $0)
    }
  }

  private func manifestURL(_ key: String) -> URL {
    url.appendingPathComponent(key).appendingPathComponent(StateSnapshots.manifestName)
  }

  /// The environment the program needs to save (and read) snapshots here.
  func environment(keys: [String]) -> [String: String] {
    [StateSnapshots.directoryVariable: url.path, StateSnapshots.keysVariable: keys.joined(separator: ",")]
  }

  /// Removes every snapshot whose key is not in `keep`, and every blob no
  /// kept snapshot reads. Only names this store writes are touched: the
  /// folder is nbrun's own, inside its build folder.
  func prune(keeping keep: Set<String>) {
    let fileManager = FileManager.default
    guard let names = try? fileManager.contentsOfDirectory(atPath: url.path) else { return }
    var blobs = Set<String>()
    for name in names where name != StateSnapshots.blobsFolder {
      if keep.contains(name), let manifest = manifest(name) {
        blobs.formUnion(manifest.blobs)
      } else {
        try? fileManager.removeItem(at: url.appendingPathComponent(name))
      }
    }
    let blobFolder = url.appendingPathComponent(StateSnapshots.blobsFolder)
    for blob in (try? fileManager.contentsOfDirectory(atPath: blobFolder.path)) ?? []
    where !blobs.contains(blob) {
      try? fileManager.removeItem(at: blobFolder.appendingPathComponent(blob))
    }
  }
}
