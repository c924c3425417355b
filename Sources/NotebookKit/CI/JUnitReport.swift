import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A `RunSummary` as JUnit XML (`--junit FILE`), in the shape of the
/// Ant/Jenkins schema that CI services read: one `<testsuite>` per
/// notebook, one `<testcase>` per cell with its time; a failed cell is a
/// `<failure>` whose message names its `file:line`, cells after it are
/// `<skipped>`, a notebook that did not compile or could not run is an
/// `<error>`. Figures that differ from the post's and claims that do not
/// hold are the suite's properties and warnings in its `<system-out>`.
public enum JUnitReport {
  public static func xml(_ summary: RunSummary, hostname: String = ProcessInfo.processInfo.hostName)
    -> String
  {
    let root = XMLElement(name: "testsuites")
    let suites = summary.notebooks.enumerated().map { id, notebook in
      suite(notebook, id: id, timestamp: timestamp(summary.started), hostname: hostname)
    }
    let total = suites.map(\.counts).reduce(Counts(), +)
    // The Jenkins schema has no `skipped` at this level; the suites carry it.
    set(
      root,
      [("name", "nbrun")] + total.attributes.filter { $0.0 != "skipped" } + [
        ("time", seconds(summary.seconds))
      ])
    for suite in suites { root.addChild(suite.element) }
    let document = XMLDocument(rootElement: root)
    document.version = "1.0"
    document.characterEncoding = "UTF-8"
    return document.xmlString(options: [.nodePrettyPrint]) + "\n"
  }

  /// Writes the XML to `url` atomically.
  public static func write(_ summary: RunSummary, to url: URL) throws {
    try Data(xml(summary).utf8).write(to: url, options: .atomic)
  }

  private struct Counts {
    var tests = 0
    var failures = 0
    var errors = 0
    var skipped = 0

    static func + (lhs: Counts, rhs: Counts) -> Counts {
      Counts(
        tests: lhs.tests + rhs.tests, failures: lhs.failures + rhs.failures, errors: lhs.errors + rhs.errors,
        skipped: lhs.skipped + rhs.skipped)
    }

    var attributes: [(String, String)] {
      [
        ("tests", "\(tests)"), ("failures", "\(failures)"), ("errors", "\(errors)"),
        ("skipped", "\(skipped)"),
      ]
    }
  }

  private static func suite(_ notebook: NotebookSummary, id: Int, timestamp: String, hostname: String)
    -> (element: XMLElement, counts: Counts)
  {
    let className =
      ((notebook.notebook as NSString).lastPathComponent as NSString).deletingPathExtension
      + (notebook.point.map { "@\($0)" } ?? "")
    var counts = Counts()
    var cases: [XMLElement] = []
    for cell in notebook.cells {
      let testCase = element(
        "testcase", [("name", cell.name), ("classname", className), ("time", seconds(cell.seconds ?? 0))])
      switch cell.status {
      case .failed:
        let message =
          "\(notebook.notebook):\(cell.line): error: \(cell.name) failed: \(cell.error ?? "failed")"
        testCase.addChild(element("failure", [("message", message), ("type", "cell failed")], text: message))
        counts.failures += 1
      case .notRun:
        testCase.addChild(element("skipped", [("message", "not run")]))
        counts.skipped += 1
      case .succeeded, .failedAsExpected:
        break
      }
      cases.append(testCase)
    }
    // A failure no cell carries (it did not compile, could not run, ran
    // out of time between cells) is an error of the notebook as a whole.
    if notebook.status != .passed, !notebook.cells.contains(where: { $0.status == .failed }) {
      let message =
        notebook.failure?.description ?? "\(notebook.notebook): error: \(notebook.status.rawValue)"
      let testCase = element(
        "testcase",
        [("name", "notebook"), ("classname", className), ("time", seconds(notebook.compileSeconds ?? 0))])
      testCase.addChild(
        element("error", [("message", message), ("type", notebook.status.rawValue)], text: message))
      cases.insert(testCase, at: 0)
      counts.errors += 1
    }
    counts.tests = cases.count
    let suite = XMLElement(name: "testsuite")
    set(
      suite,
      [("name", notebook.title.map { "\(notebook.notebook): \($0)" } ?? notebook.notebook)]
        + counts.attributes
        + [
          ("time", seconds((notebook.compileSeconds ?? 0) + (notebook.runSeconds ?? 0))),
          ("timestamp", timestamp), ("hostname", hostname), ("id", "\(id)"), ("package", "nbrun"),
        ])
    let properties = XMLElement(name: "properties")
    var facts: [(String, String)] = [
      ("notebook", notebook.notebook), ("status", notebook.status.rawValue), ("cached", "\(notebook.cached)"),
      ("verdicts.matches", "\(notebook.verdicts.matches)"),
      ("verdicts.differs", "\(notebook.verdicts.differs)"),
      ("verdicts.noValue", "\(notebook.verdicts.noValue)"), ("claims.checked", "\(notebook.claimsChecked)"),
      ("claims.failed", "\(notebook.failedClaims.count)"),
    ]
    if let report = notebook.report { facts.append(("report", report)) }
    facts += notebook.differences.map { ("differs", $0.text) }
    facts += notebook.failedClaims.map { ("claim does not hold", $0.sentence) }
    for (name, value) in facts {
      properties.addChild(element("property", [("name", name), ("value", value)]))
    }
    suite.addChild(properties)
    for testCase in cases { suite.addChild(testCase) }
    let warnings = notebook.ciWarnings.map(\.description)
    if !warnings.isEmpty {
      suite.addChild(element("system-out", [], text: warnings.joined(separator: "\n") + "\n"))
    }
    return (suite, counts)
  }

  private static func element(_ name: String, _ attributes: [(String, String)], text: String? = nil)
    -> XMLElement
  {
    let element = XMLElement(name: name)
    set(element, attributes)
    if let text { element.stringValue = xmlCharacters(text) }
    return element
  }

  private static func set(_ element: XMLElement, _ attributes: [(String, String)]) {
    for (name, value) in attributes {
      let attribute = XMLNode.attribute(withName: name, stringValue: xmlCharacters(value)) as! XMLNode
      element.addAttribute(attribute)
    }
  }

  /// XML 1.0 cannot hold most control characters, even escaped; a cell
  /// may print them. They are shown as `\u{1B}` instead.
  static func xmlCharacters(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
        result.append(scalar)
      default:
        result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      }
    }
    return String(result)
  }

  /// Seconds as the schema's decimal, never in exponent notation.
  private static func seconds(_ value: Double) -> String { String(format: "%.3f", max(value, 0)) }

  /// The schema's timestamp: ISO 8601 without a time zone (UTC here).
  private static func timestamp(_ iso8601: String) -> String {
    let date = ISO8601DateFormatter().date(from: iso8601) ?? Date()
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    return formatter.string(from: date)
  }
}
