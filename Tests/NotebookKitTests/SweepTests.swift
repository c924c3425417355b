import Foundation
import XCTest

@testable import NotebookKit

/// `--sweep`: a notebook at several points, a report each and a page that
/// sets their figures side by side; sweeps shard and merge like notebooks.
final class SweepTests: XCTestCase {
  private var scratch: NBRunScratch!

  override func setUpWithError() throws {
    scratch = try NBRunScratch()
    try scratch.copy(["claims.md", "minimal.md"])
  }

  override func tearDown() { scratch.remove() }

  private func reportFolders(_ output: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: scratch.url(output).path).filter {
      FileManager.default.fileExists(atPath: scratch.url("\(output)/\($0)/run.json").path)
    }.sorted()
  }

  func testEachPointHasItsReportAndThePageSetsThemSideBySide() throws {
    let run = try scratch.nbrun(
      ["--sweep", "denoised=0.01,0.2", "--summary", "summary.json", "claims.md", "minimal.md"])
    XCTAssertEqual(run.status, 0, run.output)
    // minimal.md declares no 'denoised': it runs once, unswept.
    XCTAssertEqual(try reportFolders("output"), ["claims@denoised=0.01", "claims@denoised=0.2", "minimal"])
    let summary = try RunSummary.read(from: scratch.url("summary.json"))
    XCTAssertEqual(summary.notebooks.map(\.point), ["denoised=0.01", "denoised=0.2", nil])
    XCTAssertEqual(summary.notebooks.map(\.failedClaims.count), [0, 1, 0])

    let page = try scratch.read("output/claims.sweep.html")
    XCTAssertTrue(page.contains("<a href=\"claims@denoised=0.01/index.html\">denoised=0.01</a>"), page)
    XCTAssertTrue(page.contains("<a href=\"claims@denoised=0.2/index.html\">denoised=0.2</a>"), page)
    XCTAssertTrue(
      page.contains(
        "<tr><td>final cost, one run</td><td class=\"num\">0.0302</td>"
          + "<td class=\"num\">0.05 <small>differs</small></td><td class=\"num\">0.05 <small>differs</small></td></tr>"
      ),
      page)
    XCTAssertTrue(page.contains("<td>1 match, 1 differ; 1 of 1 claims do not hold</td>"), page)
    let index = try scratch.read("output/index.html")
    XCTAssertTrue(index.contains("claims@denoised=0.2/index.html"), index)
  }

  func testSweepPointsShardAndMergeLikeNotebooks() throws {
    let arguments = ["--sweep", "claims.md:denoised=0.01,0.2", "--sweep", "noisy=0.09,0.5", "claims.md"]
    XCTAssertEqual(try scratch.nbrun(["-o", "all"] + arguments).status, 0)
    for shard in ["1/2", "2/2"] {
      XCTAssertEqual(
        try scratch.nbrun(["--shard", shard, "-o", "shard-\(shard.prefix(1))"] + arguments).status, 0)
    }
    XCTAssertEqual(try reportFolders("shard-1").count, 2)
    XCTAssertEqual(try reportFolders("shard-2").count, 2)
    let merge = try scratch.nbrun(["index", "-o", "merged", "shard-1", "shard-2"])
    XCTAssertEqual(merge.status, 0, merge.output)
    XCTAssertEqual(try reportFolders("merged"), try reportFolders("all"))
    XCTAssertEqual(try reportFolders("all").count, 4)
    let page = try scratch.read("merged/claims.sweep.html")
    for label in [
      "denoised=0.01,noisy=0.09", "denoised=0.01,noisy=0.5", "denoised=0.2,noisy=0.09",
      "denoised=0.2,noisy=0.5",
    ] {
      XCTAssertTrue(page.contains(">\(label)</a>"), label)
    }
  }

  func testASweepAimedAtANotebookThatLacksItsParameterIsAUsageError() throws {
    let run = try scratch.nbrun(["--sweep", "minimal.md:seed=1,2", "minimal.md"])
    XCTAssertEqual(run.status, 64, run.output)
    XCTAssertTrue(run.output.contains("minimal.md:1:1: error: unknown parameter 'seed'"), run.output)
  }

  func testSweepsParseAndCombine() {
    XCTAssertEqual(Sweep(parsing: "x.md:seed=1,2")?.values, ["1", "2"])
    XCTAssertEqual(Sweep(parsing: "x.md:seed=1,2")?.notebook, "x.md")
    for bad in ["seed=", "seed=1,,2", "=1,2", "seed"] { XCTAssertNil(Sweep(parsing: bad), bad) }
    let units = RunUnit.expand(
      ["a/x.md", "y.md"], sweeps: [Sweep(parsing: "seed=1,2")!, Sweep(parsing: "x:path=p/q")!],
      reportNames: ["a/x.md": "x", "y.md": "y"])
    XCTAssertEqual(
      units.map(\.reportName), ["x@seed=1,path=p_q", "x@seed=2,path=p_q", "y@seed=1", "y@seed=2"])
    XCTAssertEqual(
      units.map(\.id), ["a/x.md@seed=1,path=p/q", "a/x.md@seed=2,path=p/q", "y.md@seed=1", "y.md@seed=2"])
    let declared = RunUnit.expand(
      ["a/x.md", "y.md"], sweeps: [Sweep(parsing: "seed=1,2")!], reportNames: [:]
    ) { path, _ in path == "y.md" }
    XCTAssertEqual(declared.map(\.id), ["a/x.md", "y.md@seed=1", "y.md@seed=2"])
  }
}
