import Foundation

/// What `nbrun --watch` adds to the pages it serves, and only there: the
/// reports on disk carry no script. The status bar and its script are files
/// of `Resources/LivePreview/`, served under `/_nbrun/`.
enum LivePreviewPage {
  struct Asset {
    var data: Data
    var contentType: String
  }

  private static let assets: [String: (file: String, contentType: String)] = [
    "/_nbrun/live.js": ("live.js", "text/javascript; charset=utf-8"),
    "/_nbrun/live.css": ("live.css", "text/css; charset=utf-8"),
  ]

  static func asset(named path: String) -> Asset? {
    guard let (file, contentType) = assets[path] else { return nil }
    guard let url = Bundle.module.url(forResource: "LivePreview", withExtension: nil),
      let data = FileManager.default.contents(atPath: url.appendingPathComponent(file).path)
    else {
      fatalError("NotebookKit's resource LivePreview/\(file) is missing from \(Bundle.module.bundlePath)")
    }
    return Asset(data: data, contentType: contentType)
  }

  /// The tags that load the bar, given the number of runs that had ended when
  /// the page was read: the script loads the page again if more have ended
  /// by the time it connects.
  static func tags(finishedRuns: Int) -> String {
    "<link rel=\"stylesheet\" href=\"/_nbrun/live.css\">"
      + "<script src=\"/_nbrun/live.js\" data-finished-runs=\"\(finishedRuns)\" defer></script>"
  }

  /// `html` with the tags at the end of its head (or at its start, for a
  /// page without one).
  static func inject(into html: String, finishedRuns: Int) -> String {
    let tags = tags(finishedRuns: finishedRuns)
    guard let head = html.range(of: "</head>", options: .caseInsensitive) else { return tags + html }
    return html.replacingCharacters(in: head.lowerBound..<head.lowerBound, with: tags)
  }

  /// The page of a report not yet made: the first run is going on.
  static func placeholder(notebook: String, finishedRuns: Int) -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>\(escapeHTML(notebook))</title>\
    \(tags(finishedRuns: finishedRuns))</head>
    <body><main><p>No report of \(escapeHTML(notebook)) yet: the first run is going on.</p></main></body></html>
    """
  }
}
