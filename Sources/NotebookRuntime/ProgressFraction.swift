import Foundation

/// Tells the runner how much of the running cell's work is done, 0...1, so
/// the terminal can estimate the time left, e.g. in a loop of your own:
/// `progress(fraction: Double(step) / Double(steps))`. `fit` reports it
/// already. Calls closer together than a fifth of a second are dropped.
public func progress(fraction: Double) {
  NotebookSession.shared.progress(fraction: fraction)
}
