import Foundation

/// `@fig-name` and `@tbl-name` in the prose, as in Quarto: each becomes a
/// link to that figure or table, named by its number ("Figure 3"). Only
/// text is rewritten, never a tag, a code span or a code block.
enum CrossReferences {
  /// The prose's HTML with its references linked; `unknown` receives each
  /// label that names no figure.
  static func link(_ html: String, figures: FigureNumbers, unknown: (String) -> Void) -> String {
    guard html.contains("@fig-") || html.contains("@tbl-") else { return html }
    var result = ""
    var codeDepth = 0
    var rest = Substring(html)
    while !rest.isEmpty {
      if rest.first == "<", let close = rest.firstIndex(of: ">") {
        let tag = rest[...close]
        if tag.hasPrefix("<code") || tag.hasPrefix("<pre") { codeDepth += 1 }
        if tag.hasPrefix("</code") || tag.hasPrefix("</pre") { codeDepth = max(0, codeDepth - 1) }
        result += tag
        rest = rest[rest.index(after: close)...]
        continue
      }
      let end = rest.firstIndex(of: "<") ?? rest.endIndex
      let text = rest[..<end]
      result += codeDepth > 0 ? String(text) : linked(text, figures: figures, unknown: unknown)
      rest = rest[end...]
    }
    return result
  }

  /// `@fig-name` not inside a word or an address (`me@fig-x.org`): the
  /// character before it is kept as group 1.
  nonisolated(unsafe) private static let reference = /(^|[^\w@.])@((?:fig|tbl)-[A-Za-z0-9_-]*[A-Za-z0-9])/

  private static func linked(_ text: Substring, figures: FigureNumbers, unknown: (String) -> Void) -> String {
    String(text).replacing(reference) { match in
      let label = String(match.output.2)
      guard let entry = figures.entry(label), let name = entry.name else {
        unknown(label)
        return String(match.output.0)
      }
      return String(match.output.1)
        + Templates.render(Link(anchor: entry.id, name: name), template: "xref")
        .trimmingCharacters(in: .newlines)
    }
  }

  private struct Link {
    var anchor: String
    var name: String
  }
}
