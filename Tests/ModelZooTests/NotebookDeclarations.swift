import Foundation
import NotebookKit
import SwiftParser
import SwiftSyntax

/// The top-level declarations of a notebook's cells (functions, constants,
/// variables), and the program text that rebuilds the values of some
/// expressions from only the declarations they need: the models a
/// notebook builds, without its data, training or figures.
struct NotebookDeclarations {
  struct Declaration {
    var names: [String]
    var text: String
    /// The identifiers it uses, for finding what it depends on.
    var identifiers: Set<String>
  }

  var declarations: [Declaration]

  init(notebook path: String) throws {
    declarations = try NotebookParser.parse(file: path).cells.flatMap { cell in
      Parser.parse(source: cell.source).statements.compactMap { statement in
        Self.declaration(statement.item)
      }
    }
  }

  private static func declaration(_ item: CodeBlockItemSyntax.Item) -> Declaration? {
    let names: [String]
    if let function = item.as(FunctionDeclSyntax.self) {
      names = [function.name.text]
    } else if let variable = item.as(VariableDeclSyntax.self) {
      names = variable.bindings.compactMap { $0.pattern.as(IdentifierPatternSyntax.self)?.identifier.text }
    } else {
      return nil
    }
    return Declaration(
      names: names, text: item.trimmedDescription, identifiers: identifiers(in: Syntax(item)))
  }

  /// The names `syntax` refers to: variables, functions and types, not
  /// argument labels or members (`kernel:`, `.relu`), which would pull in
  /// unrelated declarations of the same name.
  private static func identifiers(in syntax: Syntax) -> Set<String> {
    let references = References(viewMode: .sourceAccurate)
    references.walk(syntax)
    return references.names
  }

  private final class References: SyntaxVisitor {
    var names = Set<String>()

    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
      if node.parent?.as(MemberAccessExprSyntax.self)?.declName != node { names.insert(node.baseName.text) }
      return .visitChildren
    }

    override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind {
      names.insert(node.name.text)
      return .visitChildren
    }
  }

  /// The declarations `expressions` need, directly or through each other,
  /// in the notebook's order.
  func needed(by expressions: [String]) -> [Declaration] {
    var wanted = expressions.reduce(into: Set<String>()) {
      $0.formUnion(Self.identifiers(in: Syntax(Parser.parse(source: $1))))
    }
    var included = Set<Int>()
    var grew = true
    while grew {
      grew = false
      for (index, declaration) in declarations.enumerated()
      where !included.contains(index) && !wanted.isDisjoint(with: declaration.names) {
        included.insert(index)
        wanted.formUnion(declaration.identifiers)
        grew = true
      }
    }
    return declarations.indices.filter(included.contains).map { declarations[$0] }
  }
}
