import SwiftParser
import SwiftSyntax

/// A cell that a run reuses instead of running: what is left of it in the
/// program that starts after it. Its declarations of functions and types
/// stay (later cells call them); each stored variable is declared again,
/// its value restored from the saved state (`NotebookState.restore`);
/// every other statement is dropped, its lines left blank so the rest keeps
/// its line numbers.
///
/// `let x = f(y)` becomes `let x = S.restore("x", like: { f(y) })`: the
/// closure is never called, it only lets Swift infer the type, as the
/// original declaration did. `let w: T = ...` becomes
/// `let w: T = S.restore("w", as: (T).self)`; `let (a, _) = e` becomes
/// `let a = S.restore("a", like: { (e).0 })`.
enum ResumeRewriter {
  static func rewrite(_ source: String, state: String) -> String {
    let tree = Parser.parse(source: source)
    let bytes = Array(source.utf8)
    var utf8 = bytes
    // From the last statement to the first, so earlier offsets stay valid.
    for statement in tree.statements.reversed() {
      let range =
        statement.positionAfterSkippingLeadingTrivia
        .utf8Offset..<statement.endPositionBeforeTrailingTrivia.utf8Offset
      let original = bytes[range]
      let replacement: [UInt8]
      if let declaration = statement.item.as(VariableDeclSyntax.self) {
        replacement = Array(restoring(declaration, state: state).utf8)
      } else if statement.item.is(DeclSyntax.self) {
        continue
      } else {
        replacement = original.filter { $0 == UInt8(ascii: "\n") }
      }
      utf8.replaceSubrange(range, with: replacement)
    }
    return String(decoding: utf8, as: UTF8.self)
  }

  /// The declaration with each stored binding's value restored; computed
  /// variables stay as they are.
  private static func restoring(_ declaration: VariableDeclSyntax, state: String) -> String {
    let keyword = declaration.bindingSpecifier.text
    let prefix = declaration.attributes.trimmedDescription + " " + declaration.modifiers.trimmedDescription
    var bindings: [String] = []
    for binding in declaration.bindings {
      guard binding.isStored else {
        bindings.append(binding.trimmedDescription)
        continue
      }
      let value = binding.initializer?.value.trimmedDescription
      let type = binding.typeAnnotation?.type.trimmedDescription
      if let identifier = binding.pattern.as(IdentifierPatternSyntax.self) {
        let name = identifier.identifier.text
        if let type {
          bindings.append("\(name): \(type) = \(state).restore(\(literal(name)), as: (\(type)).self)")
        } else if let value {
          bindings.append("\(name) = \(state).restore(\(literal(name)), like: { \(value) })")
        }
      } else if let value {
        let typed = type.map { "((\(value)) as \($0))" } ?? "(\(value))"
        for (name, path) in binding.pattern.namedElements() {
          bindings.append("\(name) = \(state).restore(\(literal(name)), like: { \(typed)\(path) })")
        }
      }
    }
    let lines = declaration.trimmedDescription.filter { $0 == "\n" }.count
    let text = "\(prefix.trimmingSpaces) \(keyword) \(bindings.joined(separator: ", "))".trimmingSpaces
    let written = text.filter { $0 == "\n" }.count
    return text + String(repeating: "\n", count: max(0, lines - written))
  }

  /// A Swift string literal of a variable's name (backticks and all).
  private static func literal(_ name: String) -> String { ParameterValue.string(name).swiftLiteral }
}

extension PatternSyntax {
  /// Each name a tuple pattern binds, with its element path: `(a, (b, _))`
  /// gives `a` at `.0` and `b` at `.1.0`.
  func namedElements(path: String = "") -> [(name: String, path: String)] {
    if let identifier = self.as(IdentifierPatternSyntax.self) { return [(identifier.identifier.text, path)] }
    guard let tuple = self.as(TuplePatternSyntax.self) else { return [] }
    return tuple.elements.enumerated().flatMap { index, element in
      element.pattern.namedElements(path: path + ".\(index)")
    }
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var text = Substring(self)
    while text.first == " " { text = text.dropFirst() }
    return String(text)
  }
}
