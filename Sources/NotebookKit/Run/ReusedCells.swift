import Foundation

/// The cells a run takes from the last run (`ReusePlan`): their results go
/// into the new run's in place of running them, their figures and files
/// into the new report.
struct ReusedCells {
  let previous: RunRecord
  /// The last reused cell: cells `0...last` are reused.
  let last: Int

  init(from previous: RunRecord, through last: Int) {
    self.previous = previous
    self.last = last
  }

  /// `result` (of a program that ran the cells after `last`) with the
  /// reused cells' results, data sets and comparisons put first.
  func merged(into result: RunResult) -> RunResult {
    var merged = result
    let reused = previous.result.cells[0...last].map { cell in
      var cell = cell
      let from = cell.state?.reusedFrom ?? previous.environment.date
      cell.state?.reusedFrom = from
      return cell
    }
    merged.cells.replaceSubrange(0...last, with: reused)
    var datasets: [String] = []
    for dataset in reused.flatMap(\.datasets) + result.datasets where !datasets.contains(dataset) {
      datasets.append(dataset)
    }
    merged.datasets = datasets
    merged.comparisons = reused.flatMap(\.comparisons) + result.comparisons
    return merged
  }

  /// Copies the reused cells' figures (`cellNN-k.ext`, numbered from 1) and
  /// the files cells wrote with `reportFile` from the last report into
  /// `staging`. nbrun's own files (the page, the record, the folders) stay.
  func copyFiles(from report: URL, to staging: URL) throws {
    let fileManager = FileManager.default
    let figures = report.appendingPathComponent("figures")
    let prefixes = (0...last).map { String(format: "cell%02d-", $0 + 1) }
    for name in (try? fileManager.contentsOfDirectory(atPath: figures.path)) ?? []
    where prefixes.contains(where: name.hasPrefix) {
      try fileManager.copyItem(
        at: figures.appendingPathComponent(name),
        to: staging.appendingPathComponent("figures").appendingPathComponent(name))
    }
    let ownNames: Set = ["index.html", ReportFolder.recordFile, "figures", ReportFolder.lastGoodFolder]
    for name in (try? fileManager.contentsOfDirectory(atPath: report.path)) ?? []
    where !ownNames.contains(name)
      && !fileManager.fileExists(atPath: staging.appendingPathComponent(name).path)
    {
      try fileManager.copyItem(
        at: report.appendingPathComponent(name), to: staging.appendingPathComponent(name))
    }
  }
}
