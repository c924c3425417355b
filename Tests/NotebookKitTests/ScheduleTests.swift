import Foundation
import Launcher
import XCTest

@testable import NotebookKit

/// `-j N`, `--shard i/n` and `nbrun index`: the same reports as one
/// sequential run, through the built nbrun; and the share plan itself.
final class ScheduleTests: XCTestCase {
  private var scratch: NBRunScratch!
  private let notebooks = ["minimal.md", "claims.md", "labels.md", "runtime-trap.md", "a/x.md", "b/x.md"]

  override func setUpWithError() throws {
    scratch = try NBRunScratch()
    try scratch.copy(["minimal.md", "claims.md", "labels.md", "runtime-trap.md", "cores.md"])
    try scratch.copy(["minimal.md"], to: "a")
    try scratch.copy(["labels.md"], to: "b")
    try FileManager.default.moveItem(at: scratch.url("a/minimal.md"), to: scratch.url("a/x.md"))
    try FileManager.default.moveItem(at: scratch.url("b/labels.md"), to: scratch.url("b/x.md"))
  }

  override func tearDown() { scratch.remove() }

  /// Each report's record without what differs from run to run (`timeless`).
  private func reports(in output: String) throws -> [String: RunRecord] {
    var records: [String: RunRecord] = [:]
    let folder = scratch.url(output)
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
      guard let record = ReportFolder(final: folder.appendingPathComponent(name)).existingRecord else {
        continue
      }
      records[name] = record.timeless
    }
    return records
  }

  /// The index's rows: each report linked, its status badge and verdicts.
  private func indexRows(_ output: String) throws -> [String] {
    let html = try scratch.read("\(output)/index.html")
    let row = try Regex(
      #"(?s)<tr><td><a href="([^"]+)">.*?class="badge ([a-z-]+)".*?<td class="verdicts">(.*?)</td>"#)
    return html.matches(of: row).map { match in
      "\(match.output[1].substring ?? "") \(match.output[2].substring ?? "") \(match.output[3].substring ?? "")"
    }
  }

  private func assertSameReports(
    _ output: String, _ expected: [String: RunRecord], file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let found = try reports(in: output)
    XCTAssertEqual(found.keys.sorted(), expected.keys.sorted(), output, file: file, line: line)
    for (name, record) in expected {
      XCTAssertEqual(found[name], record, "\(output)/\(name)", file: file, line: line)
    }
  }

  func testParallelAndShardedRunsGiveTheReportsOfASequentialRun() throws {
    let sequential = try scratch.nbrun(["-o", "sequential", "--summary", "sequential.json"] + notebooks)
    XCTAssertEqual(sequential.status, 1, sequential.output)
    let expected = try reports(in: "sequential")
    XCTAssertEqual(expected.keys.sorted(), ["a-x", "b-x", "claims", "labels", "minimal", "runtime-trap"])

    let parallel = try scratch.nbrun(["-j", "2", "-o", "parallel", "--summary", "parallel.json"] + notebooks)
    XCTAssertEqual(parallel.status, 1, parallel.output)
    XCTAssertTrue(parallel.output.contains("2 at a time"), parallel.output)
    XCTAssertTrue(parallel.output.contains("runtime-trap.md:10:13: error: cell 2 failed"), parallel.output)
    try assertSameReports("parallel", expected)
    XCTAssertEqual(try indexRows("parallel"), try indexRows("sequential"))
    let summaries = try ["sequential.json", "parallel.json"].map {
      try RunSummary.read(from: scratch.url($0))
    }
    XCTAssertEqual(
      Set(summaries[1].notebooks.map { "\($0.notebook) \($0.status)" }),
      Set(summaries[0].notebooks.map { "\($0.notebook) \($0.status)" }))

    var shares: [Set<String>] = []
    for shard in ["1/2", "2/2"] {
      let output = "shard-\(shard.prefix(1))"
      let run = try scratch.nbrun(["--shard", shard, "-o", output] + notebooks)
      XCTAssertTrue([0, 1].contains(run.status), run.output)
      shares.append(Set(try reports(in: output).keys))
    }
    XCTAssertEqual(shares[0].intersection(shares[1]), [], "each notebook in one shard only")
    XCTAssertEqual(shares[0].union(shares[1]), Set(expected.keys))
    XCTAssertEqual(shares.map(\.count), [3, 3], "no durations known: dealt out in turn")

    let merge = try scratch.nbrun(["index", "-o", "merged", "shard-1", "shard-2"])
    XCTAssertEqual(merge.status, 0, merge.output)
    XCTAssertTrue(merge.output.contains("lists 6 merged reports"), merge.output)
    try assertSameReports("merged", expected)
    XCTAssertEqual(try indexRows("merged"), try indexRows("sequential"))
    XCTAssertEqual(try indexRows("merged").count, 6)
    // The figures and pages came along.
    XCTAssertEqual(
      try scratch.read("merged/labels/index.html"),
      try scratch.read("shard-\(shares[0].contains("labels") ? 1 : 2)/labels/index.html"))

    // A folder of a report's name that nbrun did not make stays.
    try FileManager.default.createDirectory(at: scratch.url("mine/claims"), withIntermediateDirectories: true)
    let refused = try scratch.nbrun(["index", "-o", "mine", "sequential"])
    XCTAssertEqual(refused.status, 1, refused.output)
    XCTAssertTrue(refused.output.contains("is not a report nbrun made"), refused.output)
    let missing = try scratch.nbrun(["index", "-o", "merged", "nowhere"])
    XCTAssertEqual(missing.status, 1)
    XCTAssertTrue(missing.output.contains("no output folder at 'nowhere'"), missing.output)
  }

  func testEachOfNParallelNotebooksIsToldItsShareOfTheCores() throws {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    XCTAssertEqual(try scratch.nbrun(["-o", "one", "cores.md"]).status, 0)
    XCTAssertTrue(try scratch.read("one/cores/index.html").contains("kernel threads: \(cores)"))
    XCTAssertEqual(try scratch.nbrun(["-j", "2", "-o", "two", "cores.md", "minimal.md"]).status, 0)
    XCTAssertTrue(try scratch.read("two/cores/index.html").contains("kernel threads: \(max(1, cores / 2))"))
  }

  func testShardsAreBalancedByDurationDeterministicAndCoverEveryNotebook() {
    let paths = ["a", "b", "c", "d", "e"]
    let durations = ["a": 100.0, "b": 10, "c": 60, "d": 50, "e": 5]
    let plan = Shard.plan(paths, count: 2, durations: durations)
    // a (100) and c (60) open the shares, d (50) joins c, b (10) a, e (5) the lower on a tie.
    XCTAssertEqual(plan, [["a", "b", "e"], ["c", "d"]])
    XCTAssertEqual(Shard.plan(paths, count: 2, durations: durations), plan)
    XCTAssertEqual(Shard.plan(paths, count: 2, durations: [:]), [["a", "c", "e"], ["b", "d"]])
    // Unknown durations count as the mean of the known ones (40 here).
    XCTAssertEqual(
      Shard.plan(["x", "y", "z"], count: 2, durations: ["x": 70, "y": 10]), [["x"], ["y", "z"]])
    XCTAssertEqual(Shard.plan(["x"], count: 3, durations: [:]), [["x"], [], []])
    XCTAssertEqual(Shard(parsing: "2/3"), Shard(index: 2, count: 3))
    for bad in ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3"] { XCTAssertNil(Shard(parsing: bad), bad) }
  }

  func testTheSlurmScriptGivesEachTaskItsShareQuotedForBash() throws {
    let array = SlurmArray(
      executable: "/x/nbrun", flags: ["--output", "/o"], notebooks: ["a.md", "it's.md"],
      shares: [["a.md"], ["it's.md"], []], output: URL(fileURLWithPath: "/o"), sbatchOptions: [])
    let script = array.script(jobFolder: URL(fileURLWithPath: "/o/.slurm/j"), directory: "/w")
    XCTAssertTrue(script.contains("#SBATCH --array=1-2\n"), "an empty share is no task\n\(script)")
    XCTAssertTrue(script.contains("  2) only=(--only 'it'\\''s.md') ;;"), script)
    XCTAssertTrue(
      script.contains(
        "exec '/x/nbrun' '--output' '/o' --summary '/o/.slurm/j'/summary-\"$SLURM_ARRAY_TASK_ID\".json "
          + "\"${only[@]}\" -- 'a.md' 'it'\\''s.md'"), script)
    let file = scratch.url("job.sbatch")
    try Data(script.utf8).write(to: file)
    let syntax = try ChildProcess.run(Command(["bash", "-n", file.path]))
    XCTAssertEqual(syntax.status, 0, syntax.outputText)
  }
}
