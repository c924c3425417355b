import Foundation
import NotebookProtocol

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads the HTML tables that notebook programs sent before tables
/// travelled as data (`RichOutput.Kind.html`, still in committed
/// `run.json` files), back into rows of text, so that re-rendering an old
/// run escapes them like any other text instead of inlining its markup.
enum LegacyTable {
  /// The table's cells, or nil when `html` is not a table of the shape the
  /// old runtime wrote (`<table><thead><tr><th>…</tr></thead><tbody>…`).
  static func parse(_ html: String) -> TableData? {
    let reader = Reader()
    let parser = XMLParser(data: Data(html.utf8))
    parser.delegate = reader
    guard parser.parse(), reader.isTable, !reader.failed else { return nil }
    guard let header = reader.rows.first, reader.headerRows == 1 else { return nil }
    return TableData(header: header, rows: Array(reader.rows.dropFirst()))
  }

  private final class Reader: NSObject, XMLParserDelegate {
    var rows: [[String]] = []
    var headerRows = 0
    var isTable = false
    var failed = false
    private var cell: String?

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      switch name {
      case "table": isTable = true
      case "thead", "tbody": break
      case "tr": rows.append([])
      case "th", "td":
        if name == "th" && rows.count > headerRows { headerRows = rows.count }
        cell = ""
      default: failed = true  // markup the old runtime never wrote
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if cell != nil { cell! += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
      guard name == "th" || name == "td", let text = cell, !rows.isEmpty else { return }
      rows[rows.count - 1].append(text)
      cell = nil
    }
  }
}
