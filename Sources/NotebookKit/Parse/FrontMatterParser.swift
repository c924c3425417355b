import Yams

/// Reads the YAML front matter (`title`, `source`, `parameters`, `profiles`).
enum FrontMatterParser {
  static let keys = ["title", "source", "parameters", "profiles"]

  /// Splits `lines` into front matter and body. The front matter's lines are
  /// blanked in the body, so Markdown line numbers stay those of the file.
  static func split(_ lines: [Substring], file: String) throws -> (
    yaml: String, firstLine: Int, body: String
  )? {
    guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else { return nil }
    guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
    else {
      throw RunnerError.notebook(
        SourceLocation(file: file, line: 1), "front matter opened here is never closed with '---'")
    }
    let yaml = lines[1..<end].joined(separator: "\n")
    let body = Array(repeating: "", count: end + 1) + lines[(end + 1)...].map(String.init)
    return (yaml, 2, body.joined(separator: "\n"))
  }

  static func parse(_ yaml: String, firstLine: Int, file: String) throws -> FrontMatter {
    // `line` counts YAML lines from 1, as Yams's marks do; 0 means the
    // front matter as a whole, reported at its opening '---'.
    func error(_ line: Int, _ message: String) -> RunnerError {
      .notebook(SourceLocation(file: file, line: firstLine - 1 + line), message)
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let yamlError as YamlError {
      // At the file's own line, with Yams's problem but not its rendering
      // of the YAML text (whose line numbers are the YAML's).
      switch yamlError {
      case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
        .composer(let context, let problem, let mark, _):
        let during = context.map { " (\($0.text))" } ?? ""
        throw error(mark.line, "front matter is not valid YAML: \(problem)\(during)")
      default:
        throw error(0, "front matter is not valid YAML: \(yamlError)")
      }
    }
    var frontMatter = FrontMatter()
    guard let root else { return frontMatter }
    guard let mapping = root.mapping else {
      throw error(0, "front matter must be a mapping of keys to values")
    }
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      let line = keyNode.mark?.line ?? 0
      switch key {
      case "title": frontMatter.title = value.string
      case "source": frontMatter.source = value.string
      case "parameters": frontMatter.parameters = try values(value, line: line, error: error)
      case "profiles":
        guard let profiles = value.mapping else {
          throw error(line, "'profiles' must map profile names to parameters")
        }
        for (name, overrides) in profiles {
          let values = try values(overrides, line: name.mark?.line ?? line, error: error)
          frontMatter.profiles[name.string ?? ""] = Dictionary(values, uniquingKeysWith: { $1 })
        }
      default:
        throw error(line, "unknown front matter key '\(key)' (known: \(keys.joined(separator: ", ")))")
      }
    }
    return frontMatter
  }

  private static func values(
    _ node: Node, line: Int, error: (Int, String) -> RunnerError
  ) throws -> [(name: String, value: ParameterValue)] {
    guard let mapping = node.mapping else { throw error(line, "expected a mapping of names to values") }
    return try mapping.map { name, value in
      let key = name.string ?? ""
      guard key.first.map({ $0.isLetter || $0 == "_" }) == true,
        key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      else { throw error(name.mark?.line ?? line, "parameter name '\(key)' is not a Swift identifier") }
      guard let scalar = value.scalar else {
        throw error(
          name.mark?.line ?? line, "parameter '\(key)' needs a single value (number, true/false or text)")
      }
      return (key, parameterValue(scalar))
    }
  }

  private static func parameterValue(_ scalar: Node.Scalar) -> ParameterValue {
    if scalar.style == .plain {
      if let v = Bool.construct(from: scalar) { return .bool(v) }
      if let v = Int.construct(from: scalar) { return .int(v) }
      if let v = Double.construct(from: scalar) { return .float(v) }
    }
    return .string(scalar.string)
  }
}
