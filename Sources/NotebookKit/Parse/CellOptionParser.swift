import Foundation

/// Reads a cell's leading `//| key: value` lines.
enum CellOptionParser {
  /// The options, and how many leading lines they took.
  static func parse(_ lines: [Substring], firstLine: Int, file: String) throws -> (CellOptions, Int) {
    var options = CellOptions()
    var consumed = 0
    for line in lines {
      let trimmed = line.drop(while: \.isWhitespace)
      guard trimmed.hasPrefix("//|") else { break }
      let location = SourceLocation(file: file, line: firstLine + consumed)
      consumed += 1
      let body = trimmed.dropFirst(3)
      guard let colon = body.firstIndex(of: ":") else {
        throw RunnerError.notebook(location, "cell option '\(body.trimmed)' needs the form '//| key: value'")
      }
      let key = body[..<colon].trimmed
      let value = body[body.index(after: colon)...].trimmed
      func flag() throws -> Bool {
        guard let flag = Bool(value) else {
          throw RunnerError.notebook(location, "cell option '\(key)' takes true or false, not '\(value)'")
        }
        return flag
      }
      switch key {
      case "echo": options.echo = try flag()
      case "expect-error": options.expectError = try flag()
      case "label": options.label = value
      case "caption": options.caption = value
      case "timeout":
        guard let seconds = Double(value.hasSuffix("s") ? String(value.dropLast()) : value), seconds > 0
        else {
          throw RunnerError.notebook(
            location, "cell option 'timeout' takes seconds, e.g. '120', not '\(value)'")
        }
        options.timeout = seconds
      default:
        throw RunnerError.notebook(
          location, "unknown cell option '\(key)' (known: \(CellOptions.keys.joined(separator: ", ")))")
      }
    }
    return (options, consumed)
  }
}

extension StringProtocol {
  var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
