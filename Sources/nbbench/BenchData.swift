import Datasets
import Foundation
import ModelZoo
import NNCore

/// What every side of the benchmark trains on: the first `images`
/// Fashion-MNIST training images, and post 000's noisy cosines (at most
/// 10,000). Drawn once per run, after `Random.seed(0)`, and handed to the
/// Python peers as raw float32 files, so all sides see the same numbers.
struct BenchData {
  var images: Tensor
  var signals: Tensor

  static func load(images count: Int) throws -> BenchData {
    Random.seed(0)
    let fashion = try FashionMNIST.load().train.images
    let images = fashion[0..<min(count, fashion.batchSize)]
    let signals = Signals.cosine(count: min(count, 10_000)).noisy
    return BenchData(images: images, signals: signals)
  }

  /// The samples `model` trains on, in its sample shape (`[784]` for the
  /// dense denoisers of post 001).
  func samples(for model: ZooModel) -> Tensor {
    let data = model.data == .signals ? signals : images
    return data.reshaped([data.batchSize] + model.sampleShape)
  }

  /// Where the peers find the data: a file name beside the export and its
  /// shape (NHWC, batch first).
  struct File: Codable {
    var file: String
    var shape: [Int]
  }

  /// Writes both tensors into `folder` as little-endian float32.
  func write(into folder: URL) throws -> [String: File] {
    var files: [String: File] = [:]
    for (name, tensor) in [("images", images), ("signals", signals)] {
      let file = "\(name).f32"
      let data = tensor.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
      try data.write(to: folder.appendingPathComponent(file), options: .atomic)
      files[name] = File(file: file, shape: tensor.shape)
    }
    return files
  }
}
