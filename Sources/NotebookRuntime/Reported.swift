import NotebookProtocol

/// Puts a figure the post reports beside the one this run measured; the
/// report gathers them in its "Reported vs reproduced" table.
///
/// - Parameters:
///   - name: what the figure is, e.g. "final validation loss (epoch 7)".
///   - post: the post's value, or nil when the post reports none.
///   - ours: the value this run measured.
///   - tolerance: the relative difference still counted as a match (0.25 = 25%).
///   - note: why the figures may differ (smaller data set, fewer epochs, ...).
public func reported(
  _ name: String, post: Double?, ours: Double, tolerance: Double = 0.25, note: String? = nil
) {
  let comparison = Comparison(
    name: name, reported: post, reproduced: ours, relativeTolerance: tolerance, note: note)
  NotebookSession.shared.send(.comparison(comparison))
  let postText = post.map { "\($0)" } ?? "not reported"
  print("reported vs reproduced: \(name): post \(postText), ours \(ours) (\(comparison.verdict))")
}

/// `reported` for a `Float` measurement.
public func reported(
  _ name: String, post: Double?, ours: Float, tolerance: Double = 0.25, note: String? = nil
) {
  reported(name, post: post, ours: Double(ours), tolerance: tolerance, note: note)
}
