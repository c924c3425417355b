/// A dense, contiguous array of `Float`s with a shape, batch first.
///
/// Images are laid out NHWC (`[batch, height, width, channels]`), as in
/// TensorFlow, so that the posts' shapes carry over unchanged. `Tensor` is a
/// value: copies are cheap until one of them is written (copy on write).
///
/// ```swift
/// let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let y = (x * 2 + 1).sum()   // 48
/// ```
public struct Tensor {
  /// The extent of each axis; the product is `count`.
  public private(set) var shape: [Int]
  /// The elements in row-major order. A slice, so that taking a batch out
  /// of a dataset (`images[start..<end]`) copies nothing until written.
  private(set) var storage: ArraySlice<Float>
  /// Set while gradients are recorded: how this value was computed.
  var node: TapeNode?

  public init(shape: [Int], scalars: [Float]) {
    precondition(
      shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == scalars.count,
      "Tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.init(shape: shape, storage: scalars[...])
  }

  init(shape: [Int], storage: ArraySlice<Float>) {
    self.shape = shape
    self.storage = storage
  }

  /// The elements in row-major order, as an array: free for a tensor that
  /// owns its storage, a copy for a batch taken out of a larger one, so read
  /// it once rather than per element in a loop.
  public var scalars: [Float] { Array(storage) }

  /// A tensor of the given shape filled with `value`.
  public init(repeating value: Float, shape: [Int]) {
    self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) {
    self.init(repeating: 0, shape: shape)
  }

  /// A one-dimensional tensor.
  public init(_ scalars: [Float]) {
    self.init(shape: [scalars.count], scalars: scalars)
  }

  /// A tensor holding one number (shape `[]`).
  public init(scalar: Float) {
    self.init(shape: [], scalars: [scalar])
  }

  /// Builds a tensor by writing directly into fresh storage, zeroed unless
  /// `zeroed` is false, when `body` must write every element itself.
  init(
    shape: [Int], zeroed: Bool = true, initializingWith body: (UnsafeMutableBufferPointer<Float>) -> Void
  ) {
    _ = ComputeSetup.applied
    let count = shape.reduce(1, *)
    let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      if zeroed { buffer.initialize(repeating: 0) }
      body(buffer)
      initialized = count
    }
    self.init(shape: shape, scalars: scalars)
  }

  /// The number of elements.
  public var count: Int { storage.count }
  /// The number of axes.
  public var rank: Int { shape.count }
  /// The value of a one-element tensor, such as a loss.
  public var scalar: Float {
    precondition(count == 1, "`scalar` needs a one-element tensor, this one has shape \(shape)")
    return storage[storage.startIndex]
  }

  /// Read access to the elements without copying.
  public func withUnsafeBufferPointer<R>(
    _ body: (UnsafeBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeBufferPointer(body)
  }

  /// Write access to the elements; the shape stays as it is.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeMutableBufferPointer(body)
  }

  /// The same value, detached from any gradient recording.
  public var detached: Tensor { Tensor(shape: shape, storage: storage) }
}

extension Tensor: Equatable {
  /// Two tensors are equal when shapes and elements are; recording is ignored.
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    lhs.shape == rhs.shape && lhs.storage == rhs.storage
  }
}

// MARK: - Shape

extension Tensor {
  /// The same elements with another shape; one axis may be `-1` (inferred).
  public func reshaped(_ newShape: [Int]) -> Tensor {
    let resolved = Tensor.resolve(newShape, count: count)
    let result = Tensor(shape: resolved, storage: storage)
    let inputShape = shape
    return result.recorded(from: [self]) { grad in [grad.reshaped(inputShape)] }
  }

