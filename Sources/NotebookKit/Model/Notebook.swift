import Foundation

/// A parsed notebook: its front matter and its blocks in document order.
public struct Notebook: Sendable {
  /// The file as given on the command line (used in every location).
  public var path: String
  public var frontMatter: FrontMatter
  public var blocks: [Block]
  /// The TeX formulas of the prose; `MathSpan.placeholder(i)` in a block's
  /// HTML stands for formula `i`.
  public var math: [MathSpan] = []

  /// The file name without `.md`: the report folder's name.
  public var stem: String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }

  public var title: String { frontMatter.title ?? stem }

  /// The Swift cells, in order.
  public var cells: [Cell] {
    blocks.compactMap { if case .cell(let cell) = $0 { cell } else { nil } }
  }
}

/// One top-level piece of a notebook.
public enum Block: Sendable {
  /// Prose (or a non-Swift code block), as HTML rendered by cmark-gfm.
  case prose(html: String)
  /// A heading, kept apart for the table of contents.
  case heading(level: Int, text: String, html: String)
  /// A Swift cell.
  case cell(Cell)
}
