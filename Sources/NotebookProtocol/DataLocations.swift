import Foundation

/// Where the notebooks' data files live: one list for the program that
/// reads them (`Datasets`) and the runner that keys its caches by them
/// (a changed data file must run the cells that read it again).
public enum DataLocations {
  /// The variable naming the data folder, and the folder without it (nbrun
  /// runs notebooks from the project root).
  public static let directoryVariable = "NBRUN_DATA_DIR"
  public static let defaultDirectory = "data"
  /// The variable naming the standard MNIST files' folder, else `<data>/mnist`.
  public static let mnistVariable = "MNIST_DIR"
  /// Debian's `dataset-fashion-mnist` package.
  public static let fashionMNISTFolder = "/usr/share/datasets/fashion-mnist"

  public static func dataDirectory(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    environment[directoryVariable] ?? defaultDirectory
  }

  public static func mnistFolder(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    environment[mnistVariable] ?? (dataDirectory(environment) as NSString).appendingPathComponent("mnist")
  }

  /// Every folder a notebook's data sets read from.
  public static func folders(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> [String]
  {
    [dataDirectory(environment), mnistFolder(environment), fashionMNISTFolder]
  }
}
