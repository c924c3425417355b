/// Tells whoever listens (the notebook runtime) which data set was loaded,
/// so a report can say what its figures were measured on.
public enum DataUsage {
  nonisolated(unsafe) public static var observer: ((String) -> Void)?

  static func report(_ dataset: ImageDataset) {
    observer?(dataset.description)
  }
}
