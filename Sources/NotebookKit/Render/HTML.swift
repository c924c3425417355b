import NotebookProtocol

/// A fragment id made from a heading: lowercase words joined by dashes.
func slug(_ text: String) -> String {
  let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }
  return words.isEmpty ? "section" : words.joined(separator: "-")
}

/// Unique fragment ids for a document's headings, in order: a repeated
/// heading gets `-2`, `-3`, ..., and none collides with an id the page
/// itself uses (`reserved`).
func headingIDs(_ texts: [String], reserved: Set<String>) -> [String] {
  var used = reserved
  return texts.map { uniqueName(slug($0), among: &used) }
}
