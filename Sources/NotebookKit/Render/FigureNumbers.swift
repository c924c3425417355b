import NotebookProtocol

/// Numbers a report's figures and tables in document order, as Quarto
/// does, and gives each an id: a cell labelled `fig-name` (or `tbl-name`)
/// names its first figure (table) `fig-name`, its further ones
/// `fig-name-2`, ...; others are `figure-N` / `table-N`. Prose refers to
/// them as `@fig-name`.
struct FigureNumbers {
  struct Entry {
    var id: String
    /// "Figure 3", "Table 1".
    var name: String
  }

  /// By cell index, the entries of that cell's rich outputs, in order.
  private(set) var byCell: [Int: [Entry]] = [:]
  /// By id, for `@` references.
  private(set) var byID: [String: Entry] = [:]

  init(notebook: Notebook, results: [CellResult]) {
    var figures = 0
    var tables = 0
    var used: Set<String> = []
    for cell in notebook.cells where results.indices.contains(cell.index) {
      var entries: [Entry] = []
      var figuresInCell = 0
      var tablesInCell = 0
      for case .rich(let output) in results[cell.index].events {
        let isTable = output.kind == .table || output.kind == .html
        let entry: Entry
        if isTable {
          tables += 1
          tablesInCell += 1
          entry = Entry(
            id: Self.id(
              label: cell.options.label, prefix: "tbl-", ordinal: tablesInCell, fallback: "table-\(tables)"),
            name: "Table \(tables)")
        } else {
          figures += 1
          figuresInCell += 1
          entry = Entry(
            id: Self.id(
              label: cell.options.label, prefix: "fig-", ordinal: figuresInCell, fallback: "figure-\(figures)"
            ),
            name: "Figure \(figures)")
        }
        let unique = Entry(id: uniqueName(entry.id, among: &used), name: entry.name)
        entries.append(unique)
        byID[unique.id] = unique
      }
      byCell[cell.index] = entries
    }
  }

  /// The figure or table a label names.
  func entry(_ label: String) -> Entry? { byID[slug(label)] }

  private static func id(label: String?, prefix: String, ordinal: Int, fallback: String) -> String {
    guard let label, label.hasPrefix(prefix) else { return fallback }
    let name = slug(label)
    return ordinal == 1 ? name : "\(name)-\(ordinal)"
  }
}
