import Foundation

/// What the index shows for a notebook that nbrun could not run at all (it
/// does not parse, a `-p` does not fit, its report folder is not nbrun's):
/// `<output>/.<report>.not-run.json`, beside the report it did not replace.
/// A later run that publishes a report removes it.
struct NotRunMark: Codable, Equatable {
  var notebook: String
  var error: String
  var date: String

  static func url(in output: URL, report: String) -> URL {
    output.appendingPathComponent(".\(report).not-run.json")
  }

  /// The report folder name a mark file belongs to, if `name` is one.
  static func report(fromFileName name: String) -> String? {
    guard name.hasPrefix("."), name.hasSuffix(".not-run.json") else { return nil }
    return String(name.dropFirst().dropLast(".not-run.json".count))
  }

  func write(in output: URL, report: String) throws {
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    try JSONEncoder().encode(self).write(to: Self.url(in: output, report: report), options: .atomic)
  }

  static func remove(in output: URL, report: String) {
    try? FileManager.default.removeItem(at: url(in: output, report: report))
  }

  static func read(in output: URL, report: String) -> NotRunMark? {
    FileManager.default.contents(atPath: url(in: output, report: report).path).flatMap {
      try? JSONDecoder().decode(NotRunMark.self, from: $0)
    }
  }
}
