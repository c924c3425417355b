/// Where a `MaxPool2D` found each maximum: what `maxUnpool` needs to put
/// the values back. A value, handed from the pool to the unpool by the code
/// that connects them, so no layer keeps state between forward passes.
public struct PoolingIndices: Sendable, Codable {
  /// For every element of the pooled batch, the flat index of its maximum
  /// in the input batch; below `Int32.max` (`pooledWithIndices` checks).
  let indices: [Int32]
  /// The shape of the batch the pool took in, and of what it gave out.
  public let inputShape: [Int]
  public let outputShape: [Int]
}

/// Max-unpooling: each value of `x` goes back to where the pool that made
/// `indices` found its maximum, in a zero batch of the pool's input shape.
///
/// ```swift
/// let (pooled, indices) = try pool.pooledWithIndices(x)
/// let restored = try maxUnpool(pooled, indices)   // x's shape, zeros but the maxima
/// ```
public func maxUnpool(_ x: Tensor, _ indices: PoolingIndices) throws -> Tensor {
  guard x.shape == indices.outputShape else {
    throw ShapeError(
      layer: "maxUnpool", expected: "the pool's output shape \(indices.outputShape)", actual: x.shape,
      hint: "unpool with the indices of the pool that made this batch")
  }
  let map = IndexMap.batch(indices.indices)
  return x.scattered(to: map, shape: indices.inputShape).recorded(from: [x]) { [shape = x.shape] g in
    [g.gathered(from: map, shape: shape)]
  }
}
