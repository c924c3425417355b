import Foundation

/// What tells the cache that a file changed without reading it: its size and
/// modification time, `size:seconds` (a rebuilt library, a replaced
/// compiler, a new data file). Nil when there is no regular file at `path`.
enum FileFingerprint {
  static func of(_ path: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular
    else { return nil }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(size):\(date)"
  }
}
