/// Max pooling over `size` windows of NHWC images.
///
/// `MaxPool2D(size: 2, padding: .same)` maps 7x7 to 4x4. Used as a layer it
/// returns the pooled images; `pooledWithIndices` also returns where each
/// maximum came from, a value to hand to `maxUnpool` (TensorFlow's
/// `max_pool_with_argmax`, PyTorch's `return_indices=True`).
public final class MaxPool2D: Layer, Codable {
  public let size: Size2D
  public let stride: Size2D
  public let padding: Padding

  /// A pooling window of `size`, moved by `stride` (default: the window).
  public init(size: Size2D = 2, stride: Size2D? = nil, padding: Padding = .same) {
    self.size = size
    self.stride = stride ?? size
    self.padding = padding
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4 else {
      throw ShapeError(layer: constructor, expected: "[N, height, width, channels]", actual: inputShape)
    }
    let rows = padding.resolve(input: inputShape[1], window: size.height, stride: stride.height)
    let cols = padding.resolve(input: inputShape[2], window: size.width, stride: stride.width)
    return [inputShape[0], rows.output, cols.output, inputShape[3]]
  }

  /// The pooled images. Outside training (an input nothing records) no
  /// argmax is kept: only a gradient needs it.
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    if x.isRecorded { return try pooledWithIndices(x).output }
    let outputShape = try outputShape(for: x.shape)
    return Tensor(shape: outputShape, zeroed: false) { out in pool(x, into: out, argmax: nil) }
  }

  /// The pooled images, and for every output element the index of its
  /// maximum in `x` (ties go to the first element in scan order).
  public func pooledWithIndices(_ x: Tensor) throws -> (output: Tensor, indices: PoolingIndices) {
    let outputShape = try outputShape(for: x.shape)
    // The argmax is kept as Int32, half the memory of Int and eight lanes
    // of a SIMD register; a batch too large for it is refused, not wrapped.
    guard x.count <= Int(Int32.max) else {
      throw ShapeError(
        layer: constructor, expected: "at most \(Int(Int32.max).grouped) elements per batch",
        actual: x.shape, hint: "pool the batch in parts")
    }
    var indices = [Int32](repeating: 0, count: outputShape.reduce(1, *))
    let y = Tensor(shape: outputShape, zeroed: false) { out in
      indices.withUnsafeMutableBufferPointer { pool(x, into: out, argmax: $0.baseAddress!) }
    }
    let output = y.recorded(from: [x]) { [inputShape = x.shape] g in
      [g.scattered(to: .batch(indices), shape: inputShape)]
    }
    return (output, PoolingIndices(indices: indices, inputShape: x.shape, outputShape: outputShape))
  }

  /// Writes each window's maxima to `out` and, if `argmax` is given, where
  /// each came from. One share of the batch per core; each window is
  /// scanned tap by tap with all channels in the inner loop, which
  /// vectorises.
  private func pool(
    _ x: Tensor, into out: UnsafeMutableBufferPointer<Float>, argmax: UnsafeMutablePointer<Int32>?
  ) {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let rows = padding.resolve(input: h, window: size.height, stride: stride.height)
    let cols = padding.resolve(input: w, window: size.width, stride: stride.width)
    x.withUnsafeBufferPointer { input in
      _ = parallelChunks(n) { _, samples in
        var o = samples.lowerBound * rows.output * cols.output * c
        for b in samples {
          for oh in 0..<rows.output {
            let top = oh * stride.height - rows.padBefore
            let taps = max(top, 0)..<min(top + size.height, h)
            for ow in 0..<cols.output {
              let left = ow * stride.width - cols.padBefore
              let columns = max(left, 0)..<min(left + size.width, w)
              let first = ((b * h + taps.lowerBound) * w + columns.lowerBound) * c
              let best = out.baseAddress! + o
              best.update(from: input.baseAddress! + first, count: c)
              if let from = argmax.map({ $0 + o }) {
                for ch in 0..<c { from[ch] = Int32(truncatingIfNeeded: first + ch) }
                for ih in taps {
                  for iw in columns {
                    let tap = ((b * h + ih) * w + iw) * c
                    keepLarger(
                      of: input.baseAddress! + tap, at: Int32(truncatingIfNeeded: tap), best, from, c)
                  }
                }
              } else {
                for ih in taps {
                  for iw in columns {
                    keepLarger(of: input.baseAddress! + ((b * h + ih) * w + iw) * c, best, c)
                  }
                }
              }
              o += c
            }
          }
        }
      }
    }
  }

  /// Where a tap's channels exceed the maxima so far, takes them, eight
  /// channels per instruction (the comparison `keepLarger(of:at:...)` makes).
  @inline(__always)
  private func keepLarger(of tap: UnsafePointer<Float>, _ best: UnsafeMutablePointer<Float>, _ channels: Int)
  {
    var ch = 0
    while ch + 8 <= channels {
      let value = tap.vector(at: ch, as: SIMD8<Float>.self)
      var maximum = best.vector(at: ch, as: SIMD8<Float>.self)
      maximum.replace(with: value, where: value .> maximum)
      best.store(maximum, at: ch)
      ch += 8
    }
    for ch in ch..<channels where tap[ch] > best[ch] { best[ch] = tap[ch] }
  }

  /// Where a tap's channels exceed the maxima so far, takes them and their
  /// indices (`index` is the tap's first), eight channels per instruction.
  @inline(__always)
  private func keepLarger(
    of tap: UnsafePointer<Float>, at index: Int32, _ best: UnsafeMutablePointer<Float>,
    _ from: UnsafeMutablePointer<Int32>, _ channels: Int
  ) {
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    var ch = 0
    while ch + 8 <= channels {
      let value = tap.vector(at: ch, as: SIMD8<Float>.self)
      var maximum = best.vector(at: ch, as: SIMD8<Float>.self)
      var source = from.vector(at: ch, as: SIMD8<Int32>.self)
      let better = value .> maximum
      maximum.replace(with: value, where: better)
      source.replace(with: SIMD8(repeating: index &+ Int32(truncatingIfNeeded: ch)) &+ lanes, where: better)
      best.store(maximum, at: ch)
      from.store(source, at: ch)
      ch += 8
    }
    for ch in ch..<channels where tap[ch] > best[ch] {
      best[ch] = tap[ch]
      from[ch] = index &+ Int32(truncatingIfNeeded: ch)
    }
  }

  public var isSampleWise: Bool { true }

  public var constructor: String {
    var parts = ["size: \(size)"]
    if stride != size { parts.append("stride: \(stride)") }
    if padding != .same { parts.append("padding: .\(padding)") }
    return "MaxPool2D(\(parts.joined(separator: ", ")))"
  }
}
