import Foundation
import XCTest

@testable import NotebookKit

/// Loads each committed report and the index (`output/`) in headless
/// Chromium (Debian's `chromium`, installed by `scripts/setup`) at a desktop
/// and a phone width, and fails on console errors, images that do not load
/// and content that runs past the window's edge outside a scrolling box.
/// The check (`Fixtures/browser-check.js`) is injected into a copy of each
/// page: the reports themselves carry no script.
final class BrowserTests: XCTestCase {
  private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-browser-\(UUID())")
    try FileManager.default.copyItem(at: repository.appendingPathComponent("output"), to: folder)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  func testCommittedReportsAndIndexLoadCleanly() throws {
    let chromium = "/usr/bin/chromium"
    XCTAssertTrue(
      FileManager.default.isExecutableFile(atPath: chromium), "\(chromium) is missing: run scripts/setup")
    let reports = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/run.json").path) }
    XCTAssertEqual(reports.count, 5, "the five committed reports")
    let pages = reports.map { "\($0)/index.html" } + ["index.html"]
    let check = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/browser-check.js")
    for page in pages {
      let original = folder.appendingPathComponent(page)
      let html = try String(contentsOf: original, encoding: .utf8)
      XCTAssertFalse(html.contains("<script"), "\(page) carries no script")
      let probe = original.deletingLastPathComponent().appendingPathComponent(".browser-check.html")
      try Data(
        html.replacingOccurrences(
          of: "<head>", with: "<head><script src=\"\(check.absoluteString)\"></script>"
        ).utf8
      ).write(to: probe)
      for width in [1280, 500] {
        let result = try Subprocess.run([
          chromium, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
          "--window-size=\(width),900", "--virtual-time-budget=8000", "--enable-logging=stderr", "--v=0",
          "--dump-dom", probe.absoluteString,
        ])
        guard let start = result.output.range(of: "<pre id=\"nbrun-check\">"),
          let end = result.output.range(of: "</pre>", range: start.upperBound..<result.output.endIndex)
        else {
          XCTFail("\(page) at \(width) px: the check did not run\n\(result.output.suffix(2000))")
          continue
        }
        let problems = unescape(String(result.output[start.upperBound..<end.lowerBound]))
        XCTAssertEqual(problems, "[]", "\(page) at \(width) px")
        let console = result.output.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertEqual(console, [], "\(page) at \(width) px: console messages")
      }
    }
  }

  private func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
  }
}
