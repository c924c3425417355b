import Foundation
import Launcher
import NotebookProtocol

/// Typesets TeX as MathML with KaTeX (Debian's `libjs-katex`) under Node.js,
/// once per notebook. Browsers draw MathML themselves, so a report needs no
/// script, font or network to show its formulas.
enum MathTypesetter {
  static let katex = "/usr/share/javascript/katex/katex.min.js"

  struct Output {
    /// MathML for each span, in order; nil where KaTeX could not read it.
    var mathML: [String?]
    /// One `file:line: warning: …` line per span that failed.
    var warnings: [String]
  }

  /// Reads a JSON array of `{tex, display}` on stdin, writes one of
  /// `{html}` or `{error}` per formula.
  private static let script = """
    const katex = require(process.argv[1]);
    let input = "";
    process.stdin.on("data", d => input += d).on("end", () => {
      const out = JSON.parse(input).map(s => {
        try {
          return { html: katex.renderToString(s.tex, { displayMode: s.display, output: "mathml", throwOnError: true }) };
        } catch (e) { return { error: e.message }; }
      });
      process.stdout.write(JSON.stringify(out));
    });
    """

  private struct Request: Encodable {
    var tex: String
    var display: Bool
  }

  private struct Response: Decodable {
    var html: String?
    var error: String?
  }

  static func typeset(_ spans: [MathSpan], file: String) -> Output {
    guard !spans.isEmpty else { return Output(mathML: [], warnings: []) }
    let responses: [Response]
    do {
      responses = try run(spans)
    } catch {
      return Output(
        mathML: spans.map { _ in nil },
        warnings: ["\(file):\(spans[0].line): warning: formulas shown as TeX: \(error)"])
    }
    var output = Output(mathML: responses.map(\.html), warnings: [])
    for (span, response) in zip(spans, responses) where response.html == nil {
      output.warnings.append(
        "\(file):\(span.line): warning: cannot typeset \(span.key): \(response.error ?? "no output")")
    }
    return output
  }

  private static func run(_ spans: [MathSpan]) throws -> [Response] {
    guard FileManager.default.fileExists(atPath: katex) else {
      throw RunnerError.setup("KaTeX is missing (\(katex)); scripts/setup installs libjs-katex")
    }
    let request = try JSONEncoder().encode(spans.map { Request(tex: $0.tex, display: $0.display) })
    var command = Command(["node", "-e", script, katex], input: request)
    command.separateErrors = true
    let result: ChildProcess.Result
    do {
      result = try ChildProcess.run(command)
    } catch {
      throw RunnerError.setup("\(error); KaTeX needs node (scripts/setup installs nodejs)")
    }
    guard result.succeeded,
      let responses = try? JSONDecoder().decode([Response].self, from: result.output),
      responses.count == spans.count
    else {
      throw RunnerError.setup(
        "node could not run KaTeX: \((result.errorText.isEmpty ? result.outputText : result.errorText).prefix(300))"
      )
    }
    return responses
  }

  /// What a formula that could not be typeset shows: its TeX, marked.
  static func untypeset(_ span: MathSpan) -> String {
    Templates.render(Untypeset(tex: span.key), template: "math-error").trimmingCharacters(in: .newlines)
  }

  private struct Untypeset {
    var tex: String
  }
}
