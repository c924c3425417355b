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

  /// A fresh, empty staging folder with a `figures/` inside.
  func makeStaging() throws -> URL {
    let staging = final.deletingLastPathComponent()
      .appendingPathComponent(
        ".\(final.lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: staging)
    try FileManager.default.createDirectory(
      at: staging.appendingPathComponent("figures"), withIntermediateDirectories: true)
    return staging
  }

  /// Writes the record and page into `staging`, then swaps it into place.
  func publish(staging: URL, record: RunRecord, html: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(record).write(to: staging.appendingPathComponent(Self.recordFile))
    try Data(html.utf8).write(to: staging.appendingPathComponent("index.html"))
    let fileManager = FileManager.default
    if fileManager.fileExists(atPath: final.path) {
      let old = final.deletingLastPathComponent()
        .appendingPathComponent(
          ".\(final.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
      try? fileManager.removeItem(at: old)
      try fileManager.moveItem(at: final, to: old)
      try fileManager.moveItem(at: staging, to: final)
      try? fileManager.removeItem(at: old)
    } else {
      try fileManager.moveItem(at: staging, to: final)
    }
  }
}
