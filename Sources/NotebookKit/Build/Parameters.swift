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

  public static func resolve(
    _ notebook: Notebook, profile: String?, overrides: [(name: String, value: String)]
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
          at, "parameter '\(name)' is \(values[index].value.typeName); '\(raw)' from \(origin) is not")
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
    for (name, raw) in overrides {
      let declaredValue = values.first { $0.name == name }?.value
      try set(name, declaredValue?.parsingLike(raw) ?? .string(raw), raw: raw, from: "-p")
    }
    return Parameters(values: values, profile: profile)
  }
}
