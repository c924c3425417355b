import Foundation

/// One `-p` of the command line: `name=value` for every notebook given that
/// declares `name`, or `notebook.md:name=value` for one notebook only (named
/// by its path, its file name or its stem).
public struct ParameterOverride: Sendable, Equatable {
  public var notebook: String?
  public var name: String
  public var value: String

  public init(notebook: String? = nil, name: String, value: String) {
    self.notebook = notebook
    self.name = name
    self.value = value
  }

  /// Parses `[notebook:]name=value`; nil when it has no `=` or no name.
  public init?(parsing argument: String) {
    guard let equals = argument.firstIndex(of: "=") else { return nil }
    let target = argument[..<equals]
    value = String(argument[argument.index(after: equals)...])
    if let colon = target.lastIndex(of: ":") {
      notebook = String(target[..<colon])
      name = String(target[target.index(after: colon)...])
      if notebook?.isEmpty == true { return nil }
    } else {
      notebook = nil
      name = String(target)
    }
    guard !name.isEmpty else { return nil }
  }

  /// Whether this override is for the notebook at `path`.
  func applies(to notebook: Notebook) -> Bool {
    guard let target = self.notebook else { return true }
    return Self.target(target, names: notebook.path)
  }

  /// Whether `target` names the notebook at `path`: its path, its file
  /// name or its stem.
  static func target(_ target: String, names path: String) -> Bool {
    let fileName = path.split(separator: "/").last.map(String.init) ?? path
    return target == path || target == fileName || target == (fileName as NSString).deletingPathExtension
  }
}
