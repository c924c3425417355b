import Foundation
import Mustache

/// The report's Mustache templates (`Resources/Templates/*.mustache`, read
/// once from the package's resource bundle). Every value a template shows
/// with `{{name}}` is escaped by `ReportText`; `{{{name}}}` is used only for
/// markup nbrun made itself or the author wrote: cmark-gfm's HTML of the
/// prose, KaTeX's MathML, the highlighter's spans and the style sheet.
enum Templates {
  static let library: MustacheLibrary = {
    MustacheContentTypes.register(ReportText(), named: ReportText.name)
    guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil),
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { fatalError("NotebookKit's resource folder Templates is missing from \(Bundle.module.bundlePath)") }
    var library = MustacheLibrary()
    for name in names.sorted() where name.hasSuffix(".mustache") {
      let url = folder.appendingPathComponent(name)
      do {
        try library.register(String(contentsOf: url, encoding: .utf8), named: String(name.dropLast(9)))
      } catch {
        fatalError("template \(url.path) does not parse: \(error)")
      }
    }
    return library
  }()

  /// `view` through the template `name`; its properties are the template's names.
  static func render(_ view: Any, template name: String) -> String {
    guard let html = library.render(view, withTemplate: name) else {
      fatalError("no template \(name).mustache in NotebookKit's resources")
    }
    return html
  }
}
