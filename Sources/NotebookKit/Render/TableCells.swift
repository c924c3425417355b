import Foundation

/// A data table's cells as the page shows them: a column whose every
/// filled cell is a number ("0.000548", "12,832", "-57%", "1e-05") is
/// aligned right, header included, so that its digits line up.
struct TableCells {
  struct Cell {
    var text: String
    var numeric: Bool
  }

  struct Row {
    var cells: [Cell]
  }

  var header: [Cell]
  var rows: [Row]

  init(header: [String], rows: [[String]]) {
    let width = max(header.count, rows.map(\.count).max() ?? 0)
    let numeric = (0..<width).map { column in
      let filled = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
      return !filled.isEmpty && filled.allSatisfy(Self.isNumber)
    }
    self.header = header.enumerated().map { Cell(text: $1, numeric: numeric[$0]) }
    self.rows = rows.map { Row(cells: $0.enumerated().map { Cell(text: $1, numeric: numeric[$0]) }) }
  }

  nonisolated(unsafe) private static let number = /[-+−]?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][-+]?\d+)?%?/

  static func isNumber(_ text: String) -> Bool {
    let text = text.trimmingCharacters(in: .whitespaces)
    return text.contains(where: \.isNumber) && text.wholeMatch(of: number) != nil
  }
}
