import Foundation

/// The line of the notebook at `path` where the first of `texts` occurs
/// (1 if none does), for warnings about what the rendered HTML holds of it.
func firstLine(containing texts: [String], in path: String) -> Int {
  guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { return 1 }
  for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
  where texts.contains(where: { line.contains($0) }) {
    return index + 1
  }
  return 1
}
