import Foundation

/// Where a report's reported-vs-reproduced table goes, so that the page has
/// one heading of that name and the contents link to the table: under the
/// notebook's own "Reported vs reproduced" heading, at the end of its
/// section (after the prose that explains the tolerances and the cell that
/// compared), or, when the notebook has no such heading, in the header
/// under a heading of its own.
struct ComparisonSection {
  static let title = "Reported vs reproduced"
  /// The id of the header's own heading.
  static let headerAnchor = "figures-compared"

  /// The notebook's heading of that name (its index among the blocks), if any.
  let headingIndex: Int?
  /// The table goes before this block (the next heading of the same or a
  /// higher level; `blocks.count`: at the end). Nil: in the header.
  let tableIndex: Int?

  init(blocks: [Block]) {
    let heading = blocks.firstIndex {
      if case .heading(_, let text, _) = $0 { Self.isTitle(text) } else { false }
    }
    headingIndex = heading
    tableIndex = heading.map { heading in
      guard case .heading(let level, _, _) = blocks[heading] else { return heading + 1 }
      return blocks[(heading + 1)...].firstIndex {
        if case .heading(let next, _, _) = $0 { next <= level } else { false }
      } ?? blocks.count
    }
  }

  static func isTitle(_ text: String) -> Bool {
    text.trimmingCharacters(in: .whitespaces).lowercased() == title.lowercased()
  }
}
