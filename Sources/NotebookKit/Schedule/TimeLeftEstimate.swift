/// How long a notebook has left, from its last run's per-cell durations
/// (its report's `run.json`) and the running cell's own progress (the
/// fraction `fit` and `progress(fraction:)` report).
public struct TimeLeftEstimate: Sendable, Equatable {
  /// Seconds each cell took last time; nil where it did not run.
  public var previousCells: [Double?]
  public var previousCompile: Double?

  public init(previousCells: [Double?], previousCompile: Double?) {
    self.previousCells = previousCells
    self.previousCompile = previousCompile
  }

  /// From the last report's record, when it had as many cells (else a
  /// cell's time would be another cell's).
  public init(record: RunRecord?, cellCount: Int) {
    guard let record, record.result.cells.count == cellCount else {
      self.init(previousCells: Array(repeating: nil, count: cellCount), previousCompile: nil)
      return
    }
    self.init(
      previousCells: record.result.cells.map(\.seconds),
      previousCompile: record.result.compileSeconds > 0 ? record.result.compileSeconds : nil)
  }

  /// Below this share done, a fraction says too little to extrapolate from.
  static let leastFraction = 0.02

  /// Seconds left in the running cell: extrapolated from its fraction
  /// done when it reports one, else what it took last time minus what it
  /// has run (never below zero).
  public func cellLeft(cell: Int, elapsed: Double, fraction: Double?) -> Double? {
    if let fraction, fraction >= Self.leastFraction {
      return elapsed * (1 - fraction) / fraction
    }
    guard previousCells.indices.contains(cell), let previous = previousCells[cell] else { return nil }
    return max(previous - elapsed, 0)
  }

  /// Seconds left in the notebook with `cell` running; nil when a cell
  /// still to come has no previous time.
  public func notebookLeft(cell: Int, elapsed: Double, fraction: Double?) -> Double? {
    guard let current = cellLeft(cell: cell, elapsed: elapsed, fraction: fraction) else { return nil }
    return rest(after: cell).map { current + $0 }
  }

  /// Seconds left while the program compiles.
  public func notebookLeftWhileCompiling(elapsed: Double) -> Double? {
    guard let compile = previousCompile else { return nil }
    return rest(after: -1).map { max(compile - elapsed, 0) + $0 }
  }

  private func rest(after cell: Int) -> Double? {
    var total = 0.0
    for previous in previousCells.dropFirst(cell + 1) {
      guard let previous else { return nil }
      total += previous
    }
    return total
  }
}
