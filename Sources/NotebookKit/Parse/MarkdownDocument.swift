import CCmarkGFM
import Foundation

/// A CommonMark + GitHub-tables document parsed by cmark-gfm, walked one
/// top-level block at a time. Owns the cmark parser and tree.
final class MarkdownDocument {
  private let parser: OpaquePointer
  private let root: OpaquePointer

  /// One top-level block with what the notebook parser needs of it.
  struct Node {
    fileprivate let pointer: OpaquePointer
    /// Keeps the tree that `pointer` points into alive as long as the node.
    fileprivate let document: MarkdownDocument
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
    var isCodeBlock: Bool { cmark_node_get_type(pointer) == CMARK_NODE_CODE_BLOCK }
    var isHeading: Bool { cmark_node_get_type(pointer) == CMARK_NODE_HEADING }
    /// `[^name]: text`; cmark-gfm moves every referenced one to the end.
    var isFootnoteDefinition: Bool { cmark_node_get_type(pointer) == CMARK_NODE_FOOTNOTE_DEFINITION }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
    /// The first word of a fence's info string (`swift` in ```` ```swift ````).
    var language: String {
      let info = cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? ""
      return info.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
    }
    /// The fence's character and length, or nil for an indented code block.
    var fence: (character: Character, length: Int)? {
      var length: Int32 = 0
      var offset: Int32 = 0
      var character: CChar = 0
      guard cmark_node_get_fenced(pointer, &length, &offset, &character) != 0, length > 0 else { return nil }
      return (Character(Unicode.Scalar(UInt8(bitPattern: character))), Int(length))
    }
    /// The text of every text and code span below the node (for headings).
    var plainText: String {
      var text = ""
      let iterator = cmark_iter_new(pointer)
      defer { cmark_iter_free(iterator) }
      while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
        let node = cmark_iter_get_node(iterator)
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE,
          cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER
        {
          text += cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        }
      }
      return text
    }
  }

  init(_ text: String) {
    cmark_gfm_core_extensions_ensure_registered()
    parser = cmark_parser_new(Self.options)
    for name in ["table", "strikethrough", "autolink"] {
      if let extensionPointer = cmark_find_syntax_extension(name) {
        cmark_parser_attach_syntax_extension(parser, extensionPointer)
      }
    }
    cmark_parser_feed(parser, text, text.utf8.count)
    root = cmark_parser_finish(parser)
  }

  deinit {
    cmark_node_free(root)
    cmark_parser_free(parser)
  }

  /// The top-level blocks in order.
  var blocks: [Node] {
    var nodes: [Node] = []
    var child = cmark_node_first_child(root)
    while let node = child {
      nodes.append(Node(pointer: node, document: self))
      child = cmark_node_next(node)
    }
    return nodes
  }

  /// Footnotes (`[^1]`) on; raw HTML in the prose passed through as the
  /// author wrote it (the notebook is the author's own file), not dropped.
  private static let options = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE

  /// The node as HTML.
  func html(_ node: Node) -> String { html(of: node.pointer) }

  /// The footnote definitions as one numbered list: cmark-gfm renders each
  /// definition alone as a list of its own, so they are moved together
  /// into a document of their own first. The nodes are consumed.
  func footnotesHTML(_ nodes: [Node]) -> String {
    guard !nodes.isEmpty, let notes = cmark_node_new(CMARK_NODE_DOCUMENT) else { return "" }
    defer { cmark_node_free(notes) }
    for node in nodes { cmark_node_append_child(notes, node.pointer) }
    return html(of: notes)
  }

  private func html(of pointer: OpaquePointer) -> String {
    guard let rendered = cmark_render_html(pointer, Self.options, cmark_parser_get_syntax_extensions(parser))
    else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }
}
