/// Escapes text for HTML element content and attribute values. Everything a
/// notebook printed or labelled passes through here before it reaches a report.
public func escapeHTML(_ text: some StringProtocol) -> String {
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
