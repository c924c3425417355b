import NotebookProtocol

/// A fragment id made from a heading: lowercase words joined by dashes.
func slug(_ text: String) -> String {
  let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }
  return words.isEmpty ? "section" : words.joined(separator: "-")
}
