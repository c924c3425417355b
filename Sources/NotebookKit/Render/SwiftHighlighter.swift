import NotebookProtocol

/// Marks up Swift source for the report: comments, strings, numbers,
/// keywords and type names, each as a `<span class>`. A lexer good enough
/// for notebook cells, not a parser: it never changes the text, only wraps it.
enum SwiftHighlighter {
  private static let keywords: Set<String> = [
    "let", "var", "func", "for", "in", "while", "repeat", "if", "else", "guard", "return", "try", "throw",
    "throws", "do", "catch", "import", "struct", "class", "enum", "extension", "protocol", "case", "switch",
    "default", "break", "continue", "true", "false", "nil", "self", "Self", "init", "where", "as", "is",
    "some", "any", "inout", "static", "private", "public", "final", "defer", "async", "await", "stride",
  ]

  static func html(_ source: String) -> String {
    let characters = Array(source)
    var output = ""
    var i = 0
    func span(_ kind: String, _ text: ArraySlice<Character>) {
      output += "<span class=\"\(kind)\">\(escapeHTML(String(text)))</span>"
    }
    while i < characters.count {
      let c = characters[i]
      let next = i + 1 < characters.count ? characters[i + 1] : " "
      if c == "/" && next == "/" {
        let end = characters[i...].firstIndex(of: "\n") ?? characters.count
        span("comment", characters[i..<end])
        i = end
      } else if c == "/" && next == "*" {
        var end = i + 2
        while end + 1 < characters.count && !(characters[end] == "*" && characters[end + 1] == "/") {
          end += 1
        }
        end = min(end + 2, characters.count)
        span("comment", characters[i..<end])
        i = end
      } else if c == "\"" {
        var end = i + 1
        while end < characters.count && characters[end] != "\"" && characters[end] != "\n" {
          end += characters[end] == "\\" ? 2 : 1
        }
        end = min(end + 1, characters.count)
        span("string", characters[i..<end])
        i = end
      } else if c.isNumber {
        var end = i
        func continuesNumber(_ k: Int) -> Bool {
          let c = characters[k]
          // A dot belongs to the number only before a digit: `0.5`, not `0..<4`.
          return c.isNumber || c == "_" || c == "e"
            || (c == "." && k + 1 < characters.count && characters[k + 1].isNumber)
        }
        while end < characters.count && continuesNumber(end) { end += 1 }
        span("number", characters[i..<end])
        i = end
      } else if c.isLetter || c == "_" {
        var end = i
        while end < characters.count
          && (characters[end].isLetter || characters[end].isNumber || characters[end] == "_")
        {
          end += 1
        }
        let word = String(characters[i..<end])
        if keywords.contains(word) {
          span("keyword", characters[i..<end])
        } else if word.first!.isUppercase {
          span("type", characters[i..<end])
        } else {
          output += escapeHTML(word)
        }
        i = end
      } else {
        output += escapeHTML(String(c))
        i += 1
      }
    }
    return output
  }
}
