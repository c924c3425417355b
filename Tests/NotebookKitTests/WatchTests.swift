import Foundation
import XCTest

@testable import NotebookKit

/// `nbrun --watch` end to end: the built nbrun serves `Fixtures/watch.md`,
/// headless Chromium keeps its page open, the test edits the notebook file,
/// and the page shows the running cell, then the new output, then a
/// compile error at its line, without nbrun or the page being restarted.
final class WatchTests: EndToEndTestCase {
  /// What the page shows: the status bar, then the report's text.
  private let pageText =
    "(document.getElementById('nbrun-live')?.innerText ?? 'no status bar') + '\\n' + document.body.innerText"
  private let barText = "document.getElementById('nbrun-live')?.innerText ?? ''"

  func testPageFollowsEditsAndCtrlCStopsEverything() throws {
    continueAfterFailure = false  // each step needs the one before
    try copyFixtures(["watch.md"])
    let binary = try SupportLibrary.locate().buildDirectory.appendingPathComponent("nbrun").path
    let nbrun = try WatchedNBRun(binary: binary, arguments: ["--watch", "watch.md"], in: folder)
    defer { nbrun.kill() }
    guard let port = nbrun.servingPort(timeout: 30) else {
      return XCTFail("no 'Serving' line:\n\(nbrun.text)")
    }
    XCTAssertTrue(nbrun.text.contains("watching watch.md; Ctrl-C stops"), nbrun.text)
    let browser = try DevToolsBrowser(
      opening: "http://127.0.0.1:\(port)/", log: folder.appendingPathComponent("chromium.log"))
    defer { browser.close() }

    // The first run: the page names the running cell, its line and progress.
    let holdLine = try line(of: "//| label: hold", in: "watch.md") - 1
    try browser.wait(for: barText, timeout: 180, "the running cell in the status bar") {
      $0.contains("Running hold (line \(holdLine)): waiting for release")
    }
    try Data().write(to: folder.appendingPathComponent("release"))
    try browser.wait(for: pageText, timeout: 60, "the first run's report") {
      $0.contains("Up to date") && $0.contains("first version") && $0.contains("released")
    }
    let onDisk = try report("watch")
    XCTAssertFalse(onDisk.contains("<script"), "the report on disk carries no script")

    // An edit: the page loads again with the new output.
    try edit("watch.md", replacing: "print(\"first version\")", with: "print(\"second version\")")
    try browser.wait(for: pageText, timeout: 180, "the edited output") {
      $0.contains("Up to date") && $0.contains("second version") && !$0.contains("first version")
    }

    // A compile error: shown at its line, in the bar and in the report,
    // with the last good report a link away.
    try edit("watch.md", replacing: "print(\"second version\")", with: "let broken: Int = \"three\"")
    let brokenLine = try line(of: "let broken", in: "watch.md")
    try browser.wait(for: pageText, timeout: 180, "the compile error at its line") {
      $0.contains("Last run failed: watch.md:\(brokenLine):") && $0.contains("watch.md:\(brokenLine):")
        && $0.contains("error:")
    }
    let lastGoodLink = try browser.evaluate(
      "document.querySelector('a[href=\"last-good/index.html\"]')?.innerText ?? 'none'")
    XCTAssertNotEqual(lastGoodLink, "none", "a failed run links to the last good report")
    XCTAssertTrue(
      try String(
        contentsOf: folder.appendingPathComponent("output/watch/last-good/index.html"), encoding: .utf8
      )
      .contains("second version"), "the last good report keeps the last good outputs")

    // A run that is going on when Ctrl-C comes: nbrun stops it, and its
    // server, and exits 130, leaving no process behind.
    try edit(
      "watch.md",
      [
        ("let broken: Int = \"three\"", "print(\"third version\")"),
        ("atPath: \"release\"", "atPath: \"release-2\""),
      ])
    try browser.wait(for: barText, timeout: 180, "the third run's held cell") {
      $0.contains("Running hold")
    }
    let below = nbrun.descendants
    XCTAssertFalse(below.isEmpty, "the notebook program runs below nbrun")
    nbrun.process.interrupt()
    XCTAssertEqual(nbrun.exitStatus(timeout: 10), 130, nbrun.text)
    let deadline = Date().addingTimeInterval(5)
    while below.contains(where: WatchedNBRun.isRunning), Date() < deadline { usleep(100_000) }
    XCTAssertEqual(below.filter(WatchedNBRun.isRunning), [], "processes nbrun left running")
    XCTAssertFalse(WatchedNBRun.accepts(port: port), "the server still listens after Ctrl-C")
    try browser.wait(for: barText, timeout: 20, "the page telling that nbrun stopped") {
      $0.contains("not running")
    }
  }

