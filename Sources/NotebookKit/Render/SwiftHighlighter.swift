import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Marks up Swift source for the report with the compiler's own parser and
/// swift-syntax's classifier (what SourceKit-LSP colours with): raw and
/// multi-line strings, interpolation, nested comments, `0xFF` and `1e-3`
/// are what the parser says they are. It never changes the text, only
/// wraps runs of it in a `<span class>` of the style sheet.
enum SwiftHighlighter {
  /// One run of the source and its style-sheet class (nil: plain text).
  struct Token: Equatable {
    var kind: String?
    var text: String
  }

  static func tokens(_ source: String) -> [Token] {
    let tree = Parser.parse(source: source)
    let utf8 = Array(source.utf8)
    // The class of every byte, then runs of equal classes.
    var classes = [String?](repeating: nil, count: utf8.count)
    func mark(_ range: Range<AbsolutePosition>, _ kind: String?) {
      for offset in range.lowerBound.utf8Offset..<range.upperBound.utf8Offset { classes[offset] = kind }
    }
    for classified in tree.classifications {
      let range = classified.range.lowerBound.utf8Offset..<classified.range.upperBound.utf8Offset
      mark(classified.range, cssClass(classified.kind, String(decoding: utf8[range], as: UTF8.self)))
    }
    // A raw string's `#`s are part of the string; the classifier leaves them out.
    for token in tree.tokens(viewMode: .sourceAccurate) {
      guard case .rawStringPoundDelimiter = token.tokenKind else { continue }
      mark(token.positionAfterSkippingLeadingTrivia..<token.endPositionBeforeTrailingTrivia, "string")
    }
    var tokens: [Token] = []
    var start = 0
    for end in 1...max(utf8.count, 1) where end == utf8.count || classes[end] != classes[start] {
      guard start < utf8.count else { break }
      tokens.append(Token(kind: classes[start], text: String(decoding: utf8[start..<end], as: UTF8.self)))
      start = end
    }
    return tokens
  }

  static func html(_ source: String) -> String {
    tokens(source).map { token in
      token.kind.map { "<span class=\"\($0)\">\(escapeHTML(token.text))</span>" } ?? escapeHTML(token.text)
    }.joined()
  }

  /// The style sheet's class for a classification. Names in expressions
  /// (`Dense(784 => 32)`) are identifiers to the parser; a capitalised one
  /// is coloured as a type, as Swift's naming conventions make it one.
  private static func cssClass(_ kind: SyntaxClassification, _ text: String) -> String? {
    switch kind {
    case .keyword, .attribute, .ifConfigDirective: "keyword"
    case .stringLiteral, .regexLiteral: "string"
    case .integerLiteral, .floatLiteral: "number"
    case .lineComment, .blockComment, .docLineComment, .docBlockComment: "comment"
    case .type: "type"
    case .identifier: text.first?.isUppercase == true ? "type" : nil
    default: nil
    }
  }
}
