/// A place in a notebook file, printed `file:line:column` so terminals and
/// editors can jump to it.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible, Codable {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
}
