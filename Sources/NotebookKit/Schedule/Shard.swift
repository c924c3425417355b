import Foundation

/// `--shard i/n`: the i-th of n deterministic shares of the notebooks
/// given, so a CI matrix or a cluster array can split them. The shares are
/// balanced by each notebook's previous duration when its report holds one.
public struct Shard: Sendable, Equatable {
  /// From 1.
  public var index: Int
  public var count: Int

  public init?(index: Int, count: Int) {
    guard count >= 1, (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Parses `i/n`, 1 ≤ i ≤ n.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
    self.init(index: index, count: count)
  }

  /// This shard's notebooks, in the order given.
  public func select(_ paths: [String], durations: [String: Double]) -> [String] {
    Self.plan(paths, count: count, durations: durations)[index - 1]
  }

  /// Splits `paths` into `count` shares: longest first, each to the share
  /// with the least time so far (the lower share on a tie). A notebook of
  /// unknown duration counts as the mean of the known ones (as 1 s when
  /// none is known, which deals them out in turn). Each share keeps the
  /// order of `paths`, and the same input always gives the same plan.
  public static func plan(_ paths: [String], count: Int, durations: [String: Double]) -> [[String]] {
    let known = paths.compactMap { durations[$0] }
    let fallback = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
    let order = paths.indices.sorted { a, b in
      let (da, db) = (durations[paths[a]] ?? fallback, durations[paths[b]] ?? fallback)
      return da != db ? da > db : a < b
    }
    var loads = Array(repeating: 0.0, count: count)
    var members = Array(repeating: [Int](), count: count)
    for position in order {
      let share = loads.indices.min { loads[$0] != loads[$1] ? loads[$0] < loads[$1] : $0 < $1 }!
      loads[share] += durations[paths[position]] ?? fallback
      members[share].append(position)
    }
    return members.map { $0.sorted().map { paths[$0] } }
  }
}

/// Each run's duration in its last report (compile and run), where
/// `output` holds one, by `RunUnit.id`: what shards and `-j` balance by.
public enum PreviousDurations {
  public static func read(_ units: [RunUnit], output: URL) -> [String: Double] {
    var durations: [String: Double] = [:]
    for unit in units {
      if let record = ReportFolder(final: output.appendingPathComponent(unit.reportName)).existingRecord {
        durations[unit.id] = record.result.seconds + record.result.compileSeconds
      }
    }
    return durations
  }
}
