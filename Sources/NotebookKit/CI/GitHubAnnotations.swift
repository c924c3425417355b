import Foundation

/// GitHub Actions workflow commands (`::error file=…,line=…::message`), so
/// failures and warnings show on the pull request at their lines. Printed
/// when `GITHUB_ACTIONS` is `true`, as GitHub sets it.
public enum GitHubAnnotations {
  public static var enabled: Bool { ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" }

  /// Every annotation of the run: one error per notebook that failed, one
  /// warning per difference, claim or runner warning.
  public static func lines(_ summary: RunSummary) -> [String] {
    summary.notebooks.flatMap { notebook in
      let failure =
        notebook.status == .passed
        ? []
        : [
          notebook.failure
            ?? LocatedMessage(
              file: notebook.notebook, line: nil, severity: .error, text: notebook.status.rawValue)
        ]
      return (failure + notebook.ciWarnings).map(command)
    }
  }

  /// One workflow command for `message`.
  static func command(_ message: LocatedMessage) -> String {
    var properties = ["file=\(escapeProperty(message.file))"]
    if let line = message.line { properties.append("line=\(line)") }
    properties.append("title=\(escapeProperty("nbrun"))")
    return "::\(message.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(message.text))"
  }

  /// The escapes GitHub's runner undoes in a command's message.
  static func escapeData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  /// And in a property's value, where `:` and `,` separate.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }
}
