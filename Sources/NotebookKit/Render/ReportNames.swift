import Foundation

/// The report folder of each notebook given: its stem, or, where several
/// given notebooks share a stem, `<parent folder>-<stem>` (and a number if
/// that still repeats), so no report replaces another's.
public enum ReportNames {
  public static func names(for paths: [String]) -> [String: String] {
    func stem(_ path: String) -> String {
      ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
    var counts: [String: Int] = [:]
    for path in Set(paths) { counts[stem(path), default: 0] += 1 }
    var names: [String: String] = [:]
    var used: Set<String> = []
    for path in paths where names[path] == nil {
      var name = stem(path)
      if counts[name, default: 0] > 1 {
        let parent = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
          .lastPathComponent
        name = "\(parent)-\(name)"
      }
      names[path] = uniqueName(name, among: &used)
    }
    return names
  }
}
