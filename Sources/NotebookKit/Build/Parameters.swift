import Foundation

/// A notebook's parameter values for one run: declared defaults, then the
/// profile's, then `-p name=value` overrides, each checked against the
/// declared kind.
public struct Parameters: Sendable, Equatable {
  public var values: [(name: String, value: ParameterValue)]
  public var profile: String?

  public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
    lhs.profile == rhs.profile && lhs.values.map(\.name) == rhs.values.map(\.name)
      && lhs.values.map(\.value) == rhs.values.map(\.value)
  }

  /// The values for `notebook`. An override aimed at another notebook is
  /// skipped; one for every notebook that this one does not declare is an
  /// error, or with `unknownIsWarning` (several notebooks given) a warning
  /// added to `warnings`.
  public static func resolve(
    _ notebook: Notebook, profile: String?, overrides: [ParameterOverride], unknownIsWarning: Bool = false,
    warnings: inout [String]
  ) throws -> Parameters {
    let declared = notebook.frontMatter.parameters
    var values = declared
    let at = SourceLocation(file: notebook.path, line: 1)
    func set(_ name: String, _ value: ParameterValue?, raw: String, from origin: String) throws {
      guard let index = values.firstIndex(where: { $0.name == name }) else {
        let known =
          declared.isEmpty ? "it declares none" : "declared: " + declared.map(\.name).joined(separator: ", ")
        throw RunnerError.notebook(at, "unknown parameter '\(name)' from \(origin) (\(known))")
      }
      guard let value, value.typeName == values[index].value.typeName else {
        throw RunnerError.notebook(
          at,
          "parameter '\(name)' is \(values[index].value.typeName); '\(TextStream.visible(raw))' from \(origin) is not"
        )
      }
      values[index].value = value
    }
    if let profile {
      guard let overrides = notebook.frontMatter.profiles[profile] else {
        let known = notebook.frontMatter.profiles.keys.sorted().joined(separator: ", ")
        throw RunnerError.notebook(
          at, "no profile '\(profile)' in the front matter (profiles: \(known.isEmpty ? "none" : known))")
      }
      for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
        let declaredValue = values.first { $0.name == name }?.value
        // YAML reads 1 as an Int; a Float parameter takes it as 1.0.
        let converted = declaredValue.flatMap { $0.parsingLike(value.description) } ?? value
        try set(name, converted, raw: value.description, from: "profile '\(profile)'")
      }
    }
    for override in overrides where override.applies(to: notebook) {
      let (name, raw) = (override.name, override.value)
      if unknownIsWarning, override.notebook == nil, !values.contains(where: { $0.name == name }) {
        warnings.append("\(at): warning: -p \(name) ignored: this notebook declares no parameter '\(name)'")
        continue
      }
      let declaredValue = values.first { $0.name == name }?.value
      try set(name, declaredValue?.parsingLike(raw) ?? .string(raw), raw: raw, from: "-p")
    }
    return Parameters(values: values, profile: profile)
  }

  /// `resolve` for a run where an undeclared `-p` is an error.
  public static func resolve(
    _ notebook: Notebook, profile: String?, overrides: [ParameterOverride]
  ) throws -> Parameters {
    var warnings: [String] = []
    return try resolve(notebook, profile: profile, overrides: overrides, warnings: &warnings)
  }

  /// The values as nbrun passes them to the program (`NotebookParameters`).
  public var json: String {
    let object = Dictionary(values.map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 })
    let data = (try? JSONEncoder().encode(object)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
