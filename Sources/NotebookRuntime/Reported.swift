import NotebookProtocol

/// Puts a figure the post reports beside the one this run measured; the
/// report gathers them in its "Reported vs reproduced" table.
///
/// - Parameters:
///   - name: what the figure is, e.g. "final validation loss (epoch 7)".
///   - post: the post's value, or nil when the post reports none.
///   - ours: the value this run measured.
///   - tolerance: the relative difference still counted as a match (0.25 = 25%).
///   - note: why that tolerance, or why the figures may differ.
public func reported(
  _ name: String, post: Double?, ours: Double, tolerance: Double = 0.25, note: String? = nil
) {
  NotebookSession.shared.send(
    .comparison(
      Comparison(name: name, reported: post, reproduced: ours, relativeTolerance: tolerance, note: note)))
}

/// `reported` for a `Float` measurement.
public func reported(
  _ name: String, post: Double?, ours: Float, tolerance: Double = 0.25, note: String? = nil
) {
  reported(name, post: post, ours: Double(ours), tolerance: tolerance, note: note)
}

/// `reported` for a figure that depends on the seed: one value per seed.
/// The table shows their mean and spread; it matches when the post's value
/// lies within the spread or within `tolerance` of the mean.
public func reported<Value: BinaryFloatingPoint>(
  _ name: String, post: Double?, seeds ours: [Value], tolerance: Double = 0.25, note: String? = nil
) {
  NotebookSession.shared.send(
    .comparison(
      Comparison(
        name: name, reported: post, runs: ours.map { Double($0) }, relativeTolerance: tolerance, note: note)))
}

/// Checks a sentence of the prose against this run: `claim("the output is
/// cleaner than its input", denoised < noisy)`. The report shows it with ✓
/// or ✗ where the cell ran, and a claim that does not hold marks the report
/// and nbrun's summary with a warning. Returns `holds`.
@discardableResult
public func claim(_ text: String, _ holds: Bool, evidence: String? = nil) -> Bool {
  NotebookSession.shared.send(
    .claim(cell: NotebookSession.shared.currentCell, Claim(text: text, holds: holds, evidence: evidence)))
  return holds
}