  func testSIGTERMStopsTheServerWith143() throws {
    continueAfterFailure = false
    // A notebook that does not parse: nothing compiles, the page tells why.
    try write("---\ntitle: [unclosed\n---\n# Broken front matter\n", to: "broken.md")
    let binary = try SupportLibrary.locate().buildDirectory.appendingPathComponent("nbrun").path
    let nbrun = try WatchedNBRun(binary: binary, arguments: ["--watch", "broken.md"], in: folder)
    defer { nbrun.kill() }
    guard let port = nbrun.servingPort(timeout: 30) else {
      return XCTFail("no 'Serving' line:\n\(nbrun.text)")
    }
    let browser = try DevToolsBrowser(
      opening: "http://127.0.0.1:\(port)/broken/", log: folder.appendingPathComponent("chromium.log"))
    defer { browser.close() }
    try browser.wait(for: barText, timeout: 60, "the parse error") {
      $0.contains("Last run did not start: broken.md")
    }
    nbrun.process.terminate()
    XCTAssertEqual(nbrun.exitStatus(timeout: 10), 143, nbrun.text)
    XCTAssertFalse(WatchedNBRun.accepts(port: port), "the server still listens after SIGTERM")
  }

  func testCtrlCWhileCompilingStopsTheCompiler() throws {
    try checkCtrlCWhileCompilingStopsTheCompiler(["--watch", "slow.md"])
  }

  /// The same holds for a plain run, which has no server to stop.
  func testCtrlCWhileCompilingStopsTheCompilerWithoutWatch() throws {
    try checkCtrlCWhileCompilingStopsTheCompiler(["slow.md"])
  }

  private func checkCtrlCWhileCompilingStopsTheCompiler(_ arguments: [String]) throws {
    continueAfterFailure = false
    // Sixty functions of 300 terms each: seconds of type-checking.
    let functions = (0..<60).map { index in
      "func f\(index)() -> Double { let a = 1.0; return "
        + (1..<300).map { "a * \($0).0" }.joined(separator: " + ") + " }"
    }
    try write(
      "# Slow to compile\n\n```swift\n" + functions.joined(separator: "\n") + "\nprint(f0())\n```\n",
      to: "slow.md")
    let binary = try SupportLibrary.locate().buildDirectory.appendingPathComponent("nbrun").path
    let nbrun = try WatchedNBRun(binary: binary, arguments: arguments, in: folder)
    defer { nbrun.kill() }
    // The test signals nbrun alone (as `kill` or a CI runner's SIGTERM
    // would, unlike a terminal's Ctrl-C to the whole group): nbrun must
    // stop the compiler itself.
    let deadline = Date().addingTimeInterval(60)
    var below: [pid_t] = []
    while below.isEmpty, Date() < deadline, nbrun.process.isRunning {
      usleep(100_000)
      below = nbrun.descendants
    }
    XCTAssertFalse(below.isEmpty, "no compiler below nbrun:\n\(nbrun.text)")
    nbrun.process.interrupt()
    XCTAssertEqual(nbrun.exitStatus(timeout: 10), 130, nbrun.text)
    let stopped = Date().addingTimeInterval(5)
    while below.contains(where: WatchedNBRun.isRunning), Date() < stopped { usleep(100_000) }
    XCTAssertEqual(below.filter(WatchedNBRun.isRunning), [], "compiler processes nbrun left running")
  }

  func testWatchTakesOneNotebookAndPortNeedsWatch() throws {
    try copyFixtures(["watch.md", "minimal.md"])
    let two = try nbrun(["--watch", "watch.md", "minimal.md"])
    XCTAssertEqual(two.status, 64)
    XCTAssertTrue(two.output.contains("--watch takes exactly one notebook (given 2)"), two.output)
    let port = try nbrun(["--port", "8080", "watch.md"])
    XCTAssertEqual(port.status, 64)
    XCTAssertTrue(port.output.contains("--port is the port of --watch"), port.output)
    let jobs = try nbrun(["--watch", "-j", "2", "watch.md"])
    XCTAssertEqual(jobs.status, 64)
    XCTAssertTrue(jobs.output.contains("it takes no -j"), jobs.output)
  }

  func testAPortInUseIsSaidAtOnce() throws {
    try copyFixtures(["watch.md"])
    let taken = try WatchedNBRun.listeningSocket()
    defer { close(taken.socket) }
    let run = try nbrun(["--watch", "--port", String(taken.port), "watch.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(
      run.output.contains("cannot serve on 127.0.0.1:\(taken.port): address already in use"), run.output)
  }

  /// Saves `name` with `old` replaced, as an editor does: a new file renamed
  /// over the old one.
  private func edit(_ name: String, replacing old: String, with new: String) throws {
    try edit(name, [(old, new)])
  }

  /// Saves `name` once with each `(old, new)` replaced.
  private func edit(_ name: String, _ replacements: [(String, String)]) throws {
    let url = folder.appendingPathComponent(name)
    var text = try String(contentsOf: url, encoding: .utf8)
    for (old, new) in replacements {
      XCTAssertTrue(text.contains(old), "\(name) holds \(old)")
      text = text.replacingOccurrences(of: old, with: new)
    }
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  /// The line (from 1) of the first line of `name` that contains `text`.
  private func line(of text: String, in name: String) throws -> Int {
    let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    guard let index = lines.firstIndex(where: { $0.contains(text) }) else {
      throw DevToolsBrowser.Failure("\(name) has no line with \(text)")
    }
    return index + 1
  }
}
