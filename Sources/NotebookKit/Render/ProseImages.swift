import Foundation

/// Images the prose shows (`![](pic.png)` beside the notebook): copied into
/// the report folder at the same relative path, so the page finds them, or
/// with `--self-contained` embedded in it. Only relative paths inside the
/// notebook's folder are taken; a missing file is a warning with its line.
struct ProseImages {
  var notebook: Notebook

  /// The relative `src` of every `<img>` cmark-gfm wrote for the prose.
  var sources: [String] {
    var found: [String] = []
    for case .prose(let html) in notebook.blocks {
      for match in html.matches(of: Self.image) {
        let source = String(match.output.1)
        if Self.isLocal(source), !found.contains(source) { found.append(source) }
      }
    }
    return found
  }

  nonisolated(unsafe) private static let image = /<img src="([^"]*)"/

  private static func isLocal(_ source: String) -> Bool {
    !source.isEmpty && !source.contains(":") && !source.hasPrefix("/")
      && !source.split(separator: "/").contains("..")
  }

  private var folder: URL { URL(fileURLWithPath: notebook.path).deletingLastPathComponent() }

  /// The file `source` names (as cmark-gfm percent-encoded it).
  private func file(_ source: String) -> URL {
    folder.appendingPathComponent(source.removingPercentEncoding ?? source)
  }

  /// Copies each image into `report`; returns a warning for each that is missing.
  func copy(into report: URL) throws -> [String] {
    var warnings: [String] = []
    for source in sources {
      let from = file(source)
      guard FileManager.default.fileExists(atPath: from.path) else {
        warnings.append(
          "\(notebook.path):\(firstLine(containing: [source.removingPercentEncoding ?? source, source], in: notebook.path)): warning: image \(source) not found (\(from.path))"
        )
        continue
      }
      let to = report.appendingPathComponent(source.removingPercentEncoding ?? source)
      try FileManager.default.createDirectory(
        at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
      try? FileManager.default.removeItem(at: to)
      try FileManager.default.copyItem(at: from, to: to)
    }
    return warnings
  }

  /// `html` with each local image's `src` replaced by its bytes, for one-file reports.
  func embedded(_ html: String) -> String {
    var html = html
    for source in sources {
      guard let data = FileManager.default.contents(atPath: file(source).path) else { continue }
      let type =
        switch (source as NSString).pathExtension.lowercased() {
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "gif": "image/gif"
        case "webp": "image/webp"
        default: "image/jpeg"
        }
      html = html.replacingOccurrences(
        of: "<img src=\"\(source)\"", with: "<img src=\"data:\(type);base64,\(data.base64EncodedString())\"")
    }
    return html
  }
}
