// Sums, means and maxima, over everything or along one axis.

extension Tensor {
  /// The sum of all elements, as a scalar tensor.
  public func sum() -> Tensor {
    var total: Double = 0  // Double: losses sum up to millions of terms.
    storage.withUnsafeBufferPointer { for v in $0 { total += Double(v) } }
    let shape = self.shape
    return Tensor(scalar: Float(total)).recorded(from: [self]) { g in
      [Tensor(repeating: g.scalar, shape: shape)]
    }
  }

  /// The mean of all elements, as a scalar tensor.
  public func mean() -> Tensor {
    sum() * (1 / Float(Swift.max(count, 1)))
  }

  /// The largest element (not differentiable).
  public func max() -> Float {
    storage.max() ?? -.infinity
  }

  /// The smallest element (not differentiable).
  public func min() -> Float {
    storage.min() ?? .infinity
  }

  /// Sums along `axis`, removing it.
  public func sum(alongAxis axis: Int) -> Tensor {
    reduce(alongAxis: axis, initial: 0, +).recorded(from: [self]) { [shape] g in
      [g.broadcast(alongAxis: axis, to: shape)]
    }
  }

  /// Averages along `axis`, removing it.
  public func mean(alongAxis axis: Int) -> Tensor {
    sum(alongAxis: axis) * (1 / Float(shape[axis]))
  }

  /// The maximum along `axis`, removing it (not differentiable).
  public func max(alongAxis axis: Int) -> Tensor {
    reduce(alongAxis: axis, initial: -.infinity) { Swift.max($0, $1) }
  }

  /// Views the shape as `[outer, axis, inner]` around `axis`.
  private func split(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
    precondition(axis >= 0 && axis < rank, "axis \(axis) is outside a tensor of shape \(shape)")
    return (
      shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *)
    )
  }

  private func reduce(alongAxis axis: Int, initial: Float, _ op: (Float, Float) -> Float)
    -> Tensor
  {
    let (outer, length, inner) = split(at: axis)
    var reducedShape = shape
    reducedShape.remove(at: axis)
    var result = Tensor(repeating: initial, shape: reducedShape)
    result.withUnsafeMutableBufferPointer { out in
      storage.withUnsafeBufferPointer { a in
        for o in 0..<outer {
          for l in 0..<length {
            let row = (o * length + l) * inner
            for i in 0..<inner { out[o * inner + i] = op(out[o * inner + i], a[row + i]) }
          }
        }
      }
    }
    return result
  }

  /// Repeats `self` (which lacks `axis`) along `axis` to fill `shape`.
  private func broadcast(alongAxis axis: Int, to shape: [Int]) -> Tensor {
    let outer = shape[..<axis].reduce(1, *)
    let length = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    return Tensor(shape: shape) { out in
      storage.withUnsafeBufferPointer { a in
        for o in 0..<outer {
          for l in 0..<length {
            for i in 0..<inner { out[(o * length + l) * inner + i] = a[o * inner + i] }
          }
        }
      }
    }
  }
}
