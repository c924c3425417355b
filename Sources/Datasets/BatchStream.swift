import NNCore

/// TensorFlow 0.12's `mnist.train.next_batch(size)`, which the TF1 posts
/// train from: the first pass in file order, a fresh seeded random order
/// for every later pass, and a pass's remainder that does not fill a batch
/// skipped. A class, as TensorFlow's `DataSet` is: every call moves it on.
///
/// ```swift
/// let stream = BatchStream(mnist.train.images, size: 50)
/// let x = stream.next()   // images 0..<50, then 50..<100, ...
/// ```
public final class BatchStream: Codable {
  public let images: Tensor
  public let size: Int
  private var order: [Int]
  private var position = 0

  /// A stream from which `served` batches have already been taken.
  public init(_ images: Tensor, size: Int, served: Int = 0) {
    precondition(size > 0 && size <= images.batchSize, "a batch of \(size) from \(images.batchSize) images")
    self.images = images
    self.size = size
    order = Array(0..<images.batchSize)
    for _ in 0..<served { _ = nextIndices() }
  }

  /// The next batch.
  public func next() -> Tensor {
    images.gathering(samples: Array(nextIndices()))
  }

  private func nextIndices() -> ArraySlice<Int> {
    if position + size > order.count { (order, position) = (Array(0..<order.count).seededShuffle(), 0) }
    defer { position += size }
    return order[position..<position + size]
  }
}
