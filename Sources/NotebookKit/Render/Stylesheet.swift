import Foundation

/// The reports' style sheet, `Resources/report.css`, read once from the
/// package's resource bundle.
enum Stylesheet {
  static let css: String = {
    guard let url = Bundle.module.url(forResource: "report", withExtension: "css"),
      let css = try? String(contentsOf: url, encoding: .utf8)
    else { fatalError("NotebookKit's resource report.css is missing from \(Bundle.module.bundlePath)") }
    return css
  }()
}
