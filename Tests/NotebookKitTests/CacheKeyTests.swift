import XCTest

@testable import NotebookKit

/// What makes a notebook run again, and what only re-renders it.
final class CacheKeyTests: XCTestCase {
  private let library = SupportLibrary(
    buildDirectory: URL(fileURLWithPath: "/nonexistent"), packageRoot: URL(fileURLWithPath: "/nonexistent"))

  private func key(_ text: String, overrides: [String] = []) throws -> String {
    let notebook = try NotebookParser.parse(text, path: "k.md")
    var warnings: [String] = []
    let parameters = try Parameters.resolve(
      notebook, profile: nil, overrides: try overrides.map { try XCTUnwrap(ParameterOverride(parsing: $0)) },
      unknownIsWarning: false, warnings: &warnings)
    let inputs = CellKeys.inputs(parameters: parameters, library: library, environment: [:])
    return CacheKey.make(notebook: notebook, parameters: parameters, inputs: inputs)
  }

  private let notebook = "---\nparameters:\n  epochs: 3\n---\n# K\n\nProse.\n\n```swift\nprint(epochs)\n```\n"

  func testTheSameNotebookHasTheSameKey() throws {
    XCTAssertEqual(try key(notebook), try key(notebook))
  }

  func testProseOnlyReRenders() throws {
    XCTAssertEqual(
      try key(notebook), try key(notebook.replacingOccurrences(of: "Prose.", with: "Other prose.")))
  }

  func testCodeOptionsAndParametersRunAgain() throws {
    let base = try key(notebook)
    XCTAssertNotEqual(
      base, try key(notebook.replacingOccurrences(of: "print(epochs)", with: "print(epochs + 1)")))
    XCTAssertNotEqual(
      base, try key(notebook.replacingOccurrences(of: "```swift\n", with: "```swift\n//| timeout: 5\n")))
    XCTAssertNotEqual(base, try key(notebook, overrides: ["epochs=4"]))
    XCTAssertEqual(base, try key(notebook, overrides: ["epochs=3"]), "the same value is the same run")
  }
}
