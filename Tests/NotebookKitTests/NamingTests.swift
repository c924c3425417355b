import XCTest

@testable import NotebookKit

final class NamingTests: XCTestCase {
  func testRepeatedHeadingsAndReservedIDsGetSuffixes() {
    XCTAssertEqual(
      headingIDs(
        ["Results", "Reported vs reproduced", "Results", "Results"], reserved: ["reported-vs-reproduced"]),
      ["results", "reported-vs-reproduced-2", "results-2", "results-3"])
  }

  func testAHeadingOfPunctuationStillHasAnID() {
    XCTAssertEqual(headingIDs(["?!", "…"], reserved: []), ["section", "section-2"])
  }

  func testReportNamesAreStemsUnlessTwoNotebooksShareOne() {
    XCTAssertEqual(
      ReportNames.names(for: ["notebooks/a.md", "other/b.md"]), ["notebooks/a.md": "a", "other/b.md": "b"])
    XCTAssertEqual(
      ReportNames.names(for: ["a/x.md", "b/x.md", "c.md"]), ["a/x.md": "a-x", "b/x.md": "b-x", "c.md": "c"])
    XCTAssertEqual(
      ReportNames.names(for: ["p/a/x.md", "q/a/x.md"]), ["p/a/x.md": "a-x", "q/a/x.md": "a-x-2"])
  }
}
