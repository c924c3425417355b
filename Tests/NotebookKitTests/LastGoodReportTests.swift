import Foundation
import XCTest

/// A failing run replaces a good report only with one that links to it.
final class LastGoodReportTests: EndToEndTestCase {
  private func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path)
  }

  func testAFailedRunKeepsTheLastGoodReportReachable() throws {
    let good = "# n\n\n```swift\nprint(\"good output\")\n```\n"
    let broken = "# n\n\n```swift\nprint(\"broken output\")\nlet xs = [Int]()\nprint(xs[1])\n```\n"
    try write(good, to: "n.md")
    XCTAssertEqual(try nbrun(["n.md"]).status, 0)
    XCTAssertFalse(exists("output/n/last-good"), "a good run is the last good report")

    try write(broken, to: "n.md")
    XCTAssertEqual(try nbrun(["n.md"]).status, 1)
    var html = try report("n")
    XCTAssertTrue(html.contains("<a href=\"last-good/index.html\">run "), html)
    XCTAssertTrue(try report("n/last-good").contains("good output"))
    let index = try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
    XCTAssertTrue(index.contains("n.md:6:9: Fatal error: Index out of range"), index)
    XCTAssertTrue(index.contains("href=\"n/last-good/index.html\""), index)

    // Failing again keeps the same good report, not the previous failure.
    try write(broken.replacingOccurrences(of: "broken output", with: "broken again"), to: "n.md")
    XCTAssertEqual(try nbrun(["n.md"]).status, 1)
    html = try report("n")
    XCTAssertTrue(html.contains("broken again"))
    XCTAssertTrue(try report("n/last-good").contains("good output"))
    XCTAssertFalse(exists("output/n/last-good/last-good"))

    try write(good, to: "n.md")
    XCTAssertEqual(try nbrun(["n.md"]).status, 0)
    XCTAssertFalse(exists("output/n/last-good"))
  }
}
