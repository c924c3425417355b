import SwiftParser
import SwiftSyntax

/// The stored variables a cell declares at its top level: the state it
/// hands to the cells after it, which the program saves after each cell.
struct TopLevelVariables: Equatable {
  struct Variable: Equatable {
    var name: String
    /// The `.md` line of its declaration.
    var line: Int
  }

  var variables: [Variable] = []
  /// Why the state after this cell cannot be saved whatever the values
  /// are (a variable declared without a value, a top-level `guard`), with
  /// the `.md` line; nil when nothing in the code stands in the way.
  var obstacle: String?

  /// The stored variables of `source`, a cell whose first line is the
  /// notebook's line `firstLine`. A cell that does not parse declares
  /// nothing nbrun can name: the compiler reports it.
  static func of(_ source: String, firstLine: Int) -> TopLevelVariables {
    let tree = Parser.parse(source: source)
    var result = TopLevelVariables()
    guard !tree.hasError else {
      result.obstacle = "the cell does not parse"
      return result
    }
    let converter = SourceLocationConverter(fileName: "cell", tree: tree)
    func line(_ node: some SyntaxProtocol) -> Int {
      firstLine + converter.location(for: node.positionAfterSkippingLeadingTrivia).line - 1
    }
    for statement in tree.statements {
      if let guarded = statement.item.as(GuardStmtSyntax.self) {
        result.obstacle =
          result.obstacle ?? "line \(line(guarded)): a top-level `guard` declares names nbrun cannot restore"
      }
      guard let declaration = statement.item.as(VariableDeclSyntax.self) else { continue }
      for binding in declaration.bindings where binding.isStored {
        let names = binding.pattern.declaredNames
        if binding.initializer == nil, !binding.isOptionalTyped, let name = names.first {
          result.obstacle =
            result.obstacle
            ?? "line \(line(binding)): `\(name)` is declared without a value, so no state before it is assigned can be saved"
          continue
        }
        result.variables += names.map { Variable(name: $0, line: line(binding)) }
      }
    }
    return result
  }
}

extension PatternBindingSyntax {
  /// Not a computed variable (`var x: Int { ... }`); observers still store.
  var isStored: Bool {
    switch accessorBlock?.accessors {
    case .getter?: false
    case .accessors(let list)?: !list.contains { ["get", "set"].contains($0.accessorSpecifier.text) }
    case nil: true
    }
  }

  /// `var x: Int?` starts as nil without an initializer.
  var isOptionalTyped: Bool {
    guard let type = typeAnnotation?.type else { return false }
    return type.is(OptionalTypeSyntax.self) || type.is(ImplicitlyUnwrappedOptionalTypeSyntax.self)
  }
}

extension PatternSyntax {
  /// The names a pattern binds, in order: `x`, or `a`, `b` of `(a, (b, _))`.
  var declaredNames: [String] {
    if let identifier = self.as(IdentifierPatternSyntax.self) { return [identifier.identifier.text] }
    if let tuple = self.as(TuplePatternSyntax.self) { return tuple.elements.flatMap(\.pattern.declaredNames) }
    return []
  }
}