  static func resolve(_ shape: [Int], count: Int) -> [Int] {
    let inferred = shape.filter { $0 == -1 }.count
    precondition(inferred <= 1, "reshape: at most one axis can be -1, got \(shape)")
    if inferred == 1 {
      let known = shape.filter { $0 != -1 }.reduce(1, *)
      precondition(known > 0 && count % known == 0, "reshape: cannot reshape \(count) elements into \(shape)")
      return shape.map { $0 == -1 ? count / known : $0 }
    }
    precondition(shape.reduce(1, *) == count, "reshape: cannot reshape \(count) elements into \(shape)")
    return shape
  }

  /// The size of the first (batch) axis.
  public var batchSize: Int { shape.first ?? 1 }

  /// The elements of one sample, the shape of one sample.
  var sampleShape: [Int] { Array(shape.dropFirst()) }
  var sampleCount: Int { shape.dropFirst().reduce(1, *) }
}

// MARK: - Batch-axis indexing

extension Tensor {
  /// The samples in `range` along the first axis.
  public subscript(range: Range<Int>) -> Tensor {
    precondition(rank >= 1, "cannot slice a scalar tensor")
    precondition(
      range.lowerBound >= 0 && range.upperBound <= batchSize,
      "batch range \(range) is outside 0..<\(batchSize)")
    let stride = sampleCount
    let start = storage.startIndex
    let slice = storage[(start + range.lowerBound * stride)..<(start + range.upperBound * stride)]
    return Tensor(shape: [range.count] + sampleShape, storage: slice)
  }

  /// Samples in a partial range, e.g. `images[..<10]`.
  public subscript<R: RangeExpression>(range: R) -> Tensor where R.Bound == Int {
    self[range.relative(to: 0..<batchSize)]
  }

  /// One sample, keeping a batch axis of 1.
  public subscript(sample index: Int) -> Tensor {
    self[index..<(index + 1)]
  }

  /// The samples at `indices`, in that order (used to shuffle and take).
  public func gathering(samples indices: [Int]) -> Tensor {
    let stride = sampleCount
    return Tensor(shape: [indices.count] + sampleShape) { out in
      storage.withUnsafeBufferPointer { source in
        for (row, index) in indices.enumerated() {
          precondition(index >= 0 && index < batchSize, "sample index \(index) is outside 0..<\(batchSize)")
          let from = source.baseAddress! + index * stride
          (out.baseAddress! + row * stride).update(from: from, count: stride)
        }
      }
    }
  }

  /// Joins tensors along their first axis; the other axes must agree.
  public static func concatenating(_ tensors: [Tensor]) -> Tensor {
    precondition(!tensors.isEmpty, "concatenating needs at least one tensor")
    let sample = tensors[0].sampleShape
    precondition(
      tensors.allSatisfy { $0.sampleShape == sample },
      "concatenating needs equal sample shapes, got \(tensors.map(\.shape))")
    return Tensor(
      shape: [tensors.map(\.batchSize).reduce(0, +)] + sample,
      scalars: tensors.flatMap(\.storage))
  }
}

// MARK: - Channel-axis indexing

extension Tensor {
  /// The number of channels of a batch of NHWC images (the last axis).
  public var channelCount: Int { shape.last ?? 1 }

  /// Channel `c` of every element, keeping the channel axis (of 1): for
  /// NHWC images, one feature map per image, `[N, H, W, 1]`.
  public subscript(channel c: Int) -> Tensor {
    precondition(rank >= 1, "a scalar tensor has no channels")
    let channels = channelCount
    precondition(c >= 0 && c < channels, "channel \(c) is outside 0..<\(channels)")
    let outputShape = Array(shape.dropLast()) + [1]
    let picked = Tensor(shape: outputShape, zeroed: false) { out in
      storage.withUnsafeBufferPointer { source in
        for i in 0..<out.count { out[i] = source[i * channels + c] }
      }
    }
    return picked.recorded(from: [self]) { [shape] g in
      [
        Tensor(shape: shape) { out in
          g.withUnsafeBufferPointer { g in for i in 0..<g.count { out[i * channels + c] = g[i] } }
        }
      ]
    }
  }
}
