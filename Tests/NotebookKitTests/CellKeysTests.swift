import XCTest

@testable import NotebookKit

final class CellKeysTests: XCTestCase {
  private let library = SupportLibrary(
    buildDirectory: URL(fileURLWithPath: "/nonexistent"), packageRoot: URL(fileURLWithPath: "/nonexistent"))

  private func keys(_ markdown: String, environment: [String: String] = [:]) throws -> [String] {
    let notebook = try NotebookParser.parse(markdown, path: "k.md")
    let parameters = try Parameters.resolve(notebook, profile: nil, overrides: [])
    return CellKeys.make(
      notebook: notebook, parameters: parameters, library: library, environment: environment)
  }

  private let cells = ["let a = 1", "let b = a + 1", "print(b)"]
  private func notebook(_ cells: [String], prose: String = "Text.") -> String {
    cells.map { "\(prose)\n\n```swift\n\($0)\n```\n" }.joined(separator: "\n")
  }

  func testAnEditChangesTheKeysOfThatCellAndThoseAfterItOnly() throws {
    let before = try keys(notebook(cells))
    let after = try keys(notebook([cells[0], "let b = a + 2", cells[2]]))
    XCTAssertEqual(before.count, 3)
    XCTAssertEqual(before[0], after[0])
    XCTAssertNotEqual(before[1], after[1])
    XCTAssertNotEqual(before[2], after[2])
  }

  func testProseChangesNoKey() throws {
    XCTAssertEqual(try keys(notebook(cells)), try keys(notebook(cells, prose: "Other words.")))
  }

  func testThreadsAndOpenBLASSettingsChangeEveryKey() throws {
    let plain = try keys(notebook(cells))
    XCTAssertNotEqual(try keys(notebook(cells), environment: ["NBRUN_CORES": "1"])[0], plain[0])
    XCTAssertNotEqual(try keys(notebook(cells), environment: ["OPENBLAS_CORETYPE": "Haswell"])[0], plain[0])
    XCTAssertEqual(try keys(notebook(cells), environment: ["HOME": "/elsewhere"]), plain)
  }
}
