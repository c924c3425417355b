import Foundation
import NNCore

/// A train/test pair of labelled image sets, and where it came from, so a
/// report can say exactly which data a figure was measured on.
public struct ImageDataset: Codable {
  public var train: LabeledImages
  public var test: LabeledImages
  /// A human-readable origin, e.g. "MNIST (data/mnist)".
  public var source: String

  public var description: String {
    "\(source): \(train.count.grouped) training and \(test.count.grouped) test images"
  }

  /// Loads the four standard IDX files (`train-images-idx3-ubyte[.gz]`, ...)
  /// from `folder`.
  public static func standardFiles(in folder: String, name: String) throws -> ImageDataset {
    func file(_ stem: String) throws -> String {
      for candidate in ["\(stem).gz", stem] {
        let path = (folder as NSString).appendingPathComponent(candidate)
        if FileManager.default.fileExists(atPath: path) { return path }
      }
      throw DatasetError(
        file: (folder as NSString).appendingPathComponent(stem + "[.gz]"), problem: "is missing")
    }
    return ImageDataset(
      train: try .read(images: file("train-images-idx3-ubyte"), labels: file("train-labels-idx1-ubyte")),
      test: try .read(images: file("t10k-images-idx3-ubyte"), labels: file("t10k-labels-idx1-ubyte")),
      source: "\(name) (\(folder))")
  }

  /// Tells `DataUsage` about this data set and returns it.
  func reported() -> ImageDataset {
    DataUsage.report(self)
    return self
  }

  /// The split TensorFlow 1's `input_data.read_data_sets` makes: the first
  /// `size` training images (5,000 by default) are kept apart for
  /// validation, so posts that load MNIST that way train on 55,000 images
  /// and their epochs have 55,000 / batch size steps. Returns the training
  /// set without them, and them; the run record is told of the new sizes.
  public func holdingOutValidation(_ size: Int = 5_000) -> (ImageDataset, validation: LabeledImages) {
    let size = min(size, train.count)
    var copy = self
    copy.train = train.suffix(from: size)
    copy.source =
      "\(source), first \(size.grouped) training images held out for validation as TensorFlow does"
    return (copy.reported(), train.prefix(size))
  }

  /// At most `train` training and `test` test images, for quick runs; the
  /// run record is told of the smaller sizes.
  public func limited(train: Int? = nil, test: Int? = nil) -> ImageDataset {
    var copy = self
    if let train, train < copy.train.count { copy.train = copy.train.prefix(train) }
    if let test, test < copy.test.count { copy.test = copy.test.prefix(test) }
    guard copy.train.count < self.train.count || copy.test.count < self.test.count else { return self }
    copy.source = "\(source), limited to its first images"
    return copy.reported()
  }
}
