import NotebookProtocol

/// Numbers a report's figures and tables in document order, as Quarto
/// does, and gives each an id: a cell labelled `fig-name` (or `tbl-name`)
/// names its first figure (table) `fig-name`, its further ones
/// `fig-name-2`, ...; others are `figure-N` / `table-N`. Prose refers to
/// them as `@fig-name`. Only a captioned figure or table is numbered: a
/// bare "Table 1." says nothing a reader could refer to.
struct FigureNumbers {
  struct Entry {
    var id: String
    /// "Figure 3", "Table 1"; nil for an output without a caption.
    var name: String?
  }

  /// By cell index, the entries of that cell's rich outputs, in order.
  private(set) var byCell: [Int: [Entry]] = [:]
  /// By id, for `@` references: the numbered ones.
  private(set) var byID: [String: Entry] = [:]
  /// Every output's id, numbered or not, so that headings take others.
  private(set) var ids: Set<String> = []

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
        let numbered = Self.caption(of: output, in: cell) != nil
        // Unnumbered outputs take no label: `@tbl-name` names the cell's first numbered table.
        let entry: Entry
        if !numbered {
          entry = Entry(id: isTable ? "table" : "figure", name: nil)
        } else if isTable {
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
        if unique.name != nil { byID[unique.id] = unique }
      }
      byCell[cell.index] = entries
    }
    ids = used
  }

  /// The caption an output is shown with: its own, else its cell's `caption` option.
  static func caption(of output: RichOutput, in cell: Cell) -> String? {
    (output.caption ?? cell.options.caption).flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The figure or table a label names.
  func entry(_ label: String) -> Entry? { byID[slug(label)] }

  private static func id(label: String?, prefix: String, ordinal: Int, fallback: String) -> String {
    guard let label, label.hasPrefix(prefix) else { return fallback }
    let name = slug(label)
    return ordinal == 1 ? name : "\(name)-\(ordinal)"
  }
}
