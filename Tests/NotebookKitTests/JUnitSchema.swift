import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The JUnit XML schema Jenkins publishes (xunit-plugin's `junit-10.xsd`,
/// also read by GitLab and GitHub's test reporters), as rules a parsed
/// document is checked against: which elements, in which order, which
/// attributes (required ones present, numbers where numbers go).
enum JUnitSchema {
  struct Rule {
    var required: Set<String> = []
    var optional: Set<String> = []
    var numeric: Set<String> = []
    /// Allowed children in order; each may repeat where `repeating` says.
    var children: [String] = []
    var repeating: Set<String> = []
    var text = false
  }

  static let rules: [String: Rule] = [
    "testsuites": Rule(
      optional: ["name", "time", "tests", "failures", "disabled", "errors"],
      numeric: ["time", "tests", "failures", "disabled", "errors"],
      children: ["testsuite"], repeating: ["testsuite"]),
    "testsuite": Rule(
      required: ["name", "tests"],
      optional: [
        "failures", "errors", "time", "disabled", "skipped", "timestamp", "hostname", "id", "package", "file",
        "log", "url", "version", "group",
      ],
      numeric: ["tests", "failures", "errors", "time", "disabled", "skipped"],
      children: ["properties", "testcase", "system-out", "system-err"], repeating: ["testcase"]),
    "properties": Rule(children: ["property"], repeating: ["property"]),
    "property": Rule(required: ["name", "value"]),
    "testcase": Rule(
      required: ["name"],
      optional: [
        "assertions", "time", "timestamp", "classname", "status", "class", "file", "line", "log", "group",
        "url",
      ],
      numeric: ["time", "assertions", "line"],
      children: ["skipped", "error", "failure", "system-out", "system-err"],
      repeating: ["error", "failure", "system-out", "system-err"]),
    "skipped": Rule(optional: ["message"], text: true),
    "error": Rule(optional: ["message", "type"], text: true),
    "failure": Rule(optional: ["message", "type"], text: true),
    "system-out": Rule(text: true),
    "system-err": Rule(text: true),
  ]

  /// Every way `document` breaks the rules, as "path: problem".
  static func violations(_ document: XMLDocument) -> [String] {
    guard let root = document.rootElement() else { return ["no root element"] }
    guard root.name == "testsuites" else { return ["root is <\(root.name ?? "")>, not <testsuites>"] }
    var found: [String] = []
    check(root, path: "testsuites", into: &found)
    return found
  }

  private static func check(_ element: XMLElement, path: String, into found: inout [String]) {
    guard let name = element.name, let rule = rules[name] else {
      found.append("\(path): element not in the schema")
      return
    }
    let attributes = Dictionary(
      (element.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") }, uniquingKeysWith: { $1 })
    for missing in rule.required.subtracting(attributes.keys) { found.append("\(path): no \(missing)=") }
    for (attribute, value) in attributes {
      if !rule.required.contains(attribute) && !rule.optional.contains(attribute) {
        found.append("\(path): attribute \(attribute)= not in the schema")
      }
      if rule.numeric.contains(attribute), Double(value) == nil {
        found.append("\(path): \(attribute)=\"\(value)\" is not a number")
      }
    }
    var position = 0
    var previous: String?
    for child in element.children ?? [] {
      if child.kind == .text {
        if !rule.text, !(child.stringValue ?? "").allSatisfy(\.isWhitespace) {
          found.append("\(path): text where the schema has none")
        }
        continue
      }
      guard let childElement = child as? XMLElement, let childName = childElement.name else { continue }
      guard let index = rule.children.firstIndex(of: childName) else {
        found.append("\(path): <\(childName)> not allowed here")
        continue
      }
      if index < position
        || (index == position && previous == childName && !rule.repeating.contains(childName))
      {
        found.append("\(path): <\(childName)> out of order or repeated")
      }
      position = index
      previous = childName
      check(childElement, path: "\(path)/\(childName)", into: &found)
    }
  }
}
