import Foundation
import XCTest

@testable import NotebookKit

/// Runs the built `nbrun` on real notebooks, good and broken, as a user
/// would, and checks exit codes, messages and reports.
final class EndToEndTests: EndToEndTestCase {
  func testCleanNotebook() throws {
    let run = try nbrun(["minimal.md", "-p", "greeting=hi"], fixtures: ["minimal.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try report("minimal")
    XCTAssertTrue(html.contains("hi from a notebook"))
    XCTAssertTrue(html.contains("all cells ran"))
    XCTAssertTrue(
      try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
        .contains("minimal/index.html"))
  }

  func testClaimsAreMarkedAndAFalseOneWarnsWithoutFailing() throws {
    let holds = try nbrun(["claims.md"], fixtures: ["claims.md"])
    XCTAssertEqual(holds.status, 0, holds.output)
    XCTAssertFalse(holds.output.contains("warning"), holds.output)
    var html = try report("claims")
    XCTAssertTrue(
      html.contains("<p class=\"claim ok\"><span class=\"mark\">✓</span> the output is cleaner"), html)
    XCTAssertTrue(html.contains("1 match, 1 differ; 1 claim checked, all hold"), html)
    XCTAssertTrue(html.contains("mean of 3 seeds, 0.0295–0.0311"), html)

    let contradicted = try nbrun(["claims.md", "-p", "denoised=0.2"])
    XCTAssertEqual(contradicted.status, 0, "a false claim is a warning, not a failure")
    XCTAssertTrue(
      contradicted.output.contains(
        "claims.md: warning: a claim does not hold: the output is cleaner than its input (MSE 0.2 against 0.09)"
      ),
      contradicted.output)
    XCTAssertTrue(
      contradicted.output.contains("warning: claims that do not hold in claims.md"), contradicted.output)
    html = try report("claims")
    XCTAssertTrue(html.contains("<strong>A claim of the prose does not hold:</strong>"), html)
    XCTAssertTrue(html.contains("<span class=\"mark\">✗</span>"), html)
    let index = try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
    XCTAssertTrue(index.contains("1 of 1 claims do not hold"), index)
  }

  func testOutputLookingLikeRecordsIsTextAndControlBytesAreVisible() throws {
    let run = try nbrun(["forged-record.md"], fixtures: ["forged-record.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try report("forged-record")
    XCTAssertTrue(html.contains("\\u{1E}nbrun:{&quot;cellStarted&quot;:{&quot;cell&quot;:99}}"), html)
    XCTAssertTrue(html.contains("nul \\u{0} esc \\u{1B}[31m red"), html)
    XCTAssertTrue(html.contains("the second cell ran"), html)
    XCTAssertFalse(
      html.contains("\u{0}") || html.contains("\u{1B}") || html.contains("\u{1E}"), "no raw control byte")
  }

  /// The process ids of running processes whose command line is `sleep <seconds>`.
  private func sleepers(_ seconds: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { entry in
      guard Int(entry) != nil, let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
      else { return false }
      return command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.suffix(1) == [seconds]
        && String(decoding: command, as: UTF8.self).contains("sleep")
    }
  }

  func testAChildACellLeavesRunningIsStoppedWithTheNotebook() throws {
    let started = Date()
    let run = try nbrun(["lingering-child.md", "-p", "seconds=41.25"], fixtures: ["lingering-child.md"])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertLessThan(Date().timeIntervalSince(started), 20, "nbrun does not wait for the child")
    XCTAssertEqual(sleepers("41.25"), [], "no orphan survives")
  }

  func testATimeoutHoldsWhenACellClosesItsOutputAndStopsItsChildren() throws {
    let started = Date()
    let run = try nbrun(
      ["lingering-child.md", "-p", "seconds=41.5", "-p", "spin=true"], fixtures: ["lingering-child.md"])
    XCTAssertEqual(run.status, 1, run.output)
    XCTAssertTrue(run.output.contains("stopped after 3 s"), run.output)
    XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the 3 s limit held")
    XCTAssertEqual(sleepers("41.5"), [], "the cell's child went with it")
  }

  func testSIGTERMStopsTheNotebookAndItsChildrenAndExits143() throws {
    _ = try nbrun(["--check", "lingering-child.md"], fixtures: ["lingering-child.md"])
    let library = try SupportLibrary.locate()
    let process = Process()
    process.executableURL = library.buildDirectory.appendingPathComponent("nbrun")
    process.arguments = ["lingering-child.md", "-p", "seconds=41.75", "-p", "spin=true", "--timeout", "60"]
    process.currentDirectoryURL = folder
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while sleepers("41.75").isEmpty, Date() < deadline { usleep(100_000) }
    XCTAssertFalse(sleepers("41.75").isEmpty, "the cell started its child")
    process.terminate()  // SIGTERM
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 143)
    usleep(200_000)
    XCTAssertEqual(sleepers("41.75"), [], "no orphan survives nbrun")
    let output = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("output").path)
    XCTAssertEqual(
      output.filter { $0.hasPrefix(".") }, [], "the unfinished report's staging folder went with nbrun")
  }

  func testSameNamedNotebooksInTwoFoldersGetTwoReports() throws {
    for (folderName, greeting) in [("a", "from a"), ("b", "from b")] {
      let sub = folder.appendingPathComponent(folderName)
      try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
      try Data("---\ntitle: \(folderName)\n---\n```swift\nprint(\"\(greeting)\")\n```\n".utf8)
        .write(to: sub.appendingPathComponent("x.md"))
    }
    let run = try nbrun(["a/x.md", "b/x.md"])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(try report("a-x").contains("from a"))
    XCTAssertTrue(try report("b-x").contains("from b"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/x").path))
  }

  func testConcurrentRunsOfOneNotebookTakeTurnsAndBothFinish() throws {
    _ = try nbrun(["--check", "minimal.md"], fixtures: ["minimal.md"])
    let library = try SupportLibrary.locate()
    let runs = (0..<3).map { n in
      let process = Process()
      process.executableURL = library.buildDirectory.appendingPathComponent("nbrun")
      process.arguments = ["--force", "minimal.md", "-p", "greeting=run\(n)", "--output", "out\(n % 2)"]
      process.currentDirectoryURL = folder
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      return process
    }
    for process in runs { try process.run() }
    for process in runs { process.waitUntilExit() }
    XCTAssertEqual(runs.map(\.terminationStatus), [0, 0, 0])
    let last = try String(
      contentsOf: folder.appendingPathComponent("out1/minimal/index.html"), encoding: .utf8)
    XCTAssertTrue(last.contains("run1 from a notebook"), "each report shows its own parameters")
    let zero = try String(
      contentsOf: folder.appendingPathComponent("out0/minimal/index.html"), encoding: .utf8)
    XCTAssertTrue(zero.contains("run0 from a notebook") || zero.contains("run2 from a notebook"))
  }

  func testANotebookThatCannotRunIsMarkedInTheIndexBesideItsLastReport() throws {
    XCTAssertEqual(try nbrun(["minimal.md"], fixtures: ["minimal.md"]).status, 0)
    let failed = try nbrun(["minimal.md", "-p", "colour=red"])
    XCTAssertEqual(failed.status, 64)
    var index = try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
    XCTAssertTrue(index.contains("<span class=\"badge failed\">not run</span>"), index)
    XCTAssertTrue(index.contains("unknown parameter &#39;colour&#39;"), index)
    XCTAssertTrue(index.contains("The report linked is the last one that ran (all cells ran)"), index)
    XCTAssertTrue(try report("minimal").contains("hello from a notebook"), "the last report is kept")
    XCTAssertEqual(try nbrun(["minimal.md"]).status, 0)
    index = try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
    XCTAssertFalse(index.contains("not run"), "a report published again clears the mark")
  }

  func testMarkupInALabelAndOddFileNamesStayText() throws {
    let run = try nbrun(["markup-label.md"], fixtures: ["markup-label.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try report("markup-label")
    XCTAssertFalse(html.contains("<img src=x"), "the label is escaped")
    XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html)

    try FileManager.default.copyItem(
      at: folder.appendingPathComponent("markup-label.md"), to: folder.appendingPathComponent("week #3 ?.md"))
    XCTAssertEqual(try nbrun(["week #3 ?.md"]).status, 0)
    let index = try String(contentsOf: folder.appendingPathComponent("output/index.html"), encoding: .utf8)
    XCTAssertTrue(index.contains("href=\"week%20%233%20%3F/index.html\""), index)
  }

  func testFormulasAreTypesetAndABrokenOneIsAWarningAtItsLine() throws {
    let run = try nbrun(["math.md"], fixtures: ["math.md"])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(run.output.contains("math.md:12: warning: cannot typeset $\\frac{1}{$"), run.output)
    let html = try report("math")
    XCTAssertEqual(html.components(separatedBy: "<math").count - 1, 3, "three formulas typeset")
    XCTAssertTrue(html.contains("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">"))
    XCTAssertTrue(html.contains("<code class=\"math-error\""))
    XCTAssertTrue(html.contains("costs $5 or $6"))
    XCTAssertTrue(html.contains("<code>$x$</code>"))

    let cached = try nbrun(["math.md"])
    XCTAssertTrue(cached.output.contains("unchanged"), cached.output)
    XCTAssertEqual(try report("math").components(separatedBy: "<math").count - 1, 3)
  }

  func testCompileErrorPointsAtTheNotebookLine() throws {
    let run = try nbrun(["compile-error.md"], fixtures: ["compile-error.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(
      run.output.contains("compile-error.md:12:14: error: cannot convert value of type 'String'"), run.output)
    let html = try report("compile-error")
    XCTAssertTrue(html.contains("did not compile"))
    XCTAssertEqual(html.components(separatedBy: "class=\"cell not-run\"").count - 1, 3, "no cell ran")
  }

  func testRuntimeTrapIsBlamedOnItsCellAndLaterCellsDoNotRun() throws {
    let run = try nbrun(["runtime-trap.md"], fixtures: ["runtime-trap.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.output.contains("runtime-trap.md:10:13: error: cell 2 failed: "), run.output)
    XCTAssertTrue(run.output.contains("Index out of range"), run.output)
    let html = try report("runtime-trap")
    XCTAssertTrue(html.contains("before the trap"))
    XCTAssertTrue(html.contains("about to read past the end"), "output up to the trap is kept")
    XCTAssertTrue(html.contains("<section class=\"cell failed\" id=\"cell-2\">"))
    XCTAssertTrue(html.contains("<section class=\"cell not-run\" id=\"cell-3\">"))
    XCTAssertFalse(html.contains("never printed</pre>"))
  }

  func testThrownErrorShowsTheShapeMessage() throws {
    let run = try nbrun(["thrown-error.md"], fixtures: ["thrown-error.md"])
    XCTAssertEqual(run.status, 1)
    let html = try report("thrown-error")
    XCTAssertTrue(
      html.contains(
        "Dense(784 =&gt; 196, activation: .relu) at 0 expects input of shape [N, 784], got [2, 28, 28, 1]"),
      html)
  }

  func testTimeoutNamesTheCell() throws {
    let started = Date()
    let run = try nbrun(["timeout.md"], fixtures: ["timeout.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    // Asleep in the C library, where the backtracer cannot unwind: gdb finds the line.
    XCTAssertTrue(run.output.contains("timeout.md:10:14: error: spin failed: stopped after 1 s"), run.output)
    XCTAssertTrue(try report("timeout").contains("first cell runs"))
  }

  func testPrintedMarkupIsEscaped() throws {
    XCTAssertEqual(try nbrun(["script-output.md"], fixtures: ["script-output.md"]).status, 0)
    let html = try report("script-output")
    XCTAssertTrue(
      html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"))
    XCTAssertFalse(html.contains("<script>"))
  }

  func testCacheHitThenMissAfterACellEdit() throws {
    XCTAssertTrue(try nbrun(["minimal.md"], fixtures: ["minimal.md"]).output.contains("all cells ran"))
    let second = try nbrun(["minimal.md"])
    XCTAssertEqual(second.status, 0)
    XCTAssertTrue(second.output.contains("unchanged, outputs reused"), second.output)
    XCTAssertFalse(second.output.contains("started"), "nothing ran")

    let path = folder.appendingPathComponent("minimal.md")
    let edited = try String(contentsOf: path, encoding: .utf8)
      .replacingOccurrences(of: "from a notebook\")", with: "from an edited notebook\")")
    try edited.write(to: path, atomically: true, encoding: .utf8)
    let third = try nbrun(["minimal.md"])
    XCTAssertTrue(third.output.contains("all cells ran"), third.output)
    XCTAssertTrue(try report("minimal").contains("from an edited notebook"))
    XCTAssertTrue(try nbrun(["minimal.md", "--force"]).output.contains("all cells ran"))
  }

  func testOneFailureDoesNotStopTheOthersUnlessFailFast() throws {
    let fixtures = ["runtime-trap.md", "minimal.md"]
    let run = try nbrun(fixtures, fixtures: fixtures)
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.output.contains("1 of 2 failed: runtime-trap.md"), run.output)
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/minimal/index.html").path))

    try FileManager.default.removeItem(at: folder.appendingPathComponent("output"))
    _ = try nbrun(["--fail-fast"] + fixtures)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/minimal").path))
  }

  func testUsageErrorsAndHelp() throws {
    let help = try nbrun(["--help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertTrue(help.output.contains("USAGE: nbrun"), help.output)
    XCTAssertTrue(help.output.contains("--profile <profile>"), help.output)
    XCTAssertTrue(help.output.contains("Exit status: 0 when every notebook ran clean"), help.output)

    let missing = try nbrun(["absent.md"])
    XCTAssertEqual(missing.status, 64)
    XCTAssertTrue(missing.output.contains("No notebook at 'absent.md'"), missing.output)

    let unknown = try nbrun(["minimal.md", "-p", "colour=red"], fixtures: ["minimal.md"])
    XCTAssertEqual(unknown.status, 64, "a parameter the notebook lacks is a usage error")
    XCTAssertTrue(
      unknown.output.contains("minimal.md:1:1: error: unknown parameter 'colour' from -p"), unknown.output)
    let profile = try nbrun(["minimal.md", "--profile", "nosuch"])
    XCTAssertEqual(profile.status, 64)
    XCTAssertTrue(profile.output.contains("no profile 'nosuch'"), profile.output)
    XCTAssertEqual(try nbrun(["minimal.md", "-p", "greeting"]).status, 64, "-p without '='")
  }

  func testParameterValuesAreDataNotSource() throws {
    let hostile = "a\"); print(\"injected\")\r\n//"
    let run = try nbrun(["minimal.md", "-p", "greeting=\(hostile)"], fixtures: ["minimal.md"])
    XCTAssertEqual(run.status, 0, run.output)
    let html = try report("minimal")
    XCTAssertTrue(html.contains("a&quot;); print(&quot;injected&quot;)\r\n// from a notebook"), html)
    XCTAssertFalse(html.contains("<pre class=\"output\">injected"), "the value was never code")
  }

  func testAParameterUndeclaredByOneOfSeveralNotebooksIsAWarningThere() throws {
    let run = try nbrun(
      ["minimal.md", "claims.md", "-p", "noisy=0.5", "-p", "minimal.md:greeting=hey"],
      fixtures: ["minimal.md", "claims.md"])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(
      run.output.contains(
        "minimal.md:1:1: warning: -p noisy ignored: this notebook declares no parameter 'noisy'"),
      run.output)
    XCTAssertTrue(try report("minimal").contains("hey from a notebook"))
    XCTAssertTrue(try report("claims").contains("MSE 0.01 against 0.5"))
  }

  func testCheckTypechecksWithoutRunning() throws {
    let run = try nbrun(
      ["--check", "minimal.md", "compile-error.md"], fixtures: ["minimal.md", "compile-error.md"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.output.contains("compile-error.md:12:14: error"), run.output)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/minimal").path))
  }
}
