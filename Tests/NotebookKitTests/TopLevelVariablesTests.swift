import XCTest

@testable import NotebookKit

final class TopLevelVariablesTests: XCTestCase {
  private func names(_ source: String) -> [String] {
    TopLevelVariables.of(source, firstLine: 1).variables.map(\.name)
  }

  func testStoredVariablesAtTheTopLevelOnlyWithTheirLines() {
    let source = """
      let (mnist, _) = load()
      var losses: [Float] = []
      for epoch in 0..<3 { let inner = epoch; losses.append(Float(inner)) }
      func f() { let local = 1; print(local) }
      var computed: Int { 3 }
      let a = 1, b = 2
      var optional: Int?
      """
    let variables = TopLevelVariables.of(source, firstLine: 20)
    XCTAssertEqual(variables.variables.map(\.name), ["mnist", "losses", "a", "b", "optional"])
    XCTAssertEqual(variables.variables.map(\.line), [20, 21, 25, 25, 26])
    XCTAssertNil(variables.obstacle)
  }

  func testWhatCannotBeSavedIsNamedWithItsLine() {
    XCTAssertEqual(
      TopLevelVariables.of("print(1)\nvar later: Int", firstLine: 5).obstacle,
      "line 6: `later` is declared without a value, so no state before it is assigned can be saved")
    XCTAssertEqual(
      TopLevelVariables.of("guard let x = Int(\"3\") else { fatalError() }", firstLine: 2).obstacle,
      "line 2: a top-level `guard` declares names nbrun cannot restore")
  }

  func testObserversStillStore() {
    XCTAssertEqual(names("var seen = 0 { didSet { print(seen) } }"), ["seen"])
  }
}
