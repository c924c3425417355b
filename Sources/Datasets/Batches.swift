import NNCore

extension Tensor {
  /// The tensor cut into batches of `size` along the first axis, in a
  /// seeded random order when `shuffled`. The last batch holds the
  /// remainder (smaller than `size`) unless `dropRemainder`.
  public func batches(of size: Int, shuffled: Bool = false, dropRemainder: Bool = false) -> [Tensor] {
    batchIndices(count: batchSize, size: size, shuffled: shuffled, dropRemainder: dropRemainder)
      .map { gathering(samples: $0) }
  }

  /// Adds `factor * N(0, 1)` noise, as the denoising posts do.
  public func addingNoise(_ factor: Float) -> Tensor {
    self + Tensor.randomNormal(like: self) * factor
  }
}

extension LabeledImages {
  /// Batches of images with their labels; see `Tensor.batches`.
  public func batches(of size: Int, shuffled: Bool = false, dropRemainder: Bool = false) -> [LabeledImages] {
    batchIndices(count: count, size: size, shuffled: shuffled, dropRemainder: dropRemainder).map {
      LabeledImages(images: images.gathering(samples: $0), labels: $0.map { labels[$0] })
    }
  }
}

/// Index lists of the batches of `0..<count`.
func batchIndices(count: Int, size: Int, shuffled: Bool, dropRemainder: Bool) -> [[Int]] {
  precondition(size > 0, "batch size must be positive, got \(size)")
  let order = shuffled ? Array(0..<count).seededShuffle() : Array(0..<count)
  let end = dropRemainder ? count - count % size : count
  return stride(from: 0, to: end, by: size).map { Array(order[$0..<min($0 + size, end)]) }
}
