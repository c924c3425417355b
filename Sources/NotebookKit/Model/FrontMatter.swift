/// The YAML block at the top of a notebook, between `---` lines.
public struct FrontMatter: Sendable, Equatable {
  public var title: String?
  /// The post the notebook reproduces, cited in the report.
  public var source: String?
  /// Declared parameters with their default values, in declaration order.
  public var parameters: [(name: String, value: ParameterValue)] = []
  /// Named sets of parameter overrides, e.g. `quick` for CI.
  public var profiles: [String: [String: ParameterValue]] = [:]

  public init() {}

  public static func == (lhs: FrontMatter, rhs: FrontMatter) -> Bool {
    lhs.title == rhs.title && lhs.source == rhs.source && lhs.profiles == rhs.profiles
      && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
      && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
  }
}

/// A parameter's value; its kind comes from the declared default and fixes
/// the Swift type cells see.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
  case int(Int)
  /// A number with a decimal point; cells see a `Float`, as the NN core uses.
  case float(Double)
  case bool(Bool)
  case string(String)

  public var description: String {
    switch self {
    case .int(let v): String(v)
    case .float(let v): String(v)
    case .bool(let v): String(v)
    case .string(let v): v
    }
  }

  var typeName: String {
    switch self {
    case .int: "Int"
    case .float: "Float"
    case .bool: "Bool"
    case .string: "String"
    }
  }

  /// A Swift literal of this value.
  var swiftLiteral: String {
    switch self {
    case .int(let v): String(v)
    case .float(let v): "\(v)"
    case .bool(let v): String(v)
    case .string(let v):
      "\""
        + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
  }

  /// Parses `text` as a value of the same kind as `self`.
  func parsingLike(_ text: String) -> ParameterValue? {
    switch self {
    case .int: Int(text).map(ParameterValue.int)
    // Finite only: a NaN or infinite setting is a typo, not an experiment.
    case .float: Double(text).flatMap { $0.isFinite && Float($0).isFinite ? ParameterValue.float($0) : nil }
    case .bool: Bool(text).map(ParameterValue.bool)
    case .string: .string(text)
    }
  }
}
