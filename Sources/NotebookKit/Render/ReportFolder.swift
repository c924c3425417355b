import Foundation

/// A notebook's report folder (`output/<stem>/`) and how it is replaced:
/// everything is written into a staging folder beside it, which then takes
/// its place, so a failed or interrupted run never leaves half a report.
struct ReportFolder {
  var final: URL

  static let recordFile = "run.json"

  /// The record of the report now in place, if it can be read.
  var existingRecord: RunRecord? {
    guard let data = FileManager.default.contents(atPath: final.appendingPathComponent(Self.recordFile).path)
    else {
      return nil
    }
    return try? JSONDecoder().decode(RunRecord.self, from: data)
  }

  /// A hidden sibling of the report, owned by this process: `.<stem>.<kind>-<pid>`.
  private func sibling(_ kind: String, pid: Int32 = ProcessInfo.processInfo.processIdentifier) -> URL {
    final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).\(kind)-\(pid)")
  }

  /// Whether `final` may be replaced: absent, or a report nbrun made (it
  /// holds nbrun's `run.json`). nbrun deletes nothing it did not make.
  func checkReplaceable() throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: final.path, isDirectory: &isFolder) else { return }
    // The record file marks nbrun's folders, whatever version wrote it.
    let record = final.appendingPathComponent(Self.recordFile).path
    guard isFolder.boolValue, FileManager.default.fileExists(atPath: record) else {
      throw RunnerError.setup(
        "\(final.path) exists and is not a report nbrun made (it has no \(Self.recordFile)); "
          + "nbrun will not replace it: move it away or choose another --output")
    }
  }

  /// A fresh, empty staging folder with a `figures/` inside.
  func makeStaging() throws -> URL {
    try checkReplaceable()
    removeLeftovers()
    let staging = sibling("staging")
    try? FileManager.default.removeItem(at: staging)
    StagingFolders.shared.insert(staging)
    try FileManager.default.createDirectory(
      at: staging.appendingPathComponent("figures"), withIntermediateDirectories: true)
    return staging
  }

  /// Removes a staging folder that was not published (or is gone already).
  func discard(_ staging: URL) {
    try? FileManager.default.removeItem(at: staging)
    StagingFolders.shared.remove(staging)
  }

  /// Where a failed run's report keeps the last good one.
  static let lastGoodFolder = "last-good"

  /// Keeps the last good report reachable from a failed run's: copies the
  /// report in place (if all its cells ran) or its own `last-good/` (if it
  /// failed too) into `staging`, and returns that report's run. A good run
  /// keeps nothing: it is the last good report.
  func carryLastGood(into staging: URL, runSucceeded: Bool) throws -> RunEnvironment? {
    guard !runSucceeded, let existing = existingRecord else { return nil }
    let source: URL
    let run: RunEnvironment
    if existing.result.succeeded {
      (source, run) = (final, existing.environment)
    } else if let previous = existing.lastGoodRun {
      (source, run) = (final.appendingPathComponent(Self.lastGoodFolder), previous)
    } else {
      return nil
    }
    let target = staging.appendingPathComponent(Self.lastGoodFolder)
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path)
    where name != Self.lastGoodFolder {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
    }
    return run
  }

  /// Writes the record and page into `staging`, then swaps it into place.
  func publish(staging: URL, record: RunRecord, html: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(record).write(to: staging.appendingPathComponent(Self.recordFile))
    try Data(html.utf8).write(to: staging.appendingPathComponent("index.html"))
    let fileManager = FileManager.default
    try checkReplaceable()  // again: the folder may have appeared during the run
    if fileManager.fileExists(atPath: final.path) {
      let old = sibling("old")
      try? fileManager.removeItem(at: old)
      try fileManager.moveItem(at: final, to: old)
      do {
        try fileManager.moveItem(at: staging, to: final)
        StagingFolders.shared.remove(staging)
      } catch {
        try? fileManager.moveItem(at: old, to: final)  // keep the previous report rather than none
        throw error
      }
      try? fileManager.removeItem(at: old)
    } else {
      try fileManager.moveItem(at: staging, to: final)
      StagingFolders.shared.remove(staging)
    }
  }

  /// Cleans up after nbrun processes killed mid-run: their staging folders
  /// go, and a previous report caught between its two moves is put back.
  /// A live process's folders are left alone.
  func removeLeftovers() {
    let fileManager = FileManager.default
    let parent = final.deletingLastPathComponent()
    let prefix = ".\(final.lastPathComponent)."
    for name in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? [] {
      guard name.hasPrefix(prefix), let dash = name.lastIndex(of: "-"),
        let pid = Int32(name[name.index(after: dash)...]),
        kill(pid, 0) != 0 && errno == ESRCH
      else { continue }
      let leftover = parent.appendingPathComponent(name)
      switch name[name.index(name.startIndex, offsetBy: prefix.count)..<dash] {
      case "old" where !fileManager.fileExists(atPath: final.path):
        try? fileManager.moveItem(at: leftover, to: final)
      case "old", "staging":
        try? fileManager.removeItem(at: leftover)
      default:
        continue
      }
    }
  }
}
