/// Escapes text for HTML element content and attribute values. Everything a
/// notebook printed passes through here before it reaches a report.
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

/// A fragment id made from a heading: lowercase words joined by dashes.
func slug(_ text: String) -> String {
  let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }
  return words.isEmpty ? "section" : words.joined(separator: "-")
}
