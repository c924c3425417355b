import NotebookProtocol

/// A fenced ```` ```swift ```` block: code that runs, in order, sharing state
/// with the cells before it.
public struct Cell: Sendable, Equatable {
  /// Position among the notebook's cells, from 0.
  public var index: Int
  /// The code without its `//|` option lines.
  public var source: String
  /// Where the first line of `source` is in the notebook.
  public var location: SourceLocation
  /// The opening fence's line, for messages about the cell as a whole.
  public var fenceLine: Int
  public var options: CellOptions

  /// A short name for progress lines and the report: the label, or "cell N".
  public var displayName: String { options.label ?? "cell \(index + 1)" }

  /// Where a failure at `position` is, or the opening fence when the
  /// failing statement is not known.
  public func failureLocation(_ position: SourcePosition?) -> SourceLocation {
    guard let position else { return SourceLocation(file: location.file, line: fenceLine) }
    return SourceLocation(file: location.file, line: position.line, column: position.column)
  }

  /// The cell's lines from `context` before `line` (a line of the notebook
  /// file) to `context` after it, numbered as in the file: what a report
  /// shows of a failure.
  public func lines(around line: Int, context: Int = 2) -> [(number: Int, text: String)] {
    let all = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let offset = line - location.line
    guard all.indices.contains(offset) else { return [] }
    let range = max(0, offset - context)...min(all.count - 1, offset + context)
    return range.map { (location.line + $0, all[$0]) }
  }
}

/// Settings from leading `//| key: value` lines, in Quarto's spirit.
public struct CellOptions: Sendable, Equatable, Codable {
  /// Show the code in the report (`echo: false` hides it; outputs stay).
  public var echo = true
  /// A name for the cell in progress lines and the report.
  public var label: String?
  /// A caption under the cell's figures.
  public var caption: String?
  /// Seconds the cell may run before the notebook is stopped.
  public var timeout: Double?
  /// The cell must throw (e.g. to show a shape error); the notebook goes on.
  public var expectError = false

  public init() {}

  /// The option names, as written in notebooks.
  static let keys = ["echo", "label", "caption", "timeout", "expect-error"]
}
