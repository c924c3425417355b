import Foundation
import XCTest

@testable import NotebookKit

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `--junit`, `--summary` and GitHub annotations, through the built nbrun on
/// good and broken notebooks.
final class CIOutputTests: XCTestCase {
  private var scratch: NBRunScratch!

  override func setUpWithError() throws {
    scratch = try NBRunScratch()
    try scratch.copy(["minimal.md", "claims.md", "runtime-trap.md", "compile-error.md"])
  }

  override func tearDown() { scratch.remove() }

  private let notebooks = ["minimal.md", "claims.md", "runtime-trap.md", "compile-error.md"]

  private func suite(_ document: XMLDocument, _ notebook: String) throws -> XMLElement {
    let suites = try document.nodes(
      forXPath: "/testsuites/testsuite[properties/property[@name='notebook' and @value='\(notebook)']]")
    return try XCTUnwrap(suites.first as? XMLElement, "no suite for \(notebook)")
  }

  private func strings(_ node: XMLNode, _ xpath: String) throws -> [String] {
    try node.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
  }

  func testJUnitFollowsTheJenkinsSchemaAndLocatesFailures() throws {
    let run = try scratch.nbrun(["--junit", "ci/junit.xml", "-p", "claims.md:denoised=0.2"] + notebooks)
    XCTAssertEqual(run.status, 1, run.output)
    XCTAssertTrue(
      run.output.contains("cannot write ci/junit.xml"), "no folder ci/: a clear error\n\(run.output)")

    try FileManager.default.createDirectory(at: scratch.url("ci"), withIntermediateDirectories: true)
    XCTAssertEqual(
      try scratch.nbrun(["--junit", "ci/junit.xml", "-p", "claims.md:denoised=0.2"] + notebooks).status, 1)
    let document = try XMLDocument(data: Data(contentsOf: scratch.url("ci/junit.xml")))
    XCTAssertEqual(JUnitSchema.violations(document), [])

    let root = try XCTUnwrap(document.rootElement())
    XCTAssertEqual(root.elements(forName: "testsuite").count, 4)
    // The counts add up: suites' own, and the totals.
    var tests = 0
    for suite in root.elements(forName: "testsuite") {
      let cases = suite.elements(forName: "testcase")
      XCTAssertEqual(suite.attribute(forName: "tests")?.stringValue, "\(cases.count)")
      for kind in ["failures": "failure", "errors": "error", "skipped": "skipped"] {
        XCTAssertEqual(
          suite.attribute(forName: kind.key)?.stringValue,
          "\(cases.filter { !$0.elements(forName: kind.value).isEmpty }.count)", kind.key)
      }
      tests += cases.count
    }
    XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "\(tests)")

    let minimal = try suite(document, "minimal.md")
    XCTAssertEqual(try strings(minimal, "testcase/@name"), ["cell 1"])
    XCTAssertNotNil(Double(try strings(minimal, "testcase/@time")[0]))

    let trap = try suite(document, "runtime-trap.md")
    XCTAssertEqual(try strings(trap, "testcase/@name"), ["cell 1", "cell 2", "cell 3"])
    let failure = try strings(trap, "testcase[@name='cell 2']/failure/@message")
    XCTAssertEqual(failure.count, 1)
    XCTAssertTrue(failure[0].hasPrefix("runtime-trap.md:10: error: cell 2 failed:"), failure[0])
    XCTAssertTrue(failure[0].contains("Index out of range"), failure[0])
    XCTAssertEqual(try strings(trap, "testcase[@name='cell 3']/skipped/@message"), ["not run"])

    let broken = try suite(document, "compile-error.md")
    let error = try strings(broken, "testcase/error/@message")
    XCTAssertEqual(error.count, 1)
    XCTAssertTrue(
      error[0].hasPrefix("compile-error.md:12: error: cannot convert value of type 'String'"), error[0])

