import Foundation

/// Turns a Markdown notebook into a `Notebook`: front matter (YAML), prose
/// and headings (cmark-gfm), and Swift cells with their options and
/// positions. Every error carries `file:line`.
public enum NotebookParser {
  /// Reads and parses the notebook at `path` (as given, for messages).
  public static func parse(file path: String) throws -> Notebook {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RunnerError.notebook(SourceLocation(file: path, line: 1), "cannot read the notebook file")
    }
    return try parse(try decodeUTF8(Array(data), file: path), path: path)
  }

  public static func parse(_ text: String, path: String) throws -> Notebook {
    let text = normalized(text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var frontMatter = FrontMatter()
    var body = text
    if let split = try FrontMatterParser.split(lines, file: path) {
      frontMatter = try FrontMatterParser.parse(split.yaml, firstLine: split.firstLine, file: path)
      body = split.body
    }

    let codeLines = Set(
      MarkdownDocument(body).blocks.filter(\.isCodeBlock).flatMap { $0.startLine...$0.endLine })
    let (markdown, math) = MathSpans.protect(body, codeLines: codeLines)
    let document = MarkdownDocument(markdown)
    var blocks: [Block] = []
    var footnotes: [MarkdownDocument.Node] = []
    for node in document.blocks {
      if node.isFootnoteDefinition {
        footnotes.append(node)
      } else if node.isHeading {
        let text = math.indices.reduce(node.plainText) {
          $0.replacingOccurrences(of: MathSpan.placeholder($1), with: math[$1].key)
        }
        blocks.append(.heading(level: node.headingLevel, text: text, html: document.html(node)))
      } else if node.isCodeBlock, let fence = node.fence, node.language == "swift" {
        try requireClosed(node, fence: fence, lines: lines, file: path)
        let index = blocks.reduce(0) { if case .cell = $1 { $0 + 1 } else { $0 } }
        blocks.append(.cell(try cell(node, index: index, file: path)))
      } else {
        if node.isCodeBlock, let fence = node.fence {
          try requireClosed(node, fence: fence, lines: lines, file: path)
        }
        blocks.append(.prose(html: document.html(node)))
      }
    }
    if !footnotes.isEmpty { blocks.append(.prose(html: document.footnotesHTML(footnotes))) }
    return Notebook(path: path, frontMatter: frontMatter, blocks: blocks, math: math)
  }

  private static func cell(_ node: MarkdownDocument.Node, index: Int, file: String) throws -> Cell {
    var code = node.literal.split(separator: "\n", omittingEmptySubsequences: false)
    if code.last?.isEmpty == true { code.removeLast() }
    let firstLine = node.startLine + 1
    let (options, optionLines) = try CellOptionParser.parse(code, firstLine: firstLine, file: file)
    return Cell(
      index: index, source: code.dropFirst(optionLines).joined(separator: "\n"),
      location: SourceLocation(file: file, line: firstLine + optionLines), fenceLine: node.startLine,
      options: options)
  }

  /// cmark lets a fence run to the end of the document; a notebook must close it.
  private static func requireClosed(
    _ node: MarkdownDocument.Node, fence: (character: Character, length: Int), lines: [Substring],
    file: String
  ) throws {
    let last = node.endLine - 1
    let closing = last > node.startLine - 1 && last < lines.count ? lines[last].trimmed : ""
    let isClosing =
      closing.count >= fence.length && closing.allSatisfy { $0 == fence.character }
    guard isClosing else {
      let marker = String(repeating: fence.character, count: fence.length)
      throw RunnerError.notebook(
        SourceLocation(file: file, line: node.startLine),
        "code fence '\(marker)' opened here is never closed")
    }
  }

  /// The file as UTF-8, or an error at the line of the first bad byte.
  /// The text as the parser reads it: without a leading byte-order mark and
  /// with Windows (CRLF) and old Mac (CR) line ends as LF, so such a notebook
  /// behaves like one saved on Linux, line numbers included.
  static func normalized(_ text: String) -> String {
    var text = text
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    // "\r\n" is one Character in Swift: compare scalars.
    guard text.unicodeScalars.contains("\r") else { return text }
    var scalars = String.UnicodeScalarView()
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\r" {
        scalars.append("\n")
      } else if !(scalar == "\n" && previousWasCR) {
        scalars.append(scalar)
      }
      previousWasCR = scalar == "\r"
    }
    return String(scalars)
  }

  static func decodeUTF8(_ bytes: [UInt8], file: String) throws -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: break loop
      case .error: break loop
      }
    }
    let line = bytes[..<offset].filter { $0 == UInt8(ascii: "\n") }.count + 1
    throw RunnerError.notebook(
      SourceLocation(file: file, line: line),
      "the notebook is not valid UTF-8 (bad byte at offset \(offset)); save it as UTF-8")
  }
}
