import Foundation
import XCTest

/// `nbrun --help` is part of the interface: a change to it shows here, in
/// review, as a change to `Fixtures/help.txt` (regenerate it with
/// `.build/debug/nbrun --help > Tests/NotebookKitTests/Fixtures/help.txt`).
final class HelpTests: EndToEndTestCase {
  func testHelpIsAsRecorded() throws {
    // The width help is wrapped to; a terminal or $COLUMNS would change it.
    let run = try nbrun(["--help"], environment: ["COLUMNS": "80"])
    XCTAssertEqual(run.status, 0)
    let recorded = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/help.txt"), encoding: .utf8)
    XCTAssertEqual(run.output, recorded)
  }
}