    let claims = try suite(document, "claims.md")
    XCTAssertEqual(try strings(claims, "testcase/failure"), [], "a claim that does not hold is no failure")
    XCTAssertEqual(
      try strings(claims, "properties/property[@name='claim does not hold']/@value"),
      ["the output is cleaner than its input (MSE 0.2 against 0.09)"])
    XCTAssertEqual(
      try strings(claims, "properties/property[@name='differs']/@value"),
      ["final cost, one run: post 0.0302, ours 0.05"])
    XCTAssertEqual(try strings(claims, "properties/property[@name='verdicts.matches']/@value"), ["1"])
    let warnings = try strings(claims, "system-out").joined()
    XCTAssertTrue(warnings.contains("claims.md:9: warning: a claim does not hold"), warnings)
    XCTAssertTrue(
      warnings.contains("claims.md: warning: differs from the post: final cost, one run"), warnings)
  }

  func testTheSchemaCheckCatchesWhatBreaksIt() throws {
    let misplaced = try XMLDocument(
      xmlString: """
        <testsuites><testsuite name="x" tests="one"><testcase name="a"/><properties/>\
        <testcase name="b" flaky="yes"/></testsuite></testsuites>
        """)
    let found = JUnitSchema.violations(misplaced)
    XCTAssertTrue(found.contains("testsuites/testsuite: tests=\"one\" is not a number"), "\(found)")
    XCTAssertTrue(found.contains("testsuites/testsuite: <properties> out of order or repeated"), "\(found)")
    XCTAssertTrue(
      found.contains("testsuites/testsuite/testcase: attribute flaky= not in the schema"), "\(found)")
  }

  func testControlCharactersACellPrintsStayValidXML() throws {
    XCTAssertEqual(JUnitReport.xmlCharacters("a\u{1B}[31mb\u{0}\tc\n"), "a\\u{1B}[31mb\\u{0}\tc\n")
  }

  func testSummaryHasStatusDurationsVerdictsClaimsAndReports() throws {
    let run = try scratch.nbrun(
      ["--summary", "summary.json", "-p", "claims.md:denoised=0.2"] + notebooks)
    XCTAssertEqual(run.status, 1, run.output)
    let summary = try RunSummary.read(from: scratch.url("summary.json"))
    XCTAssertEqual(summary.notebooks.map(\.notebook), notebooks)
    XCTAssertEqual(summary.notebooks.map(\.status), [.passed, .passed, .failed, .failed])
    XCTAssertGreaterThan(summary.seconds, 0)
    for notebook in summary.notebooks {
      let report = try XCTUnwrap(notebook.report)
      XCTAssertTrue(FileManager.default.fileExists(atPath: report), report)
      XCTAssertNotNil(notebook.compileSeconds)
    }
    let claims = summary.notebooks[1]
    XCTAssertEqual(claims.verdicts, NotebookSummary.Verdicts(matches: 1, differs: 1, noValue: 0))
    XCTAssertEqual(claims.claimsChecked, 1)
    XCTAssertEqual(claims.failedClaims.map(\.line), [9])
    XCTAssertEqual(claims.differences.map(\.name), ["final cost, one run"])
    let trap = summary.notebooks[2]
    XCTAssertEqual(trap.failure?.file, "runtime-trap.md")
    XCTAssertEqual(trap.failure?.line, 10)
    XCTAssertEqual(trap.cells.map(\.status), [.succeeded, .failed, .notRun])
    XCTAssertNotNil(trap.cells[0].seconds)
    XCTAssertEqual(summary.notebooks[3].failure?.line, 12)

    // A -p of the wrong type: the notebook does not run, exit 64, and says so.
    let usage = try scratch.nbrun([
      "--summary", "summary.json", "-p", "noisy=loud", "claims.md", "minimal.md",
    ])
    XCTAssertEqual(usage.status, 64, usage.output)
    let usageSummary = try RunSummary.read(from: scratch.url("summary.json"))
    XCTAssertEqual(usageSummary.notebooks.map(\.status), [.usageError, .passed])
    XCTAssertEqual(usageSummary.notebooks[0].failure?.file, "claims.md")
    XCTAssertEqual(usageSummary.notebooks[1].cached, true)
    XCTAssertEqual(usageSummary.notebooks[1].warnings.count, 1, "-p noisy is undeclared in minimal.md")
  }

  func testGitHubAnnotationsOnlyUnderGitHubActions() throws {
    let arguments = ["-p", "claims.md:denoised=0.2", "runtime-trap.md", "claims.md", "compile-error.md"]
    let plain = try scratch.nbrun(arguments)
    XCTAssertFalse(plain.output.contains("::error"), plain.output)
    let annotated = try scratch.nbrun(arguments, environment: ["GITHUB_ACTIONS": "true"])
    XCTAssertEqual(annotated.status, 1)
    let lines = annotated.output.split(separator: "\n").filter { $0.hasPrefix("::") }.map(String.init)
    XCTAssertTrue(
      lines.contains { $0.hasPrefix("::error file=runtime-trap.md,line=10,title=nbrun::cell 2 failed: ") },
      "\(lines)")
    XCTAssertTrue(
      lines.contains(
        "::error file=compile-error.md,line=12,title=nbrun::cannot convert value of type 'String' to specified type 'Int'"
      ),
      "\(lines)")
    XCTAssertTrue(
      lines.contains(
        "::warning file=claims.md,line=9,title=nbrun::a claim does not hold: the output is cleaner than its input (MSE 0.2 against 0.09)"
      ), "\(lines)")
    XCTAssertTrue(
      lines.contains(
        "::warning file=claims.md,title=nbrun::differs from the post: final cost, one run: post 0.0302, ours 0.05"
      ),
      "\(lines)")

    // With -j the children run under GitHub too: each annotation comes once, from this nbrun.
    let parallel = try scratch.nbrun(["-j", "2"] + arguments, environment: ["GITHUB_ACTIONS": "true"])
    XCTAssertEqual(
      parallel.output.components(separatedBy: "::error file=runtime-trap.md,line=10,").count - 1, 1,
      parallel.output)
  }

  func testAnnotationValuesAreEscapedAsGitHubReadsThem() {
    let message = LocatedMessage(file: "a,b:c.md", line: 3, severity: .error, text: "50% done\nthen failed")
    XCTAssertEqual(
      GitHubAnnotations.command(message),
      "::error file=a%2Cb%3Ac.md,line=3,title=nbrun::50%25 done%0Athen failed")
  }

  func testLocatedMessagesAreReadFromDiagnostics() {
    XCTAssertEqual(
      LocatedMessage(parsing: "x.md:12:14: error: cannot convert"),
      LocatedMessage(file: "x.md", line: 12, severity: .error, text: "cannot convert"))
    XCTAssertEqual(
      LocatedMessage(parsing: "week: 3.md:4: warning: odd"),
      LocatedMessage(file: "week: 3.md", line: 4, severity: .warning, text: "odd"))
    XCTAssertEqual(
      LocatedMessage(parsing: "claims.md: warning: a claim"),
      LocatedMessage(file: "claims.md", line: nil, severity: .warning, text: "a claim"))
    XCTAssertNil(LocatedMessage(parsing: "just text"))
  }
}
