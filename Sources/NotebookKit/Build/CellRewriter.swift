import SwiftParser
import SwiftSyntax

/// Puts every top-level `try` and `throw` of a cell inside a call that
/// catches the error and sends it, with the `.md` line and column of that
/// statement, as a record.
///
/// Why not a `do`/`catch` around the whole cell: a cell's top-level
/// declarations are the next cells' variables, and a `do` block would make
/// them local. Wrapping each expression keeps every declaration where it
/// is: `let x = try f()` becomes `let x = S.attempt(line: 7, column: 9) { try f() }`,
/// and `throw E()` becomes `S.fail(line: 8, column: 1, E())`.
///
/// Left alone: `try?` and `try!`, anything inside a closure or a function
/// (its errors belong to its caller), anything inside the author's own
/// `do`/`catch`, and `try await` (the wrapper is synchronous). A cell that
/// does not parse is left as it is: the compiler reports it at its line.
/// No newline is added, so every line keeps its number.
enum CellRewriter {
  /// `source` with its top-level `try`s wrapped into `session.attempt`
  /// and its `throw`s turned into `session.fail`; `firstLine` is the `.md`
  /// line of the cell's first line.
  static func rewrite(_ source: String, firstLine: Int, session: String) -> String {
    let tree = Parser.parse(source: source)
    guard !tree.hasError else { return source }
    let finder = TopLevelThrowFinder(viewMode: .sourceAccurate)
    finder.walk(tree)
    guard !finder.found.isEmpty else { return source }

    let converter = SourceLocationConverter(fileName: "cell", tree: tree)
    var utf8 = Array(source.utf8)
    // From the last to the first, so earlier offsets stay valid.
    for node in finder.found.reversed() {
      let start = node.positionAfterSkippingLeadingTrivia
      let location = converter.location(for: start)
      let place = "line: \(firstLine + location.line - 1), column: \(location.column)"
      let end = node.endPositionBeforeTrailingTrivia.utf8Offset
      if let thrown = node.as(ThrowStmtSyntax.self) {
        // `throw E()` becomes `S.fail(line: 7, column: 1, E())`.
        let expression = thrown.expression.positionAfterSkippingLeadingTrivia.utf8Offset
        utf8.insert(contentsOf: Array(")".utf8), at: end)
        utf8.replaceSubrange(
          start.utf8Offset..<expression, with: Array("\(session).fail(\(place), ".utf8))
      } else {
        utf8.insert(contentsOf: Array(" }".utf8), at: end)
        utf8.insert(contentsOf: Array("\(session).attempt(\(place)) { ".utf8), at: start.utf8Offset)
      }
    }
    return String(decoding: utf8, as: UTF8.self)
  }
}

/// Collects the outermost `try` expressions and `throw` statements that
/// run in top-level code.
private final class TopLevelThrowFinder: SyntaxVisitor {
  var found: [Syntax] = []

  override func visit(_ node: TryExprSyntax) -> SyntaxVisitorContinueKind {
    guard node.questionOrExclamationMark == nil else { return .skipChildren }
    if !node.expression.is(AwaitExprSyntax.self) { found.append(Syntax(node)) }
    return .skipChildren
  }

  override func visit(_ node: ThrowStmtSyntax) -> SyntaxVisitorContinueKind {
    found.append(Syntax(node))
    return .skipChildren
  }

  // Code whose errors go somewhere other than the top level.
  override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: AccessorBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
  override func visit(_ node: DoStmtSyntax) -> SyntaxVisitorContinueKind {
    node.catchClauses.isEmpty ? .visitChildren : .skipChildren
  }
  // `for try await`: asynchronous, so not wrappable.
  override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
    node.tryKeyword == nil ? .visitChildren : .skipChildren
  }
}
