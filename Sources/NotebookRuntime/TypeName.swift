/// A type's name as a notebook author writes it: `[(ours: Float, flat: Float)]`,
/// `Int?`, `[String: Float]`, rather than `Array<...>`, `Optional<...>`.
enum TypeName {
  static func of(_ value: Any) -> String { of(type: type(of: value)) }

  static func of(type: Any.Type) -> String { sugared(String(describing: type)) }

  /// Rewrites `Array<X>`, `Optional<X>` and `Dictionary<K, V>` in `name`, innermost first.
  static func sugared(_ name: String) -> String {
    var text = name
    for (generic, sugar) in [
      ("Array<", sugarArray), ("Optional<", sugarOptional), ("Dictionary<", sugarDictionary),
    ] {
      while let range = text.range(of: generic), let close = closingBracket(in: text, from: range.upperBound)
      {
        let inner = sugared(String(text[range.upperBound..<close]))
        text.replaceSubrange(range.lowerBound...close, with: sugar(inner))
      }
    }
    return text
  }

  private static func sugarArray(_ element: String) -> String { "[\(element)]" }
  private static func sugarOptional(_ wrapped: String) -> String {
    wrapped.contains(" ") || wrapped.contains("->") ? "(\(wrapped))?" : "\(wrapped)?"
  }
  private static func sugarDictionary(_ pair: String) -> String {
    guard let comma = topLevelComma(in: pair) else { return "Dictionary<\(pair)>" }
    return "[\(pair[..<comma]): \(pair[pair.index(comma, offsetBy: 2)...])]"
  }

  /// The `>` that closes the `<` just before `start`.
  private static func closingBracket(in text: String, from start: String.Index) -> String.Index? {
    var depth = 1
    var index = start
    while index < text.endIndex {
      switch text[index] {
      case "<": depth += 1
      case ">" where text[text.index(before: index)] != "-":
        depth -= 1
        if depth == 0 { return index }
      default: break
      }
      index = text.index(after: index)
    }
    return nil
  }

  private static func topLevelComma(in text: String) -> String.Index? {
    var depth = 0
    for index in text.indices {
      switch text[index] {
      case "<", "(", "[": depth += 1
      case ">", ")", "]": depth -= 1
      case "," where depth == 0: return index
      default: break
      }
    }
    return nil
  }
}
