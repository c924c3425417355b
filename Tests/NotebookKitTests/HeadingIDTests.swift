import XCTest

@testable import NotebookKit

final class HeadingIDTests: XCTestCase {
  func testRepeatedHeadingsAndReservedIDsGetSuffixes() {
    XCTAssertEqual(
      headingIDs(
        ["Results", "Reported vs reproduced", "Results", "Results"], reserved: ["reported-vs-reproduced"]),
      ["results", "reported-vs-reproduced-2", "results-2", "results-3"])
  }

  func testAHeadingOfPunctuationStillHasAnID() {
    XCTAssertEqual(headingIDs(["?!", "…"], reserved: []), ["section", "section-2"])
  }
}
