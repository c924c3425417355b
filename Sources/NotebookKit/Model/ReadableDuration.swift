import Foundation

/// A duration as a person reads it: "8 s", "2 min 05 s", "1 h 02 min". The
/// terminal's progress and plans, and the index's reused cells, say it alike.
public func readableDuration(seconds: Double) -> String {
  let whole = Int(seconds.rounded())
  if whole < 60 { return "\(whole) s" }
  if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
  return String(format: "%d h %02d min", whole / 3600, whole / 60 % 60)
}
