import Mustache

/// How every `{{value}}` of the report templates is written: control
/// characters made visible (as cells' output already is), then the five
/// characters HTML gives a meaning escaped, so text is safe in element
/// content and in quoted attribute values alike. The templates select it
/// with `{{% CONTENT_TYPE: REPORT_HTML}}`.
struct ReportText: MustacheContentType {
  static let name = "REPORT_HTML"

  func escapeText(_ text: String) -> String { escapeHTML(TextStream.visible(text)) }
}

/// Escapes text for HTML element content and attribute values. The
/// templates call it through `ReportText`; only code that makes markup of
/// its own (the highlighter) calls it directly.
func escapeHTML(_ text: some StringProtocol) -> String {
  var escaped = ""
  escaped.reserveCapacity(text.utf8.count)
  for character in text {
    switch character {
    case "&": escaped += "&amp;"
    case "<": escaped += "&lt;"
    case ">": escaped += "&gt;"
    case "\"": escaped += "&quot;"
    case "'": escaped += "&#39;"
    default: escaped.append(character)
    }
  }
  return escaped
}
