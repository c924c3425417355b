import Foundation

/// The Data line of a report and of the index: each data set once. A run
/// records every data set it loads or derives (`ImageDataset`'s
/// `"<source>: <sizes>"`, a derived one's source being its parent's with
/// `", <how>"` after it), so a notebook that loads MNIST and then holds out
/// a validation split recorded MNIST twice; here the split is a use of the
/// one data set.
enum DataSummary {
  static func line(_ descriptions: [String]) -> String {
    var groups: [(source: String, text: String)] = []
    for description in descriptions {
      let (source, sizes) = parts(description)
      if let index = groups.firstIndex(where: { source == $0.source || source.hasPrefix($0.source + ", ") }) {
        let how = source.dropFirst(groups[index].source.count).drop { $0 == "," || $0 == " " }
        guard !how.isEmpty else { continue }
        groups[index].text += " — also used as: \(how)" + (sizes.map { ", \($0)" } ?? "")
      } else {
        groups.append((source, description))
      }
    }
    return groups.map(\.text).joined(separator: "; ").nonEmpty ?? "none loaded"
  }

  /// `"MNIST (data/mnist)"` and `"60,000 training and 10,000 test images"`.
  private static func parts(_ description: String) -> (source: String, sizes: String?) {
    guard let colon = description.range(of: ": ", options: .backwards) else { return (description, nil) }
    return (String(description[..<colon.lowerBound]), String(description[colon.upperBound...]))
  }
}
