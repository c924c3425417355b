// Element-wise arithmetic with broadcasting and scalar operands,
// differentiable. An operand that was broadcast gets the gradient summed
// over the axes it was repeated along (`summed(toShape:)`).

extension Tensor {
  /// Applies `op` to corresponding elements of two tensors whose shapes
  /// broadcast (see `broadcastShape`): a `[1, 28, 28, 1]` noise pattern
  /// added to a `[10000, 28, 28, 1]` batch is added to every image.
  func zipped(with other: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
    guard shape != other.shape else {
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
    let outputShape = Tensor.broadcastShape(shape, other.shape)
    let (left, right) = (broadcastStrides(to: outputShape), other.broadcastStrides(to: outputShape))
    return Tensor(shape: outputShape, zeroed: false) { out in
      storage.withUnsafeBufferPointer { a in
        other.storage.withUnsafeBufferPointer { b in
          forEachIndex(of: outputShape) { i, index in
            out[i] = op(a[offset(index, left)], b[offset(index, right)])
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
    lhs.zipped(with: rhs, +).recorded(from: [lhs, rhs]) { [a = lhs.shape, b = rhs.shape] g in
      [g.summed(toShape: a), g.summed(toShape: b)]
    }
  }

  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, -).recorded(from: [lhs, rhs]) { [a = lhs.shape, b = rhs.shape] g in
      [g.summed(toShape: a), (-g).summed(toShape: b)]
    }
  }

  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, *).recorded(from: [lhs, rhs]) { [a = lhs.detached, b = rhs.detached] g in
      [g.zipped(with: b, *).summed(toShape: a.shape), g.zipped(with: a, *).summed(toShape: b.shape)]
    }
  }

  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    lhs.zipped(with: rhs, /).recorded(from: [lhs, rhs]) { [a = lhs.detached, b = rhs.detached] g in
      [
        g.zipped(with: b, /).summed(toShape: a.shape),
        g.zipped(with: a, *).zipped(with: b) { -$0 / ($1 * $1) }.summed(toShape: b.shape),
      ]
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
