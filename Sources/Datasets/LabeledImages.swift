import NNCore

/// Images with their class labels: `images` is `[N, height, width, 1]` with
/// pixels in `0...1`, `labels[i]` the digit (or garment) of image `i`.
public struct LabeledImages: Codable {
  public var images: Tensor
  public var labels: [Int]

  public init(images: Tensor, labels: [Int]) {
    precondition(images.batchSize == labels.count, "\(images.batchSize) images but \(labels.count) labels")
    self.images = images
    self.labels = labels
  }

  public var count: Int { labels.count }

  /// Each image flattened to one row: `[N, height * width]`, for dense models.
  public var flat: Tensor { images.reshaped([count, -1]) }

  /// The first `n` images (all of them when fewer).
  public func prefix(_ n: Int) -> LabeledImages {
    let n = min(n, count)
    return LabeledImages(images: images[0..<n], labels: Array(labels[..<n]))
  }

  /// The images from the `start`-th on (none when there are fewer).
  public func suffix(from start: Int) -> LabeledImages {
    let start = min(start, count)
    return LabeledImages(images: images[start..<count], labels: Array(labels[start...]))
  }

  /// Builds a set from an image IDX file and a label IDX file.
  static func read(images imagePath: String, labels labelPath: String) throws -> LabeledImages {
    let images = try IDXFile.read(imagePath)
    let labels = try IDXFile.read(labelPath)
    guard images.dimensions.count == 3 else {
      throw DatasetError(
        file: imagePath, problem: "has dimensions \(images.dimensions), expected [count, rows, columns]")
    }
    guard labels.dimensions.count == 1 else {
      throw DatasetError(file: labelPath, problem: "has dimensions \(labels.dimensions), expected [count]")
    }
    guard images.dimensions[0] == labels.dimensions[0] else {
      throw DatasetError(
        file: labelPath,
        problem: "has \(labels.dimensions[0]) labels but \(imagePath) has \(images.dimensions[0]) images")
    }
    let (n, rows, columns) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
    return LabeledImages(
      images: Tensor(pixels: images.values, shape: [n, rows, columns, 1]), labels: labels.values.map(Int.init)
    )
  }
}
