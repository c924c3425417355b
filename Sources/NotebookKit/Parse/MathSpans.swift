import Foundation

/// TeX math in a notebook's prose: `$inline$` and `$$display$$`, as in
/// Pandoc and Jupyter. Each span is swapped for a placeholder before
/// cmark-gfm sees the text, so Markdown never touches the TeX (`*`, `_`
/// and `\` mean something else there); the report puts the typeset
/// formula back in the placeholder's place.
public struct MathSpan: Sendable, Equatable {
  public var tex: String
  public var display: Bool
  /// Where the span starts in the notebook, for error messages.
  public var line: Int

  /// The formula as written, delimiters included: identifies its typeset form.
  public var key: String { display ? "$$\(tex)$$" : "$\(tex)$" }

  /// Stands for span number `index` in the text given to cmark: private-use
  /// characters, which Markdown leaves alone and HTML escaping keeps.
  static func placeholder(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }
}

enum MathSpans {
  /// Replaces every math span outside code with its placeholder. `codeLines`
  /// are the (1-based) lines of code blocks; inline code spans are skipped
  /// by matching their backtick runs. Newlines inside a span are kept after
  /// its placeholder so that every later line keeps its number.
  static func protect(_ text: String, codeLines: Set<Int>) -> (text: String, spans: [MathSpan]) {
    let characters = Array(text)
    var output = ""
    var spans: [MathSpan] = []
    var line = 1
    var i = 0

    func lineBreaks(_ range: Range<Int>) -> Int { characters[range].filter { $0 == "\n" }.count }

    while i < characters.count {
      let character = characters[i]
      if codeLines.contains(line) || (character != "$" && character != "`" && character != "\\") {
        output.append(character)
        if character == "\n" { line += 1 }
        i += 1
        continue
      }
      if character == "\\" {  // `\$` is a dollar sign, left for cmark to unescape
        output.append(character)
        if i + 1 < characters.count, characters[i + 1] != "\n" {
          output.append(characters[i + 1])
          i += 1
        }
        i += 1
        continue
      }
      if character == "`" {
        let run = runLength(of: "`", in: characters, from: i)
        let end = closingBackticks(run, in: characters, after: i + run) ?? i + run
        output += String(characters[i..<end])
        line += lineBreaks(i..<end)
        i = end
        continue
      }
      if let span = mathSpan(in: characters, at: i) {
        output += MathSpan.placeholder(spans.count)
        output += String(repeating: "\n", count: lineBreaks(i..<span.end))
        spans.append(MathSpan(tex: span.tex, display: span.display, line: line))
        line += lineBreaks(i..<span.end)
        i = span.end
        continue
      }
      output.append(character)
      i += 1
    }
    return (output, spans)
  }

  private static func runLength(of character: Character, in characters: [Character], from start: Int) -> Int {
    var end = start
    while end < characters.count, characters[end] == character { end += 1 }
    return end - start
  }

  /// The index just past the next run of exactly `length` backticks.
  private static func closingBackticks(_ length: Int, in characters: [Character], after start: Int) -> Int? {
    var i = start
    while i < characters.count {
      if characters[i] == "`" {
        let run = runLength(of: "`", in: characters, from: i)
        if run == length { return i + run }
        i += run
      } else {
        i += 1
      }
    }
    return nil
  }

  /// A span opening at `start` (a `$`), Pandoc's rules: `$$…$$` may span
  /// lines; `$…$` stays on one line, must not start or end with a space,
  /// and its closing `$` must not be followed by a digit (so "$5 and $6"
  /// stays text). A backtick ends the search: code spans win over math.
  private static func mathSpan(in characters: [Character], at start: Int)
    -> (tex: String, display: Bool, end: Int)?
  {
    if start + 1 < characters.count, characters[start + 1] == "$" {
      var i = start + 2
      while i + 1 < characters.count {
        if characters[i] == "$" && characters[i + 1] == "$" {
          let tex = String(characters[(start + 2)..<i]).trimmingCharacters(in: .whitespacesAndNewlines)
          return tex.isEmpty ? nil : (tex, true, i + 2)
        }
        i += 1
      }
      return nil
    }
    guard start + 1 < characters.count, !characters[start + 1].isWhitespace else { return nil }
    var i = start + 1
    while i < characters.count, characters[i] != "\n", characters[i] != "`" {
      if characters[i] == "\\" {
        i += 2
        continue
      }
      if characters[i] == "$" {
        let closesCleanly = !characters[i - 1].isWhitespace
        let followedByDigit = i + 1 < characters.count && characters[i + 1].isNumber
        guard closesCleanly, !followedByDigit else { return nil }
        return (String(characters[(start + 1)..<i]), false, i + 1)
      }
      i += 1
    }
    return nil
  }
}
