import Foundation

/// Tells when a notebook file has been saved with new contents, by polling
/// its path a few times a second. Polling the path (not a descriptor or an
/// inotify watch on the file) keeps working when an editor saves by writing
/// a new file and renaming it over the old one, or deletes and recreates
/// it; comparing contents ignores saves that change nothing; and a change is
/// reported only once two polls read the same new contents, so a file
/// caught half-written (or missing between a rename and a write) is not run.
public struct NotebookFileWatcher {
  public let path: String
  /// The contents of the last run (or of the start).
  private var settled: Data?
  /// Contents seen once that differ from `settled`, awaiting a second look.
  private var candidate: Data?
  /// The file's status at the last poll: unchanged, the file is not read.
  private var lastStatus: FileStatus?

  struct FileStatus: Equatable {
    var modified: Date?
    var size: Int?
    var inode: Int?
  }

  public init(path: String) {
    self.path = path
    settled = FileManager.default.contents(atPath: path)
    lastStatus = Self.status(of: path)
  }

  /// Polls once: true when the notebook now has new, settled contents.
  public mutating func poll() -> Bool {
    let status = Self.status(of: path)
    if status == lastStatus && candidate == nil { return false }
    lastStatus = status
    guard status != nil, let contents = FileManager.default.contents(atPath: path) else {
      candidate = nil  // missing for now: an editor between its rename and its write
      return false
    }
    return observe(contents)
  }

  /// The decision for contents just read, apart from reading them.
  mutating func observe(_ contents: Data) -> Bool {
    guard contents != settled else {
      candidate = nil
      return false
    }
    guard contents == candidate else {
      candidate = contents
      return false
    }
    settled = contents
    candidate = nil
    return true
  }

  private static func status(of path: String) -> FileStatus? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
    return FileStatus(
      modified: attributes[.modificationDate] as? Date, size: (attributes[.size] as? NSNumber)?.intValue,
      inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
  }
}
