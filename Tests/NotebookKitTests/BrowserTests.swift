import Foundation
import XCTest

@testable import NotebookKit

/// Loads each committed report and the index (`output/`) in headless
/// Chromium (Debian's `chromium`, installed by `scripts/setup`) at a desktop
/// and a phone width, and fails on console errors, images that do not load,
/// content that runs past the window's edge outside a scrolling box, and a
/// box that scrolls sideways though it was not made to (the run record).
/// The check (`Fixtures/browser-check.js`) is injected into a copy of each
/// page: the reports themselves carry no script.
final class BrowserTests: XCTestCase {
  /// Phones are 360 to 430 CSS pixels wide.
  private static let phoneWidth = 420
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
    // Over DevTools: headless Chromium's windows are at least 500 px wide, so a
    // phone's width must be emulated.
    let browser = try DevToolsBrowser(
      opening: "about:blank", log: folder.appendingPathComponent("chromium.log"))
    defer { browser.close() }
    try browser.command("Log.enable")
    try browser.command("Runtime.enable")
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
      for width in [1280, Self.phoneWidth] {
        try browser.command(
          "Emulation.setDeviceMetricsOverride",
          ["width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 800])
        let url = probe.absoluteString + "?width=\(width)"
        _ = browser.takeEvents()
        try browser.command("Page.navigate", ["url": url])
        // The new document's verdict, not the last one's.
        let verdict = try browser.wait(
          for: "location.href === \(javaScript(url)) && document.getElementById('nbrun-check')?.textContent",
          timeout: 30, "\(page) at \(width) px: the check's verdict"
        ) { _ in true }
        guard let verdict else { continue }
        XCTAssertEqual(verdict, "[]", "\(page) at \(width) px")
        let console = browser.takeEvents().compactMap(Self.consoleMessage)
        XCTAssertEqual(console, [], "\(page) at \(width) px: console messages")
      }
    }
  }

  /// What an event says on the page's console, if it is a message there.
  private static func consoleMessage(_ event: [String: Any]) -> String? {
    let parameters = event["params"] as? [String: Any] ?? [:]
    switch event["method"] as? String {
    case "Log.entryAdded":
      let entry = parameters["entry"] as? [String: Any] ?? [:]
      guard entry["level"] as? String != "verbose" else { return nil }
      return "\(entry["level"] ?? ""): \(entry["text"] ?? "") \(entry["url"] ?? "")"
    case "Runtime.consoleAPICalled":
      let arguments = (parameters["args"] as? [[String: Any]] ?? []).map {
        "\($0["value"] ?? $0["description"] ?? "")"
      }
      return "console.\(parameters["type"] ?? ""): " + arguments.joined(separator: " ")
    case "Runtime.exceptionThrown": return "exception: \(parameters)"
    default: return nil
    }
  }

  /// `text` as a JavaScript string literal.
  private func javaScript(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text])
    return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
  }
}
