/// A message that names its place the way compilers print it,
/// `file:line[:column]: error|warning: text`, taken apart so CI outputs
/// (JUnit, annotations) can point at the line.
public struct LocatedMessage: Codable, Sendable, Equatable {
  public enum Severity: String, Codable, Sendable {
    case error
    case warning
  }

  public var file: String
  public var line: Int?
  public var severity: Severity
  public var text: String

  public init(file: String, line: Int?, severity: Severity, text: String) {
    self.file = file
    self.line = line
    self.severity = severity
    self.text = text
  }

  /// Reads one diagnostic line; nil when it is not one.
  public init?(parsing diagnostic: Substring) {
    for severity in [Severity.error, .warning] {
      let marker = ": \(severity.rawValue): "
      guard let range = diagnostic.range(of: marker) else { continue }
      let place = diagnostic[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
      // "file", "file:line" or "file:line:column"; a file name may hold ':'.
      let numbers = place.reversed().prefix { Int($0) != nil }.count
      let fileParts = place.dropLast(min(numbers, 2))
      guard !fileParts.isEmpty, !fileParts.joined(separator: ":").isEmpty else { return nil }
      file = fileParts.joined(separator: ":")
      line = numbers > 0 ? Int(place[place.count - min(numbers, 2)]) : nil
      self.severity = severity
      text = String(diagnostic[range.upperBound...])
      return
    }
    return nil
  }

  /// The first error among compiler output, else nil.
  public static func firstError(in diagnostics: String) -> LocatedMessage? {
    diagnostics.split(separator: "\n").lazy.compactMap(LocatedMessage.init(parsing:)).first {
      $0.severity == .error
    }
  }

  /// `file:line: severity: text`, as it was read.
  public var description: String {
    "\(file)\(line.map { ":\($0)" } ?? ""): \(severity.rawValue): \(text)"
  }
}
