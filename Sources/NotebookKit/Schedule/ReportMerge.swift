import Foundation

/// `nbrun index OUTPUT...`: the reports of several output folders (CI
/// shards, cluster tasks) gathered into one, and its index written. Each
/// report is copied through a staging folder and swapped into place as a
/// run would publish it; a folder nbrun did not make is never replaced.
public enum ReportMerge {
  public struct Outcome: Sendable {
    /// Report folder names now in the destination, from the sources.
    public var merged: [String] = []
    /// Lines to show: reports skipped and why.
    public var warnings: [String] = []
  }

  public static func merge(_ sources: [URL], into destination: URL) throws -> Outcome {
    let fileManager = FileManager.default
    try fileManager.createDirectory(at: destination, withIntermediateDirectories: true)
    var outcome = Outcome()
    /// The record date of each report merged so far, to keep the newest.
    var dates: [String: String] = [:]
    let target = destination.resolvingSymlinksInPath().standardizedFileURL
    for source in sources {
      var isFolder: ObjCBool = false
      guard fileManager.fileExists(atPath: source.path, isDirectory: &isFolder), isFolder.boolValue else {
        throw RunnerError.usage("no output folder at '\(source.relativePath)'")
      }
      let sameFolder = source.resolvingSymlinksInPath().standardizedFileURL == target
      for name in try fileManager.contentsOfDirectory(atPath: source.path).sorted() where !name.hasPrefix(".")
      {
        guard let record = ReportFolder(final: source.appendingPathComponent(name)).existingRecord else {
          continue
        }
        if let earlier = dates[name] {
          guard record.environment.date > earlier else {
            outcome.warnings.append(
              "nbrun: \(source.relativePath)/\(name) skipped: a newer report of that name is merged (\(earlier))"
            )
            continue
          }
        }
        dates[name] = record.environment.date
        if !sameFolder {
          try copyReport(source.appendingPathComponent(name), record: record, into: destination)
        }
        NotRunMark.remove(in: destination, report: name)
        outcome.merged.append(name)
      }
      // A notebook that could not run in that shard is marked here too,
      // unless a report merged says it has run since.
      for name in try fileManager.contentsOfDirectory(atPath: source.path) where !sameFolder {
        guard let report = NotRunMark.report(fromFileName: name), dates[report] == nil,
          let mark = NotRunMark.read(in: source, report: report)
        else { continue }
        try mark.write(in: destination, report: report)
      }
    }
    try IndexRenderer.write(outputDirectory: destination)
    try SweepIndex.write(outputDirectory: destination)
    return outcome
  }

  private static func copyReport(_ report: URL, record: RunRecord, into destination: URL) throws {
    let folder = ReportFolder(final: destination.appendingPathComponent(report.lastPathComponent))
    let staging = try folder.makeStaging()
    defer { folder.discard(staging) }
    let fileManager = FileManager.default
    for name in try fileManager.contentsOfDirectory(atPath: report.path)
    where name != ReportFolder.recordFile && name != "index.html" {
      let target = staging.appendingPathComponent(name)
      try? fileManager.removeItem(at: target)  // the empty figures/ of a fresh staging folder
      try fileManager.copyItem(at: report.appendingPathComponent(name), to: target)
    }
    let html = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
    try folder.publish(staging: staging, record: record, html: html)
  }
}
