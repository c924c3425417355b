// Element-wise arithmetic with same-shape and scalar operands, differentiable.

extension Tensor {
  /// Applies `op` to corresponding elements of two same-shape tensors.
  func zipped(with other: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
    precondition(
      shape == other.shape,
      "element-wise operation needs equal shapes, got \(shape) and \(other.shape)")
    return Tensor(shape: shape, zeroed: false) { out in
      storage.withUnsafeBufferPointer { a in
        other.storage.withUnsafeBufferPointer { b in
          _ = parallelChunks(out.count, minimumPerChunk: elementsPerChunk) { _, range in
            for i in range { out[i] = op(a[i], b[i]) }
          }
        }
      }
    }
  }

  /// Applies `op` to every element (no recording: callers attach gradients).
  public func map(_ op: (Float) -> Float) -> Tensor {
    Tensor(shape: shape, zeroed: false) { out in
      storage.withUnsafeBufferPointer { a in
        _ = parallelChunks(out.count, minimumPerChunk: elementsPerChunk) { _, range in
          for i in range { out[i] = op(a[i]) }
        }
      }
    }
  }

  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, +).recorded(from: [lhs, rhs]) { g in [g, g] }
  }

  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, -).recorded(from: [lhs, rhs]) { g in [g, -g] }
  }

  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, *).recorded(from: [lhs, rhs]) { g in
      [g.zipped(with: rhs.detached, *), g.zipped(with: lhs.detached, *)]
    }
  }

  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, /).recorded(from: [lhs, rhs]) { g in
      let b = rhs.detached
      let a = lhs.detached
      return [g.zipped(with: b, /), g.zipped(with: a, *).zipped(with: b) { -$0 / ($1 * $1) }]
    }
  }

  public static prefix func - (x: Tensor) -> Tensor {
    x.map { -$0 }.recorded(from: [x]) { g in [g.map { -$0 }] }
  }

  public static func + (lhs: Tensor, rhs: Float) -> Tensor {
    lhs.map { $0 + rhs }.recorded(from: [lhs]) { g in [g] }
  }

  public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs + (-rhs) }

  public static func * (lhs: Tensor, rhs: Float) -> Tensor {
    lhs.map { $0 * rhs }.recorded(from: [lhs]) { g in [g.map { $0 * rhs }] }
  }

  public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs * (1 / rhs) }

  public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs + lhs }
  public static func - (lhs: Float, rhs: Tensor) -> Tensor { -rhs + lhs }
  public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs * lhs }

  public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
  public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
  public static func *= (lhs: inout Tensor, rhs: Float) { lhs = lhs * rhs }

  /// Squares every element.
  public func squared() -> Tensor {
    map { $0 * $0 }.recorded(from: [self]) { [detached] g in
      [g.zipped(with: detached) { $0 * 2 * $1 }]
    }
  }

  /// Limits every element to `range` (gradient zero outside it), e.g. to keep
  /// noisy pixels in `0...1`.
  public func clipped(to range: ClosedRange<Float>) -> Tensor {
    map { Swift.min(Swift.max($0, range.lowerBound), range.upperBound) }.recorded(from: [self]) {
      [detached] g in
      [g.zipped(with: detached) { range.contains($1) ? $0 : 0 }]
    }
  }
}
